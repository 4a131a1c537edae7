/**
 * Datasets on IPFS: a prepared dataset (src/core/dataset) added as one UnixFS directory and pinned,
 * and a dataset loaded by CID: its manifest and labels checked, every sample's bytes re-hashed against
 * the CID its directory names (CidMismatchError), decoded to the raw uint8 tensor and the
 * model-ready input.
 */
import type { CID } from 'multiformats/cid';
import {
  checkSampleFiles, decodeSample, DatasetManifestError, LABELS_FILE, MANIFEST_FILE, parseLabels, parseManifest,
  type DatasetManifest, type DecodedSample, type ImageDecoder, type Label, type PreparedDataset,
} from '../core/dataset/index.js';
import * as raw from 'multiformats/codecs/raw';
import { hashOnly, verifyBlock } from './cid.js';
import { BlockNotFoundError, CidMismatchError } from './errors.js';
import type { AddedEntry, IpfsStore, OnProgress } from './store.js';

const READ_CONCURRENCY = 16;

export interface AddedDataset {
  cid: CID;
  manifest: DatasetManifest;
  /** every file of the directory with its CID (samples, labels.json, dataset.json) */
  files: AddedEntry[];
}

/** Pin metadata of a dataset (what the list of stored datasets shows without opening it). */
export const datasetMetadata = (m: DatasetManifest) => ({
  kind: 'zkml-dataset', count: m.count, encoding: m.input.encoding, shape: m.input.shape.join('×'),
  ...(m.description ? { description: m.description.slice(0, 200) } : {}), added: Date.now(),
});

export async function addDataset(store: IpfsStore, prepared: PreparedDataset, opts: { onProgress?: OnProgress; signal?: AbortSignal } = {}): Promise<AddedDataset> {
  const { root, entries } = await store.addDirectory(prepared.files, opts);
  await store.pin(root, datasetMetadata(prepared.manifest), opts);
  return { cid: root, manifest: prepared.manifest, files: entries.filter((e) => e.path !== '') };
}

export interface LoadedSample extends DecodedSample {
  name: string;
  cid: CID;
  label: Label;
  /** the file's bytes as stored */
  bytes: Uint8Array;
}

export interface LoadedDataset {
  cid: CID;
  manifest: DatasetManifest;
  samples: LoadedSample[];
}

/**
 * Opens a dataset by CID. Blocks not stored here are fetched from the peer (the whole DAG in one CAR
 * when `fetch` is set and a peer is configured), then everything is read locally. `offline` never
 * touches the network. Typed errors: DatasetManifestError, DatasetLabelError, DatasetShapeError,
 * CidMismatchError, BlockNotFoundError.
 */
export async function loadDataset(store: IpfsStore, cid: CID, opts: { onProgress?: OnProgress; signal?: AbortSignal; offline?: boolean; decodeImage?: ImageDecoder; range?: readonly [number, number] } = {}): Promise<LoadedDataset> {
  const offline = opts.offline ?? false;
  const net = { signal: opts.signal, offline };
  const entries = await store.ls(cid, net);
  const byName = new Map(entries.map((e) => [e.name, e.cid]));
  /** A file's bytes, checked against its CID: a raw leaf is one block (one sha2-256), a larger file is re-imported. */
  const read = async (name: string, what: string) => {
    const c = byName.get(name);
    if (!c) return undefined;
    if (c.code === raw.code) {
      const bytes = await store.block(c, net);
      await verifyBlock(c, bytes, what);
      return bytes;
    }
    const bytes = await store.cat(c, net);
    const actual = await hashOnly(bytes);
    if (actual.toString() !== c.toString()) throw new CidMismatchError(c.toString(), actual.toString(), what);
    return bytes;
  };
  const manifestBytes = await read(MANIFEST_FILE, MANIFEST_FILE);
  if (!manifestBytes) throw new DatasetManifestError(`${cid} has no ${MANIFEST_FILE}: not a ZKML dataset`, { details: { field: '(file)', cid: cid.toString() } });
  const manifest = parseManifest(manifestBytes);
  const labels = parseLabels(await read(LABELS_FILE, LABELS_FILE), manifest.input.encoding, manifest.labels);
  checkSampleFiles(labels, byName.keys());
  if (labels.length !== manifest.count) throw new DatasetManifestError(`${MANIFEST_FILE}: count is ${manifest.count} but ${LABELS_FILE} labels ${labels.length} samples`, { details: { field: 'count' } });
  // READ_CONCURRENCY reads in flight (IndexedDB and the gateway both gain from it), results in label order
  const samples: LoadedSample[] = new Array(labels.length);
  let next = 0, done = 0;
  const worker = async () => {
    while (next < labels.length) {
      const i = next++;
      const s = labels[i]!;
      opts.signal?.throwIfAborted();
      const bytes = await read(s.name, s.name);
      if (!bytes) throw new BlockNotFoundError(`${s.name} is missing from ${cid}`, { details: { file: s.name } });
      const decoded = await decodeSample(manifest, s.name, bytes, { decodeImage: opts.decodeImage, range: opts.range });
      samples[i] = { name: s.name, cid: byName.get(s.name)!, label: s.label, bytes, ...decoded };
      opts.onProgress?.({ done: ++done, total: labels.length, what: s.name });
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, labels.length) }, worker));
  return { cid, manifest, samples };
}
