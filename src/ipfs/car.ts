/**
 * CAR v1 (the trustless gateway's `?format=car` and kubo's `/api/v0/dag/import` body) over a DAG of
 * dag-pb and raw blocks: walk a DAG from local storage, write it as a CAR, and read a CAR checking
 * every block against its CID (CidMismatchError) before anything is stored.
 */
import * as dagPb from '@ipld/dag-pb';
import { CarBlockIterator } from '@ipld/car/iterator';
import { CarWriter } from '@ipld/car/writer';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { verifyBlock } from './cid.js';
import { IpfsError } from './errors.js';

export const CAR_CONTENT_TYPE = 'application/vnd.ipld.car';
export const RAW_CONTENT_TYPE = 'application/vnd.ipld.raw';

export type GetBlock = (cid: CID) => Promise<Uint8Array>;

/** Every block of the DAG under `root`, depth first, each once (dag-pb links followed; raw leaves). */
export async function* walkDag(root: CID, get: GetBlock): AsyncGenerator<{ cid: CID; bytes: Uint8Array }> {
  const seen = new Set<string>();
  const stack: CID[] = [root];
  while (stack.length) {
    const cid = stack.pop()!;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const bytes = await get(cid);
    yield { cid, bytes };
    if (cid.code === dagPb.code) {
      const links = dagPb.decode(bytes).Links;
      for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]!.Hash);
    } else if (cid.code !== raw.code) {
      throw new IpfsError(`block ${key} has codec 0x${cid.code.toString(16)}; only dag-pb and raw DAGs are walked`, { details: { cid: key } });
    }
  }
}

/** The DAG under `root` as one CAR v1 file (roots: [root]). */
export async function dagToCar(root: CID, get: GetBlock): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root]);
  const chunks: Uint8Array[] = [];
  const collect = (async () => { for await (const c of out) chunks.push(c); })();
  try {
    for await (const b of walkDag(root, get)) await writer.put(b);
  } finally {
    await writer.close();
  }
  await collect;
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const car = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) { car.set(c, o); o += c.length; }
  return car;
}

/** Reads a CAR, verifying each block's bytes against its CID; yields the roots first via `onRoots`. */
export async function* readCarVerified(source: Uint8Array | AsyncIterable<Uint8Array>, onRoots?: (roots: CID[]) => void): AsyncGenerator<{ cid: CID; bytes: Uint8Array }> {
  let it: CarBlockIterator;
  try {
    it = source instanceof Uint8Array ? await CarBlockIterator.fromBytes(source) : await CarBlockIterator.fromIterable(source);
  } catch (e) {
    throw new IpfsError(`not a CAR file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  onRoots?.(await it.getRoots());
  for await (const block of it) {
    await verifyBlock(block.cid, block.bytes);
    yield block;
  }
}
