/**
 * The Datasets page's IPFS side, loaded as a lazy chunk on first use (Helia is never on the page's
 * critical path): one browser Helia node over IndexedDB, the local peer from ipfs.json (when it
 * answers), and the page's operations. Every error is typed (src/ipfs/errors.ts,
 * src/core/dataset/errors.ts).
 */
import type { CID } from 'multiformats/cid';
import { prepareDataset, type DatasetManifest } from '../../core/dataset/index.js';
import { createBrowserIpfs, loadPeerConfig } from '../../ipfs/browser.js';
import { parseCid } from '../../ipfs/cid.js';
import { addDataset, loadDataset, type LoadedDataset } from '../../ipfs/dataset.js';
import type { IpfsStore, OnProgress } from '../../ipfs/store.js';
import { decodeImage } from '../input/image.js';

export interface PeerStatus { url?: string; version?: string }

let node: Promise<{ store: IpfsStore; status: PeerStatus }> | undefined;

/** The node (created once); `db` names its IndexedDB databases (tests and benchmarks use their own). */
export function ipfs(db?: string): Promise<{ store: IpfsStore; status: PeerStatus }> {
  node ??= (async () => {
    const peer = await loadPeerConfig();
    const store = await createBrowserIpfs({ db, peer });
    const version = await store.peerVersion();
    return { store, status: { url: peer?.gateway, version } };
  })().catch((e: unknown) => { node = undefined; throw e; });
  return node;
}

export interface AddResult {
  cid: string;
  manifest: DatasetManifest;
  files: { path: string; cid: string }[];
  /** blocks sent to the local peer, when it is running */
  published?: number;
}

/** Files (a folder's) → checked dataset → stored and pinned here → published to the peer when running. */
export async function addFiles(files: { name: string; bytes: Uint8Array }[], opts: { description?: string; onProgress?: (phase: string, p: { done: number; total: number }) => void } = {}): Promise<AddResult> {
  const { store, status } = await ipfs();
  const prepared = await prepareDataset(files.map((f) => ({ path: f.name, content: f.bytes })), {
    description: opts.description, decodeImage: (b) => decodeImage(b), onSample: (done, total) => opts.onProgress?.('checking', { done, total }),
  });
  const added = await addDataset(store, prepared, { onProgress: (p) => opts.onProgress?.('adding', p) });
  let published: number | undefined;
  if (status.version) {
    opts.onProgress?.('publishing', { done: 0, total: 1 });
    published = (await store.publish(added.cid)).blocks;
    opts.onProgress?.('publishing', { done: 1, total: 1 });
  }
  return { cid: added.cid.toString(), manifest: added.manifest, files: added.files.map((f) => ({ path: f.path, cid: f.cid.toString() })), published };
}

/** Opens a dataset by CID: from this browser's store, else fetched from the local peer (one CAR). */
export async function openDataset(cidText: string, opts: { onProgress?: (phase: string, p: { done: number; total: number }) => void } = {}): Promise<LoadedDataset & { fetched: boolean }> {
  const cid: CID = parseCid(cidText);
  const { store, status } = await ipfs();
  let fetched = false;
  if (!(await store.hasLocally(cid)) && status.version) {
    await store.fetchFromPeer(cid, { onProgress: (p) => opts.onProgress?.('fetching', p) });
    fetched = true;
  }
  const onProgress: OnProgress = (p) => opts.onProgress?.('reading', p);
  const d = await loadDataset(store, cid, { offline: true, onProgress, decodeImage: (b) => decodeImage(b) });
  await store.pin(cid, { kind: 'zkml-dataset', count: d.manifest.count, encoding: d.manifest.input.encoding, shape: d.manifest.input.shape.join('×'), ...(d.manifest.description ? { description: d.manifest.description.slice(0, 200) } : {}), added: Date.now() });
  return { ...d, fetched };
}

export interface StoredDataset { cid: string; count?: number; description?: string; shape?: string; encoding?: string }

export async function storedDatasets(): Promise<StoredDataset[]> {
  const { store } = await ipfs();
  return (await store.pins()).filter((p) => p.metadata.kind === 'zkml-dataset').sort((a, b) => Number(b.metadata.added ?? 0) - Number(a.metadata.added ?? 0)).map((p) => ({
    cid: p.cid.toString(), count: p.metadata.count as number | undefined, description: p.metadata.description as string | undefined,
    shape: p.metadata.shape as string | undefined, encoding: p.metadata.encoding as string | undefined,
  }));
}

export async function removeDataset(cid: string): Promise<void> {
  const { store } = await ipfs();
  await store.remove(parseCid(cid));
}

export async function storageUse(): Promise<{ blocks: number; bytes: number }> {
  return (await ipfs()).store.storageUse();
}

export async function peerStatus(): Promise<PeerStatus> {
  return (await ipfs()).status;
}

/** The bundled MNIST sample (public/samples/mnist: 20 PGMs + labels.json, precached for offline use). */
export async function bundledMnist(base: string = document.baseURI): Promise<{ name: string; bytes: Uint8Array }[]> {
  const get = async (p: string) => {
    const r = await fetch(new URL(p, base));
    if (!r.ok) throw new Error(`cannot fetch ${p}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
  const labels = JSON.parse(new TextDecoder().decode(await get('samples/mnist/labels.json'))) as unknown[];
  const files = await Promise.all(labels.map(async (_, i) => ({ name: `${i}.pgm`, bytes: await get(`samples/mnist/${i}.pgm`) })));
  return [...files, { name: 'labels.json', bytes: await get('samples/mnist/labels.json') }];
}
