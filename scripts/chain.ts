/**
 * Local chain tooling (Node only): anvil from the npm package @foundry-rs/anvil, and the
 * deployment of the contracts with anvil's first development account.
 *
 *   npx tsx scripts/chain.ts [--port 8545] [--out public/deployments.json] [--no-deploy]
 *
 * starts (or reuses) anvil on 127.0.0.1, deploys VerifierRegistry, writes the addresses for the
 * app, and keeps running until Ctrl-C. From code: `startAnvil({ port? })` → `{ url, stop() }`
 * and `deploy({ url })`.
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
import { createWalletClient, getAddress, http, type Address } from 'viem';
import { checkChain } from '../src/chain/check-chain.js';
import { deployContracts } from '../src/chain/deploy-contracts.js';
import type { Deployments } from '../src/chain/deployments.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DEPLOYMENTS_FILE = path.join(ROOT, 'public/deployments.json');
const HOST = '127.0.0.1';

/** Path of the anvil binary shipped by @foundry-rs/anvil's platform package. */
export function anvilBinary(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch (e) {
    throw new Error(`anvil binary not found: ${pkg} is not installed (it is an optional dependency of @foundry-rs/anvil; run npm ci on a supported platform)`, { cause: e });
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

/** Which process listens on the port, if `ss` can tell (Linux). */
function listener(port: number): string | undefined {
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const m = r.status === 0 ? /users:\(\("([^"]+)",pid=(\d+)/.exec(r.stdout) : null;
  return m ? `${m[1]} (pid ${m[2]})` : undefined;
}

export async function probePort(port: number, host = HOST): Promise<PortProbe> {
  if (!(await portOpen(port, host))) return { kind: 'free' };
  const url = `http://${host}:${port}`;
  const who = listener(port);
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
}

export interface AnvilInstance {
  url: string;
  port: number;
  chainId: number;
  /** True when an Ethereum node was already listening on the port and is used as is. */
  reused: boolean;
  /** Stops the anvil this call started (a reused node is left running). */
  stop(): Promise<void>;
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
      return { url: `http://${HOST}:${port}`, port, chainId: p.chainId, reused: true, stop: async () => {} };
    }
    if (p.kind === 'other') {
      throw new Error(`port ${port} on ${HOST} is in use by ${p.description}, not an Ethereum node; stop it or choose another port`);
    }
  } else {
    port = await freePort();
  }
  const url = `http://${HOST}:${port}`;
  const child: ChildProcess = spawn(anvilBinary(), ['--host', HOST, '--port', String(port), ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exited = { code, signal }; resolve(); }));
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
    if (failed instanceof Error) { await stop(); throw new Error(`could not start anvil: ${failed.message}`); }
    if (exited) throw new Error(`anvil exited (${exited.code ?? exited.signal}) before answering:\n${output.trim()}`);
    try {
      const r = await rpc(url, 'eth_chainId', 1000);
      if (typeof r.result === 'string') return { url, port, chainId: Number(r.result), reused: false, stop };
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`anvil did not answer on ${url} within ${timeoutMs} ms:\n${output.trim()}`); }
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
  if (!accounts.length) throw new Error(`the node at ${opts.url} has no unlocked account to deploy from (is it anvil?)`);
  const r = await deployContracts(client, { account: getAddress(accounts[0]) });
  const deployments: Deployments = {
    chainId: r.chainId,
    rpcUrl: opts.url,
    deployer: r.deployer,
    blockNumber: r.blockNumber,
    contracts: r.contracts,
  };
  const out = opts.out === undefined ? DEFAULT_DEPLOYMENTS_FILE : opts.out;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(deployments, null, 2) + '\n');
  }
  return deployments;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const port = Number(arg('--port') ?? 8545);
  const out = arg('--out') ? path.resolve(arg('--out')!) : DEFAULT_DEPLOYMENTS_FILE;
  const anvil = await startAnvil({ port });
  console.log(`${anvil.reused ? 'reusing the node' : 'anvil'} at ${anvil.url} (chain ${anvil.chainId})`);
  if (!argv.includes('--no-deploy')) {
    const d = await deploy({ url: anvil.url, out });
    console.log(`VerifierRegistry ${d.contracts.VerifierRegistry} (block ${d.blockNumber}, deployer ${d.deployer})`);
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
