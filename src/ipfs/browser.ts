/**
 * The browser's IPFS node: Helia light over IndexedDB (blockstore-idb, datastore-idb for pins).
 * Loaded as a lazy chunk on first use (src/app/datasets), never on the page's critical path. The
 * local peer comes from ipfs.json next to deployments.json (written by npm start); offline or without
 * it, the node works on what it has stored.
 */
import { IDBBlockstore } from 'blockstore-idb';
import { IDBDatastore } from 'datastore-idb';
import { startHelia } from './helia.js';
import { parsePeerConfig, type PeerConfig } from './network.js';
import { IpfsStore } from './store.js';

export const DEFAULT_DB = 'zkml-ipfs';

/** ipfs.json from the app's base URL; undefined when absent or unreachable (offline). */
export async function loadPeerConfig(base: string | URL = document.baseURI): Promise<PeerConfig | undefined> {
  try {
    const r = await fetch(new URL('ipfs.json', base), { cache: 'no-store' });
    if (!r.ok) return undefined;
    return parsePeerConfig(await r.json());
  } catch {
    return undefined;
  }
}

export async function createBrowserIpfs(opts: { db?: string; peer?: PeerConfig; allowPublic?: boolean } = {}): Promise<IpfsStore> {
  const db = opts.db ?? DEFAULT_DB;
  const blockstore = new IDBBlockstore(`${db}/blocks`);
  const datastore = new IDBDatastore(`${db}/data`);
  await blockstore.open();
  await datastore.open();
  const { helia, peer } = await startHelia({ blockstore, datastore, peer: opts.peer, allowPublic: opts.allowPublic });
  return new IpfsStore(helia, peer);
}
