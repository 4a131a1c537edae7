/**
 * The local IPFS peer, standing in for the public network (Node only):
 *
 *   npm run ipfs [-- --port 5180] [--dir .zkml/ipfs] [--config public/ipfs.json ...]
 *
 * a Helia node with its blocks on disk (.zkml/ipfs/, git-ignored) behind a loopback-only HTTP server:
 * a trustless gateway (GET /ipfs/<cid>?format=raw|car) and kubo's upload RPC (POST /api/v0/dag/import,
 * /api/v0/block/put). See src/ipfs/peer.ts. Its address is written to ipfs.json next to
 * deployments.json (public/ipfs.json, and dist/ipfs.json when dist/ exists), where the app and
 * `zkml dataset` read it. No bootstrap peers, no routing, no public host: nothing leaves 127.0.0.1.
 * Ctrl-C stops it. `npm start` (scripts/start.mjs) runs the same `startLocalPeer`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeIpfs, DEFAULT_IPFS_DIR } from '../src/ipfs/node.js';
import { PEER_VERSION, servePeer } from '../src/ipfs/peer.js';
import type { PeerConfig } from '../src/ipfs/network.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_IPFS_PORT = 5180;
export const DEFAULT_PEER_CONFIG_FILE = path.join(ROOT, 'public/ipfs.json');
export { DEFAULT_IPFS_DIR };

export interface LocalPeer {
  url: string;
  config: PeerConfig;
  /** a zkml peer already listening on the port was reused (and is left running) */
  reused: boolean;
  dir: string;
  close(): Promise<void>;
}

/** Does a zkml peer answer on this port? */
async function probePeer(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/v0/version`, { method: 'POST', signal: AbortSignal.timeout(2000) });
    return r.ok && String(((await r.json()) as { Version?: string }).Version ?? '').startsWith('zkml-peer/');
  } catch {
    return false;
  }
}

export function writePeerConfig(config: PeerConfig, files: readonly string[]): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, `${JSON.stringify(config, null, 1)}\n`);
  }
}

/**
 * Starts the peer on 127.0.0.1:`port` (or reuses a zkml peer already there); anything else on the
 * port is an error naming it.
 */
export async function startLocalPeer(opts: { port?: number; dir?: string; log?: (m: string) => void } = {}): Promise<LocalPeer> {
  const port = opts.port ?? DEFAULT_IPFS_PORT;
  const dir = path.resolve(opts.dir ?? DEFAULT_IPFS_DIR);
  const url = `http://127.0.0.1:${port}`;
  const config = { gateway: url, api: url };
  const store = await createNodeIpfs({ dir });
  try {
    const peer = await servePeer(store, { port, log: opts.log });
    return { url: peer.url, config: { gateway: peer.url, api: peer.url }, reused: false, dir, close: async () => { await peer.close(); await store.stop(); } };
  } catch (e) {
    await store.stop();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      if (await probePeer(port)) return { url, config, reused: true, dir, close: async () => {} };
      throw new Error(`port ${port} on 127.0.0.1 (the IPFS peer) is in use by something that is not a zkml IPFS peer; stop it or choose another port (--ipfs-port / IPFS_PORT)`, { cause: e });
    }
    throw e;
  }
}

async function main(argv: string[]) {
  let port = Number(process.env.IPFS_PORT || DEFAULT_IPFS_PORT);
  let dir = DEFAULT_IPFS_DIR;
  const configs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--port') port = Number(value());
    else if (flag === '--dir') dir = path.resolve(value());
    else if (flag === '--config') configs.push(path.resolve(value()));
    else if (flag === '--help' || flag === '-h') { console.log('usage: npm run ipfs -- [--port 5180] [--dir .zkml/ipfs] [--config public/ipfs.json ...]'); return; }
    else { console.error(`[ipfs] unknown argument ${argv[i]}`); process.exit(2); }
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) { console.error('[ipfs] --port must be a port number from 1 to 65535'); process.exit(2); }
  if (configs.length === 0) {
    configs.push(DEFAULT_PEER_CONFIG_FILE);
    if (fs.existsSync(path.join(ROOT, 'dist/index.html'))) configs.push(path.join(ROOT, 'dist/ipfs.json'));
  }
  const peer = await startLocalPeer({ port, dir, log: (m) => console.log(`[ipfs] ${m}`) });
  writePeerConfig(peer.config, configs);
  console.log(`[ipfs] ${PEER_VERSION} ${peer.reused ? 'already running (reused)' : 'started'}: gateway ${peer.url}/ipfs/<cid>?format=raw|car, uploads POST ${peer.url}/api/v0/dag/import; blocks in ${peer.dir}`);
  console.log(`[ipfs] address written to ${configs.join(', ')}`);
  console.log(`[ipfs] ready: ${peer.url} · Ctrl-C stops it`);
  if (peer.reused) return;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await peer.close();
    console.log('[ipfs] stopped');
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stop());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => { console.error(`[ipfs] ${e instanceof Error ? e.message : String(e)}`); process.exit(1); });
}
