/**
 * `zkml dataset add <folder>` and `zkml dataset get <cid> -o <folder>`: datasets on IPFS from the
 * command line, through a Helia node whose blocks live in .zkml/cli-ipfs/ (git-ignored). `add` checks
 * the folder (samples + labels.json, dataset.json written when absent), prints every file's CID and
 * the dataset's, and publishes to the local peer when one is running (npm start / npm run ipfs; found
 * through public/ipfs.json, $ZKML_IPFS_PEER or --peer; $ZKML_IPFS_REPO moves the block store). `get` fetches from the peer (one CAR over the trustless
 * gateway, every block checked) unless stored, checks the dataset and writes its files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareDataset } from '../../src/core/dataset/index.js';
import { parseCid } from '../../src/ipfs/cid.js';
import { addDataset, loadDataset } from '../../src/ipfs/dataset.js';
import { parsePeerConfig, type PeerConfig } from '../../src/ipfs/network.js';
import { createNodeIpfs, REPO_ROOT } from '../../src/ipfs/node.js';
import type { IpfsStore } from '../../src/ipfs/store.js';
import { FileError } from '../errors.js';
import { type Io, int, silent } from '../format.js';

export const CLI_IPFS_DIR = path.join(REPO_ROOT, '.zkml/cli-ipfs');

export interface DatasetCommonOptions extends Io {
  /** peer base URL (gateway and API); default: public/ipfs.json when the peer answers */
  peer?: string;
  /** the CLI's block store */
  repo?: string;
  /** allow a peer off 127.0.0.1 (a public trustless gateway): explicit, off by default */
  allowPublic?: boolean;
}

/** The local peer: --peer, else $ZKML_IPFS_PEER, else public/ipfs.json (written by npm start / npm run ipfs). */
function findPeer(url?: string): PeerConfig | undefined {
  const u = url ?? process.env.ZKML_IPFS_PEER;
  if (u) return { gateway: u.replace(/\/$/, ''), api: u.replace(/\/$/, '') };
  try {
    return parsePeerConfig(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'public/ipfs.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

async function open(opts: DatasetCommonOptions): Promise<{ store: IpfsStore; running: boolean }> {
  const store = await createNodeIpfs({ dir: opts.repo ?? process.env.ZKML_IPFS_REPO ?? CLI_IPFS_DIR, peer: findPeer(opts.peer), allowPublic: opts.allowPublic });
  return { store, running: (await store.peerVersion()) !== undefined };
}

function readFolder(dir: string): { path: string; content: Uint8Array }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new FileError(`dataset folder ${dir} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read'}`, { cause: e, details: { dir } });
  }
  return names.filter((n) => fs.statSync(path.join(dir, n)).isFile()).map((n) => ({ path: n, content: new Uint8Array(fs.readFileSync(path.join(dir, n))) }));
}

export async function datasetAddCommand(opts: DatasetCommonOptions & { folder: string; description?: string; publish?: boolean }): Promise<{ cid: string; files: { path: string; cid: string }[]; published: boolean }> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const prepared = await prepareDataset(readFolder(opts.folder), { description: opts.description });
  const { store, running } = await open(opts);
  try {
    const added = await addDataset(store, prepared);
    for (const f of added.files) out(`${f.cid}  ${f.path}`);
    out(`${added.cid}  (dataset: ${int(prepared.manifest.count)} ${prepared.manifest.input.encoding} samples of ${prepared.manifest.input.shape.join('×')}, labels ${prepared.manifest.labels.join(', ')})`);
    let published = false;
    if (opts.publish !== false && running) {
      const r = await store.publish(added.cid);
      err(`published ${int(r.blocks)} blocks to the local IPFS peer ${store.peer!.api}`);
      published = true;
    } else if (opts.publish !== false) {
      err('the local IPFS peer is not running (npm start or npm run ipfs): stored here only');
    }
    return { cid: added.cid.toString(), files: added.files.map((f) => ({ path: f.path, cid: f.cid.toString() })), published };
  } finally {
    await store.stop();
  }
}

export async function datasetGetCommand(opts: DatasetCommonOptions & { cid: string; out: string }): Promise<{ count: number }> {
  const print = opts.print ?? silent, err = opts.progress ?? silent;
  const cid = parseCid(opts.cid);
  const { store, running } = await open(opts);
  try {
    if (!(await store.hasLocally(cid)) && running) {
      const r = await store.fetchFromPeer(cid);
      err(`fetched ${int(r.blocks)} blocks from the local IPFS peer ${store.peer!.gateway}`);
    }
    const d = await loadDataset(store, cid, { offline: !running });
    fs.mkdirSync(opts.out, { recursive: true });
    for (const name of [...d.samples.map((s) => s.name), 'labels.json', 'dataset.json']) {
      const entry = d.samples.find((s) => s.name === name);
      const bytes = entry ? entry.bytes : await store.cat((await store.ls(cid, { offline: true })).find((e) => e.name === name)!.cid, { offline: true });
      fs.writeFileSync(path.join(opts.out, name), bytes);
    }
    print(`${cid}: ${int(d.samples.length)} samples (${d.manifest.input.encoding} ${d.manifest.input.shape.join('×')}, labels ${d.manifest.labels.join(', ')}) written to ${opts.out}`);
    return { count: d.samples.length };
  } finally {
    await store.stop();
  }
}
