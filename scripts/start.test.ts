/**
 * `npm start` for real: node scripts/start.mjs on free ports, with anvil from @foundry-rs/anvil.
 * The app is served from a temporary copy of a build made for this test (dist-h2/, see BUILD) and
 * the deployment file goes to a temporary folder, so the test leaves the shared dist/ and public/
 * alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, http } from 'viem';
import { getBlockNumber, getChainId, getCode } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployments } from '../src/chain/deployments.js';
import { expectedRegistryCode, freePort, probePort, startAnvil } from './chain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dist: string;
/** free ports for the IPFS peer, one per start (taken in beforeAll) */
let ipfsPorts: number[] = [];

interface Run {
  proc: ChildProcess;
  output(): string;
  waitFor(re: RegExp, what: string): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs node scripts/start.mjs with the given arguments, collecting its output. `viaShell`: under
 * `sh -c '…; :'` (a shell that stays its parent, as `npm start` does), so `proc` is the shell.
 */
function start(args: string[], { viaShell = false, env = {} as Record<string, string> } = {}): Run {
  const argv = ['scripts/start.mjs', '--no-build', '--dist', dist, '--deployments', path.join(tmp, 'deployments.json'),
    '--ipfs-port', String(ipfsPorts.shift() ?? 0), '--ipfs-dir', path.join(tmp, 'ipfs'), ...args];
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const [cmd, cmdArgs] = viaShell
    ? ['sh', ['-c', `${[process.execPath, ...argv].map(quote).join(' ')}; :`]]
    : [process.execPath, argv];
  const proc = spawn(cmd, cmdArgs, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', CHAIN_PORT: '', IPFS_PORT: '', CHAIN_RESTARTS: '', ...env },
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => { out += b.toString(); for (const l of listeners) l(); };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => {
    for (const l of listeners) l();
    r({ code, signal });
  }));
  const waitFor = (re: RegExp, what: string) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const m = re.exec(out);
      if (m) { listeners.delete(check); resolve(m); return; }
      if (proc.exitCode !== null || proc.signalCode !== null) {
        listeners.delete(check);
        reject(new Error(`start.mjs exited (${proc.exitCode ?? proc.signalCode}) before ${what}:\n${out}`));
      }
    };
    listeners.add(check);
    check();
  });
  return { proc, output: () => out, waitFor, exited };
}

/** After a Ctrl-C: exit 0, "[start] stopped" said, and every port it held free again. */
async function expectStopped(run: Run, ports: number[]): Promise<void> {
  expect(await run.exited).toEqual({ code: 0, signal: null });
  expect(run.output()).toMatch(/\[start\] stopped/);
  for (const p of ports) expect(await probePort(p), `port ${p}`).toEqual({ kind: 'free' });
}

async function rpc(url: string, method: string): Promise<unknown> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
  return ((await r.json()) as { result: unknown }).result;
}

/** The four service lines and the ready line of a successful start. */
async function ready(run: Run) {
  await run.waitFor(/\[start\] ready: open .* · Ctrl-C stops everything\n/, 'the ready line');
  const out = run.output();
  return {
    app: /\[start\] app\s+(\S+)/.exec(out)?.[1],
    chain: /\[start\] chain\s+(\S+)\s+chain id (\d+)/.exec(out),
    registry: /\[start\] registry\s+VerifierRegistry (0x[0-9a-fA-F]{40})/.exec(out)?.[1],
    bounties: /\[start\] bounties\s+BountyManager (0x[0-9a-fA-F]{40})/.exec(out)?.[1],
    wallet: /\[start\] wallet\s+(.*)/.exec(out)?.[1],
    ready: /\[start\] ready: open (\S+) · chain (\S+) \(id (\d+)\) · contracts VerifierRegistry (0x[0-9a-fA-F]{40})/.exec(out),
    ipfs: /· ipfs (http:\/\/127\.0\.0\.1:\d+) · Ctrl-C/.exec(out)?.[1],
  };
}

/**
 * The build under test: dist-h2/ (or $ZKML_START_DIST), built once with vite when it has no
 * index.html. Never the shared dist/, which other runs may be rebuilding.
 */
const BUILD = path.resolve(ROOT, process.env.ZKML_START_DIST || 'dist-h2');

beforeAll(async () => {
  ipfsPorts = [];
  for (let i = 0; i < 12; i++) ipfsPorts.push(await freePort());
  if (!fs.existsSync(path.join(BUILD, 'index.html'))) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', BUILD, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`vite build into ${BUILD} failed`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-start-'));
  dist = path.join(tmp, 'dist');
  fs.cpSync(BUILD, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'deployments.json'), { force: true });
}, 600_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm start (scripts/start.mjs)', () => {
  it('starts anvil, deploys, serves the app with its deployments.json, and stops everything on SIGINT', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    let ipfsUrl = '';
    const run = start(['--port', String(port), '--chain-port', String(chainPort)]);
    try {
      const lines = await ready(run);
      expect(lines.app).toBe(`http://127.0.0.1:${port}/`);
      expect(lines.chain?.[1]).toBe(`http://127.0.0.1:${chainPort}`);
      expect(lines.chain?.[2]).toBe('31337');
      expect(lines.ready?.slice(1)).toEqual([lines.app, lines.chain?.[1], '31337', lines.registry]);
      expect(run.output()).toMatch(/code keccak256 0x[0-9a-f]{64}/);
      expect(lines.wallet).toMatch(/development account #0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.*NOT FOR VALUE/);

      const page = await fetch(lines.app!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<!doctype html>/i);

      const res = await fetch(new URL('./deployments.json', lines.app!));
      expect(res.status).toBe(200);
      const d = parseDeployments(await res.json());
      expect(d).toMatchObject({ chainId: 31337, rpcUrl: `http://127.0.0.1:${chainPort}`, development: true, deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' });
      expect(d.contracts.VerifierRegistry).toBe(lines.registry);
      expect(d.contracts.BountyManager).toBe(lines.bounties);
      expect(run.output()).toContain(`contracts VerifierRegistry ${lines.registry}, BountyManager ${lines.bounties} · ipfs`);
      expect(parseDeployments(JSON.parse(fs.readFileSync(path.join(tmp, 'deployments.json'), 'utf8')))).toEqual(d);

      // the local IPFS peer: in the ready line, its address in ipfs.json next to deployments.json, answering
      expect(lines.ipfs).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const served = await (await fetch(new URL('./ipfs.json', lines.app!))).json() as { gateway: string; api: string };
      expect(served).toEqual({ gateway: lines.ipfs, api: lines.ipfs });
      expect(JSON.parse(fs.readFileSync(path.join(tmp, 'ipfs.json'), 'utf8'))).toEqual(served);
      const version = await (await fetch(`${lines.ipfs}/api/v0/version`, { method: 'POST' })).json() as { Version: string };
      expect(version.Version).toMatch(/^zkml-peer\//);
      ipfsUrl = lines.ipfs!;

      expect(await rpc(`http://127.0.0.1:${chainPort}`, 'eth_chainId')).toBe('0x7a69');
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${chainPort}`, { retryCount: 0 }) });
      expect(await getChainId(client)).toBe(31337);
      const code = await getCode(client, { address: d.contracts.VerifierRegistry });
      expect(code).toBe(await expectedRegistryCode(`http://127.0.0.1:${chainPort}`));
      expect(code!.length).toBeGreaterThan(1000);
      expect((code!.length - 2) / 2).toBeLessThanOrEqual(24_576); // EIP-170, as deployed
    } finally {
      run.proc.kill('SIGINT');
    }
    await expectStopped(run, [port, chainPort, Number(new URL(ipfsUrl).port)]);
  });

  it('when anvil dies the app keeps being served, anvil comes back on the same port with the contracts, a bounded number of times; SIGINT still stops everything', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${chainPort}`;
    // one restart a minute: the first death is restarted, the second is the one it gives up on
    const run = start(['--port', String(port), '--chain-port', String(chainPort)], { env: { CHAIN_RESTARTS: '1' } });
    const appAnswers = async (app: string) => {
      const page = await fetch(app);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<!doctype html>/i);
      const res = await fetch(new URL('./deployments.json', app));
      expect(res.status).toBe(200);
      return parseDeployments(await res.json());
    };
    try {
      const lines = await ready(run);
      const pid = Number(/\[start\] chain\s+\S+\s+chain id \d+\s+\(anvil pid (\d+), started by npm start\)/.exec(run.output())?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect((await appAnswers(lines.app!)).contracts.VerifierRegistry).toBe(lines.registry);

      process.kill(pid, 'SIGKILL');
      await run.waitFor(new RegExp(`\\[start\\] the local chain \\(anvil pid ${pid}, ${url.replace(/\./g, '\\.')}\\) stopped \\(killed by SIGKILL\\); the app keeps running`), 'the chain-stopped line');
      await appAnswers(lines.app!); // the app server is still there
      const back = await run.waitFor(/\[start\] the local chain is back: (\S+) .*\(anvil pid (\d+), started by npm start\); VerifierRegistry (0x[0-9a-fA-F]{40}) deployed again in block \d+; .*deployments\.json rewritten\n/, 'the chain-back line');
      expect(back[1]).toBe(url);
      const pid2 = Number(back[2]);
      expect(pid2).not.toBe(pid);
      expect(run.proc.exitCode).toBeNull();

      // the new anvil has the contracts at the addresses the app now reads
      const d = await appAnswers(lines.app!);
      expect(d).toMatchObject({ chainId: 31337, rpcUrl: url, development: true });
      expect(d.contracts.VerifierRegistry).toBe(back[3]);
      expect(parseDeployments(JSON.parse(fs.readFileSync(path.join(tmp, 'deployments.json'), 'utf8')))).toEqual(d);
      const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
      const code = await getCode(client, { address: d.contracts.VerifierRegistry });
      expect(code).toBe(await expectedRegistryCode(url));
      expect(code!.length).toBeGreaterThan(1000);
      expect(await getCode(client, { address: d.contracts.BountyManager! })).toMatch(/^0x[0-9a-f]{100,}$/);

      // a second death within the minute: not restarted; how to start it by hand; the app stays
      process.kill(pid2, 'SIGKILL');
      await run.waitFor(/not restarting it again\. The app and the IPFS peer keep running.*npm run chain -- --port \d+.*or Ctrl-C here and `npm start`/, 'the giving-up line');
      expect(run.output()).toContain(`npm run chain -- --port ${chainPort}`);
      expect(await probePort(chainPort)).toEqual({ kind: 'free' });
      await appAnswers(lines.app!);
      expect(run.proc.exitCode).toBeNull();
    } finally {
      run.proc.kill('SIGINT');
    }
    await expectStopped(run, [port, chainPort]);
  });

  it('a SIGINT while it is still starting up stops what it started so far and exits 0', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const run = start(['--port', String(port), '--chain-port', String(chainPort)]);
    try {
      // as soon as anvil answers (the deployment and the server may or may not have followed)
      while ((await probePort(chainPort)).kind !== 'eth') {
        if (run.proc.exitCode !== null) throw new Error(`start.mjs exited early:\n${run.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      run.proc.kill('SIGINT');
    }
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await probePort(port)).toEqual({ kind: 'free' });
    expect(await probePort(chainPort)).toEqual({ kind: 'free' });
  });

  it('stops everything when its parent dies without passing a signal on (kill <npm pid>)', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const run = start(['--port', String(port), '--chain-port', String(chainPort)], { viaShell: true });
    const closed = new Promise<void>((r) => run.proc.stdout!.once('close', () => r()));
    try {
      await ready(run);
      expect(await probePort(chainPort)).toMatchObject({ kind: 'eth', chainId: 31337 });
    } finally {
      run.proc.kill('SIGKILL'); // the shell only: start.mjs is orphaned
    }
    await closed; // every holder of the pipe (start.mjs and its children) has exited
    expect(run.output()).toMatch(/has gone; stopping[\s\S]*\[start\] stopped/);
    expect(await probePort(port)).toEqual({ kind: 'free' });
    expect(await probePort(chainPort)).toEqual({ kind: 'free' });
  });

  it('reuses an Ethereum node already on the chain port, reuses its recorded deployment, and leaves it running', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const node = await startAnvil({ port: chainPort });
    try {
      const client = createPublicClient({ transport: http(node.url, { retryCount: 0 }) });
      const first = start(['--port', String(port), '--chain-port', String(chainPort)]);
      let registry: string | undefined;
      try {
        const lines = await ready(first);
        expect(first.output()).toMatch(/already running there, reused/);
        expect(first.output()).not.toMatch(/reused, deployed in block/); // nothing recorded yet: deployed
        registry = lines.registry;
        expect(await getCode(client, { address: registry as `0x${string}` })).toBe(await expectedRegistryCode(node.url));
      } finally {
        first.proc.kill('SIGTERM');
      }
      expect((await first.exited).code).toBe(0);
      expect(first.output()).toMatch(/left running/);
      expect(await probePort(chainPort)).toMatchObject({ kind: 'eth', chainId: 31337 });
      expect(await probePort(port)).toEqual({ kind: 'free' });

      // a second start on the same node finds the deployment recorded by the first and sends nothing
      const block = await getBlockNumber(client, { cacheTime: 0 });
      const second = start(['--port', String(port), '--chain-port', String(chainPort)]);
      try {
        const lines = await ready(second);
        expect(lines.registry).toBe(registry);
        expect(second.output()).toMatch(/reused, deployed in block/);
        const served = parseDeployments(await (await fetch(new URL('./deployments.json', lines.app!))).json());
        expect(served.contracts.VerifierRegistry).toBe(registry);
      } finally {
        second.proc.kill('SIGINT');
      }
      expect((await second.exited).code).toBe(0);
      expect(await getBlockNumber(client, { cacheTime: 0 })).toBe(block);
      expect(await probePort(chainPort)).toMatchObject({ kind: 'eth', chainId: 31337 });
    } finally {
      await node.stop();
    }
  });

  it('names the chain port and exits non-zero when something that is not an Ethereum node holds it', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const sockets = new Set<net.Socket>();
    const squatter = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
    await new Promise<void>((r) => squatter.listen(chainPort, '127.0.0.1', r));
    try {
      const run = start(['--port', String(port), '--chain-port', String(chainPort)]);
      const { code } = await run.exited;
      expect(code).not.toBe(0);
      expect(run.output()).toContain(`port ${chainPort} on 127.0.0.1 is in use by`);
      expect(run.output()).toMatch(/not an Ethereum node/);
      expect(await probePort(port)).toEqual({ kind: 'free' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('refuses an Ethereum node of another chain on the chain port, naming it, and leaves it running', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const node = await startAnvil({ port: chainPort, args: ['--chain-id', '1337'] });
    try {
      const run = start(['--port', String(port), '--chain-port', String(chainPort)]);
      const { code } = await run.exited;
      expect(code).toBe(1);
      expect(run.output()).toMatch(new RegExp(`port ${chainPort} on 127\\.0\\.0\\.1 is in use by .*an Ethereum node of chain 1337, not the expected chain 31337`));
      expect(await probePort(chainPort)).toMatchObject({ kind: 'eth', chainId: 1337 });
      expect(await probePort(port)).toEqual({ kind: 'free' });
    } finally {
      await node.stop();
    }
  });

  it('names the app port and exits non-zero when it is taken, without starting a chain', async () => {
    const [port, chainPort] = [await freePort(), await freePort()];
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const run = start(['--port', String(port), '--chain-port', String(chainPort)]);
      const { code } = await run.exited;
      expect(code).not.toBe(0);
      expect(run.output()).toContain(`port ${port} on 127.0.0.1 (the app) is already in use`);
      expect(await probePort(chainPort)).toEqual({ kind: 'free' });
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('rejects a bad port with a clear message', async () => {
    const run = start(['--port', 'http']);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.output()).toMatch(/--port \/ PORT must be a port number/);
  });
});
