/**
 * Local chain tooling (Node only): anvil from the npm package @foundry-rs/anvil, and the
 * deployment of the contracts with anvil's first development account.
 *
 *   npx tsx scripts/chain.ts [--port 8545] [--out public/deployments.json] [--no-deploy]
 *
 * starts (or reuses) anvil on 127.0.0.1, deploys VerifierRegistry and BountyManager (or, on a reused node, reuses
 * the deployment recorded in the out file when it is still there), writes the addresses for the
 * app, and keeps running until Ctrl-C. From code: `startAnvil({ port? })` → `{ url, stop() }`,
 * `deploy({ url })` and `deployOrReuse({ url, record })`. `npm start` (scripts/start.mjs) uses
 * the same functions.
 *
 * The anvil binary: @foundry-rs/anvil is a thin launcher whose real binary comes in a platform
 * package installed as its optional dependency (@foundry-rs/anvil-linux-amd64, -darwin-arm64,
 * …, with the binary at bin/anvil). It is spawned directly, without the launcher, so stop()
 * ends anvil itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, createWalletClient, encodeDeployData, getAddress, http, keccak256, type Address, type Hex, type PublicClient } from 'viem';
import { call, getCode } from 'viem/actions';
import { verifierRegistryBytecode } from '../src/chain/abi/verifier-registry.js';
import { bountyManagerAbi, bountyManagerBytecode } from '../src/chain/abi/bounty-manager.js';
import { checkChain } from '../src/chain/check-chain.js';
import { deployContracts } from '../src/chain/deploy-contracts.js';
import { parseDeployments, type Deployments } from '../src/chain/deployments.js';
import { ChainError } from '../src/chain/errors.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DEPLOYMENTS_FILE = path.join(ROOT, 'public/deployments.json');
const HOST = '127.0.0.1';

/** anvil's default chain id, the one `npm start` runs and reuses. */
export const DEV_CHAIN_ID = 31337;

/** anvil's development account #0 (from its public test mnemonic): its private key is public. */
export const ANVIL_ACCOUNT_0: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/**
 * The port is held by something we cannot use as the chain: not an Ethereum node, or a node of
 * another chain. `details`: port, host, holder (and chainId when it is a node of another chain).
 */
export class PortInUseError extends ChainError {
  override name = 'PortInUseError';
  readonly port: number;
  constructor(port: number, host: string, holder: string, opts: { cause?: unknown; chainId?: number; expectedChainId?: number } = {}) {
    const what = opts.chainId === undefined
      ? 'not an Ethereum node'
      : `an Ethereum node of chain ${opts.chainId}, not the expected chain ${opts.expectedChainId}`;
    super(`port ${port} on ${host} is in use by ${holder}, ${what}; stop it or choose another port`, {
      cause: opts.cause,
      details: { port, host, holder, ...(opts.chainId === undefined ? {} : { chainId: opts.chainId, expectedChainId: opts.expectedChainId }) },
    });
    this.port = port;
  }
}

/** anvil could not be started or did not answer. `details`: url, output (its last lines). */
export class AnvilStartError extends ChainError {
  override name = 'AnvilStartError';
}

/** Path of the anvil binary shipped by @foundry-rs/anvil's platform package. */
export function anvilBinary(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch (e) {
    throw new AnvilStartError(`anvil binary not found: ${pkg} is not installed (it is an optional dependency of @foundry-rs/anvil; run npm ci on a supported platform)`, { cause: e, details: { package: pkg } });
  }
}

/** What answers on a port: an Ethereum node, something else, or nothing. */
export type PortProbe =
  | { kind: 'free' }
  | { kind: 'eth'; chainId: number; clientVersion?: string }
  | { kind: 'other'; description: string };

async function rpc(url: string, method: string, timeoutMs = 1500): Promise<{ status: number; body: string; result?: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  try {
    const j = JSON.parse(body) as { result?: unknown };
    return { status: res.status, body, result: j.result };
  } catch {
    return { status: res.status, body };
  }
}

function portOpen(port: number, host = HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
  });
}

/** Which process listens on the port, if `ss` can tell (Linux): e.g. `node (pid 1234)`. */
export function portListener(port: number): string | undefined {
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const m = r.status === 0 ? /users:\(\("([^"]+)",pid=(\d+)/.exec(r.stdout) : null;
  return m ? `${m[1]} (pid ${m[2]})` : undefined;
}

export async function probePort(port: number, host = HOST): Promise<PortProbe> {
  if (!(await portOpen(port, host))) return { kind: 'free' };
  const url = `http://${host}:${port}`;
  const who = portListener(port);
  try {
    const r = await rpc(url, 'eth_chainId');
    if (typeof r.result === 'string' && /^0x[0-9a-f]+$/i.test(r.result)) {
      const v = await rpc(url, 'web3_clientVersion').catch(() => undefined);
      return { kind: 'eth', chainId: Number(r.result), clientVersion: typeof v?.result === 'string' ? v.result : undefined };
    }
    return { kind: 'other', description: `${who ?? 'a server'} answering HTTP ${r.status} (${r.body.slice(0, 80).replace(/\s+/g, ' ')})` };
  } catch (e) {
    return { kind: 'other', description: `${who ?? 'a process'} that does not speak HTTP JSON-RPC (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** A free TCP port on 127.0.0.1, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartAnvilOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Extra anvil arguments (e.g. ['--hardfork', 'prague']). */
  args?: string[];
  /** How long to wait for eth_chainId, ms (default 30 s). */
  timeoutMs?: number;
  /**
   * The chain id a node already on `port` must answer to be reused (any when omitted): another
   * chain there is a PortInUseError.
   */
  expectChainId?: number;
  /**
   * Run anvil in its own process group, so a Ctrl-C in the terminal reaches only the parent,
   * which then stops anvil itself, in order (scripts/start.mjs). Default false.
   */
  detached?: boolean;
}

/** How a started anvil ended. */
export interface AnvilExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last output lines. */
  output: string;
}

export interface AnvilInstance {
  url: string;
  port: number;
  chainId: number;
  /** True when an Ethereum node was already listening on the port and is used as is. */
  reused: boolean;
  /** Stops the anvil this call started (a reused node is left running). */
  stop(): Promise<void>;
  /** Settles when the anvil this call started exits, for whatever reason (undefined when reused). */
  exited?: Promise<AnvilExit>;
  /** Process id of the anvil this call started. */
  pid?: number;
}

/**
 * Starts anvil on 127.0.0.1 (on `port`, or a free one) and waits until it answers eth_chainId.
 * If an Ethereum node already listens on the given port it is reused; anything else there is
 * an error naming it.
 */
export async function startAnvil(opts: StartAnvilOptions = {}): Promise<AnvilInstance> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let port = opts.port;
  if (port !== undefined) {
    const p = await probePort(port);
    if (p.kind === 'eth') {
      if (opts.expectChainId !== undefined && p.chainId !== opts.expectChainId) {
        const who = portListener(port);
        const holder = [who, p.clientVersion].filter(Boolean).join(', ') || 'a node';
        throw new PortInUseError(port, HOST, holder, { chainId: p.chainId, expectedChainId: opts.expectChainId });
      }
      return { url: `http://${HOST}:${port}`, port, chainId: p.chainId, reused: true, stop: async () => {} };
    }
    if (p.kind === 'other') throw new PortInUseError(port, HOST, p.description);
  } else {
    port = await freePort();
  }
  const url = `http://${HOST}:${port}`;
  const child: ChildProcess = spawn(anvilBinary(), ['--host', HOST, '--port', String(port), ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  let output = '';
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: AnvilExit | undefined;
  const exit = new Promise<AnvilExit>((resolve) => child.once('exit', (code, signal) => { exited = { code, signal, output: output.trim() }; resolve(exited); }));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const onParentExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.once('exit', onParentExit);

  const stop = async () => {
    process.off('exit', onParentExit);
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
    await exit;
    clearTimeout(t);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = await Promise.race([spawnError, exit.then(() => undefined), new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (failed instanceof Error) { await stop(); throw new AnvilStartError(`could not start anvil: ${failed.message}`, { cause: failed, details: { url } }); }
    if (exited) throw new AnvilStartError(`anvil exited (${exited.code ?? exited.signal}) before answering:\n${output.trim()}`, { details: { url, output: output.trim() } });
    try {
      const r = await rpc(url, 'eth_chainId', 1000);
      if (typeof r.result === 'string') return { url, port, chainId: Number(r.result), reused: false, stop, exited: exit, pid: child.pid };
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stop(); throw new AnvilStartError(`anvil did not answer on ${url} within ${timeoutMs} ms:\n${output.trim()}`, { details: { url, output: output.trim() } }); }
  }
}

export interface DeployOptions {
  url: string;
  /** Where to write the deployment JSON (default public/deployments.json); null: don't write. */
  out?: string | null;
}

/**
 * Deploys the contracts from the node's first unlocked account (anvil's first development
 * account; no private key involved) and writes { chainId, addresses } for the app.
 */
export async function deploy(opts: DeployOptions): Promise<Deployments> {
  const client = createWalletClient({ transport: http(opts.url, { retryCount: 0 }) });
  await checkChain(client);
  const accounts = (await client.request({ method: 'eth_accounts' })) as Address[];
  if (!accounts.length) throw new ChainError(`the node at ${opts.url} has no unlocked account to deploy from (is it anvil?)`, { details: { url: opts.url } });
  const r = await deployContracts(client, { account: getAddress(accounts[0]) });
  const version = await rpc(opts.url, 'web3_clientVersion').catch(() => undefined);
  const deployments: Deployments = {
    chainId: r.chainId,
    rpcUrl: opts.url,
    deployer: r.deployer,
    blockNumber: r.blockNumber,
    contracts: r.contracts,
    // anvil's accounts come from a public mnemonic: nothing on this chain is of value
    ...(typeof version?.result === 'string' && /^anvil\b/i.test(version.result) ? { development: true } : {}),
  };
  const out = opts.out === undefined ? DEFAULT_DEPLOYMENTS_FILE : opts.out;
  if (out) writeDeployments(deployments, [out]);
  return deployments;
}

/** Writes the deployment JSON to each file (creating folders). */
export function writeDeployments(d: Deployments, files: readonly string[]): void {
  const text = JSON.stringify(d, null, 2) + '\n';
  for (const f of files) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
}

/** Reads a deployment file; undefined when it is missing or not a valid deployment. */
export function readDeployments(file: string): Deployments | undefined {
  try {
    return parseDeployments(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The runtime code VerifierRegistry's creation code leaves on this node (an eth_call of the creation code). */
export async function expectedRegistryCode(url: string, client: PublicClient = publicClient(url)): Promise<Hex> {
  const { data } = await call(client, { data: verifierRegistryBytecode });
  if (!data || data === '0x') throw new ChainError(`the node at ${url} returned no runtime code for VerifierRegistry's creation code`, { details: { url } });
  return data;
}

const publicClient = (url: string): PublicClient => createPublicClient({ transport: http(url, { retryCount: 0 }) });

/**
 * Whether a recorded deployment can be reused on this node: the keccak256 of the registry's code
 * there when it can, or why not (another chain, other code, created in another block).
 */
async function checkRecordedDeployment(url: string, client: PublicClient, d: Deployments): Promise<{ codeHash: Hex } | { reason: string }> {
  const { chainId } = await checkChain(client);
  if (chainId !== d.chainId) return { reason: `it was made on chain ${d.chainId}, this node is chain ${chainId}` };
  const at = d.contracts.VerifierRegistry;
  const want = await expectedRegistryCode(url, client);
  const now = await getCode(client, { address: at });
  if (!now || now === '0x') return { reason: `no code at ${at}` };
  if (now.toLowerCase() !== want.toLowerCase()) {
    return { reason: `the code at ${at} is not this build's VerifierRegistry (keccak256 ${keccak256(now).slice(0, 18)}…, this build's ${keccak256(want).slice(0, 18)}…)` };
  }
  // the recorded block must be the one that created it (a restarted node has another history)
  try {
    const then = await getCode(client, { address: at, blockNumber: BigInt(d.blockNumber) });
    const before = d.blockNumber > 0 ? await getCode(client, { address: at, blockNumber: BigInt(d.blockNumber - 1) }) : undefined;
    if (then?.toLowerCase() !== want.toLowerCase() || (before !== undefined && before !== '0x')) return { reason: `${at} was not created in block ${d.blockNumber}` };
  } catch (e) {
    return { reason: `the node cannot show block ${d.blockNumber} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  // the bounty contract, on this registry (deployments made before it existed are redeployed)
  const bm = d.contracts.BountyManager;
  if (!bm) return { reason: 'it has no BountyManager' };
  const { data: bmWant } = await call(client, { data: encodeDeployData({ abi: bountyManagerAbi, bytecode: bountyManagerBytecode, args: [at] }) });
  const bmNow = await getCode(client, { address: bm });
  if (!bmNow || bmNow === '0x') return { reason: `no code at ${bm} (BountyManager)` };
  if (!bmWant || bmNow.toLowerCase() !== bmWant.toLowerCase()) return { reason: `the code at ${bm} is not this build's BountyManager on ${at}` };
  return { codeHash: keccak256(now) };
}

export interface DeployOrReuseOptions {
  url: string;
  /** A deployment file from an earlier run (its deployment is reused if still on this node). */
  record?: string;
}

export interface DeployOrReuseResult {
  deployments: Deployments;
  reused: boolean;
  /** keccak256 of the registry's runtime code on the node (equal to a fresh compile's). */
  codeHash: Hex;
  /** Why the recorded deployment was not reused (when there was one). */
  redeployedBecause?: string;
}

/**
 * Reuses the deployment recorded in `record` when the node still has the registry it names
 * (same chain, expected code, created in the recorded block); deploys otherwise. Writes nothing.
 */
export async function deployOrReuse(opts: DeployOrReuseOptions): Promise<DeployOrReuseResult> {
  const client = publicClient(opts.url);
  const old = opts.record ? readDeployments(opts.record) : undefined;
  let redeployedBecause: string | undefined;
  if (old) {
    const check = await checkRecordedDeployment(opts.url, client, old);
    // keep the record's facts, but say where it was found now
    if ('codeHash' in check) return { deployments: { ...old, rpcUrl: opts.url }, reused: true, codeHash: check.codeHash };
    redeployedBecause = check.reason;
  }
  const deployments = await deploy({ url: opts.url, out: null });
  const address = deployments.contracts.VerifierRegistry;
  const code = await getCode(client, { address });
  if (!code || code === '0x') throw new ChainError(`no code at ${address} on ${opts.url} right after deploying it`, { details: { url: opts.url, address } });
  return { deployments, reused: false, codeHash: keccak256(code), ...(redeployedBecause ? { redeployedBecause } : {}) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const port = Number(arg('--port') ?? 8545);
  const out = arg('--out') ? path.resolve(arg('--out')!) : DEFAULT_DEPLOYMENTS_FILE;
  const anvil = await startAnvil({ port });
  console.log(`${anvil.reused ? 'reusing the node' : 'anvil'} at ${anvil.url} (chain ${anvil.chainId})`);
  if (!argv.includes('--no-deploy')) {
    const r = anvil.reused ? await deployOrReuse({ url: anvil.url, record: out }) : { deployments: await deploy({ url: anvil.url, out: null }), reused: false };
    const d = r.deployments;
    writeDeployments(d, [out]);
    console.log(`VerifierRegistry ${d.contracts.VerifierRegistry} (block ${d.blockNumber}, deployer ${d.deployer}${r.reused ? ', reused' : ''})`);
    console.log(`BountyManager ${d.contracts.BountyManager ?? '(none)'}`);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
  if (anvil.reused) return;
  console.log('Ctrl-C to stop');
  const quit = () => { void anvil.stop().then(() => process.exit(0)); };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
}
