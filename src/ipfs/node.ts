/**
 * The Node IPFS node (CLI, local peer, tests): Helia light over the file system (blockstore-fs,
 * datastore-fs) under a git-ignored folder, .zkml/ipfs/ at the repository root by default.
 */
import './polyfill.js';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsBlockstore } from 'blockstore-fs';
import { FsDatastore } from 'datastore-fs';
import { startHelia } from './helia.js';
import type { PeerConfig } from './network.js';
import { IpfsStore } from './store.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_IPFS_DIR = join(REPO_ROOT, '.zkml/ipfs');

export async function createNodeIpfs(opts: { dir?: string; peer?: PeerConfig; allowPublic?: boolean } = {}): Promise<IpfsStore> {
  const dir = resolve(opts.dir ?? DEFAULT_IPFS_DIR);
  mkdirSync(dir, { recursive: true });
  const blockstore = new FsBlockstore(join(dir, 'blocks'));
  const datastore = new FsDatastore(join(dir, 'datastore'));
  await blockstore.open();
  await datastore.open();
  const { helia, peer } = await startHelia({ blockstore, datastore, peer: opts.peer, allowPublic: opts.allowPublic });
  return new IpfsStore(helia, peer);
}
