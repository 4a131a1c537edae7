/**
 * `npm run ipfs` for real (tsx scripts/ipfs.ts): the peer starts on a free loopback port with its blocks
 * in a temporary folder, writes ipfs.json where told, answers kubo's version call and the gateway, is
 * reused by a second start on the same port, and stops on SIGINT (port free again). Anything else on the
 * port is named.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, probePort } from './chain.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'zkml-ipfs-script-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runIpfs(args: string[]) {
  const proc = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/ipfs.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IPFS_PORT: '' } });
  let out = '';
  proc.stdout.on('data', (b) => { out += b; });
  proc.stderr.on('data', (b) => { out += b; });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const ready = () => new Promise<string>((res, rej) => {
    const t = setInterval(() => {
      const m = /\[ipfs\] ready: (\S+)/.exec(out);
      if (m) { clearInterval(t); res(m[1]!); } else if (proc.exitCode !== null) { clearInterval(t); rej(new Error(`exited ${proc.exitCode}: ${out}`)); }
    }, 50);
  });
  return { proc, exited, ready, output: () => out };
}

describe('npm run ipfs (scripts/ipfs.ts)', () => {
  it('starts on 127.0.0.1, writes ipfs.json, serves, is reused by a second start, stops on SIGINT', async () => {
    const port = await freePort();
    const config = join(tmp, 'public/ipfs.json');
    const run = runIpfs(['--port', String(port), '--dir', join(tmp, 'blocks'), '--config', config]);
    try {
      const url = await run.ready();
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ gateway: url, api: url });
      expect(((await (await fetch(`${url}/api/v0/version`, { method: 'POST' })).json()) as { Version: string }).Version).toMatch(/^zkml-peer\//);
      expect((await fetch(`${url}/ipfs/bafkreig42jyiawthjkmskza765hn6krgqs7uk7cmtjmggb6mgnjql7dqje?format=raw`)).status).toBe(404);
      const second = runIpfs(['--port', String(port), '--dir', join(tmp, 'blocks2'), '--config', join(tmp, 'second.json')]);
      expect(await second.ready()).toBe(url);
      expect(second.output()).toMatch(/already running \(reused\)/);
      expect(await second.exited).toBe(0);
    } finally {
      run.proc.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/\[ipfs\] stopped/);
    expect(await probePort(port)).toEqual({ kind: 'free' });
  });

  it('names a port held by something else and exits 1', async () => {
    const port = await freePort();
    const squatter = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const run = runIpfs(['--port', String(port), '--dir', join(tmp, 'blocks3'), '--config', join(tmp, 'x.json')]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 \\(the IPFS peer\\) is in use by something that is not a zkml IPFS peer`));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });
});
