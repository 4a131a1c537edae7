/**
 * The operations of an IPFS node, over a Helia node (browser: blockstore-idb; Node: blockstore-fs;
 * see browser.ts and node.ts): add files and folders (UnixFS, kubo's CIDs), fetch by CID with
 * progress, pin, list, remove, storage use; and the local peer: publish a DAG to it (kubo's
 * `/api/v0/dag/import`, a CAR), fetch a DAG from it (trustless gateway `?format=car`, every block
 * checked against its CID). Single blocks missing locally are fetched by Helia's trustless-gateway
 * block broker from the same peer.
 */
import type { Helia } from '@helia/interface';
import { unixfs, type UnixFS } from '@helia/unixfs';
import type { CID } from 'multiformats/cid';
import { hashOnly } from './cid.js';
import { dagToCar, readCarVerified, CAR_CONTENT_TYPE } from './car.js';
import { BlockNotFoundError, CidMismatchError, IpfsError, PeerError } from './errors.js';
import type { PeerConfig } from './network.js';
import { kuboImporterOptions } from './unixfs-options.js';

const PUT_CONCURRENCY = 32;

export interface AddedEntry { path: string; cid: CID; size: bigint }
export interface Progress { done: number; total: number; what?: string }
export type OnProgress = (p: Progress) => void;

export interface StoredRoot {
  cid: CID;
  metadata: Record<string, string | number | boolean>;
}

const concat = (chunks: Uint8Array[]) => {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
};

async function collect(it: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of it) chunks.push(c);
  return concat(chunks);
}

/** Helia's errors → ours: a block the network did not give, a CID that did not match. */
function mapError(e: unknown, cid: CID): never {
  if (e instanceof IpfsError) throw e;
  const name = (e as { name?: string })?.name ?? '';
  const inner = (e as { errors?: unknown[] }).errors ?? [];
  const msg = [e, ...inner].map((x) => (x instanceof Error ? `${x.name}: ${x.message}` : String(x))).join('; ');
  if (/hash|digest|InvalidMultihash|mismatch/i.test(msg) && /LoadBlockFailed|Verif|mismatch/i.test(msg)) {
    throw new CidMismatchError(cid.toString(), '(a peer sent other bytes)', 'block');
  }
  if (/NotFound|LoadBlockFailed|InvalidConfiguration|No block brokers|Abort/i.test(name + msg)) {
    throw new BlockNotFoundError(`${cid} is not stored here${/No block brokers|capable/.test(msg) ? ' and no IPFS peer is configured' : ' and the peer did not provide it'}`, { cause: e, details: { cid: cid.toString() } });
  }
  throw new IpfsError(`IPFS operation on ${cid} failed: ${msg}`, { cause: e, details: { cid: cid.toString() } });
}

export class IpfsStore {
  readonly fs: UnixFS;
  constructor(readonly helia: Helia, readonly peer?: PeerConfig) {
    this.fs = unixfs(helia);
  }

  /** The CID of bytes without storing them (kubo `--only-hash`). */
  hashOnly(bytes: Uint8Array): Promise<CID> {
    return hashOnly(bytes);
  }

  async addBytes(bytes: Uint8Array): Promise<CID> {
    return this.fs.addBytes(bytes, kuboImporterOptions());
  }

  /**
   * Adds files (flat or nested relative paths) as one UnixFS directory, kubo's `ipfs add -r` of a
   * folder holding them. Returns every entry (path '' is the directory) in import order.
   */
  async addDirectory(files: readonly { path: string; content: Uint8Array }[], opts: { onProgress?: OnProgress; signal?: AbortSignal } = {}): Promise<{ root: CID; entries: AddedEntry[] }> {
    const entries: AddedEntry[] = [];
    const total = files.length;
    let done = 0;
    const source = files.map((f) => ({ path: `root/${f.path}`, content: f.content }));
    for await (const r of this.fs.addAll(source, { ...kuboImporterOptions(), signal: opts.signal })) {
      const path = (r.path ?? '').replace(/^root\/?/, '');
      entries.push({ path, cid: r.cid, size: r.size });
      if (path !== '' && !path.includes('/')) opts.onProgress?.({ done: ++done, total, what: path });
    }
    const root = entries.find((e) => e.path === '');
    if (!root) throw new IpfsError('the importer returned no directory');
    return { root: root.cid, entries };
  }

  /** A file's bytes (fetched from the peer when not stored and `offline` is not set). */
  async cat(cid: CID, opts: { signal?: AbortSignal; offline?: boolean } = {}): Promise<Uint8Array> {
    try {
      return await collect(this.fs.cat(cid, { signal: opts.signal, offline: opts.offline }));
    } catch (e) {
      return mapError(e, cid);
    }
  }

  /** One block (fetched from the peer when not stored and `offline` is not set; such a block is verified by Helia). */
  async block(cid: CID, opts: { signal?: AbortSignal; offline?: boolean } = {}): Promise<Uint8Array> {
    try {
      return await collect(this.helia.blockstore.get(cid, { signal: opts.signal, offline: opts.offline }));
    } catch (e) {
      return mapError(e, cid);
    }
  }

  /** A directory's entries. */
  async ls(cid: CID, opts: { signal?: AbortSignal; offline?: boolean } = {}): Promise<{ name: string; cid: CID; size: bigint }[]> {
    try {
      const out: { name: string; cid: CID; size: bigint }[] = [];
      for await (const e of this.fs.ls(cid, { signal: opts.signal, offline: opts.offline } as Parameters<UnixFS['ls']>[1])) out.push({ name: e.name, cid: e.cid, size: e.size });
      return out;
    } catch (e) {
      return mapError(e, cid);
    }
  }

  /** Whether every block is stored here (no network). */
  async hasLocally(cid: CID): Promise<boolean> {
    return this.helia.blockstore.has(cid);
  }

  /** Pins a DAG (all its blocks must be stored or obtainable) with metadata, replacing an older pin's. */
  async pin(cid: CID, metadata: Record<string, string | number | boolean> = {}, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (await this.helia.pins.isPinned(cid)) { await this.helia.pins.setMetadata(cid, metadata); return; }
    try {
      for await (const _ of this.helia.pins.add(cid, { metadata, signal: opts.signal })) { /* walk */ }
    } catch (e) {
      mapError(e, cid);
    }
  }

  async pins(): Promise<StoredRoot[]> {
    const out: StoredRoot[] = [];
    for await (const p of this.helia.pins.ls()) out.push({ cid: p.cid, metadata: p.metadata });
    return out;
  }

  /** Unpins a DAG and deletes every block no other pin holds. */
  async remove(cid: CID): Promise<void> {
    if (await this.helia.pins.isPinned(cid)) for await (const _ of this.helia.pins.rm(cid)) { /* walk */ }
    await this.helia.gc();
  }

  /** Blocks and bytes stored. */
  async storageUse(): Promise<{ blocks: number; bytes: number }> {
    let blocks = 0, bytes = 0;
    for await (const { bytes: b } of this.helia.blockstore.getAll()) {
      blocks++;
      for await (const c of b) bytes += c.length;
    }
    return { blocks, bytes };
  }

  /** One stored block (no network). */
  async localBlock(cid: CID): Promise<Uint8Array> {
    try {
      return await collect(this.helia.blockstore.get(cid, { offline: true }));
    } catch (e) {
      throw new BlockNotFoundError(`${cid} is not stored here`, { cause: e, details: { cid: cid.toString() } });
    }
  }

  /** The DAG under `root` as a CAR (from local blocks). */
  exportCar(root: CID): Promise<Uint8Array> {
    return dagToCar(root, (c) => this.localBlock(c));
  }

  /**
   * Imports a CAR: every block checked against its CID before it is stored (CidMismatchError
   * otherwise). Returns the CAR's roots and the block count.
   */
  async importCar(source: Uint8Array | AsyncIterable<Uint8Array>, opts: { onBlock?: (n: number) => void } = {}): Promise<{ roots: CID[]; blocks: number }> {
    let roots: CID[] = [];
    let n = 0;
    let failed: unknown;
    // up to PUT_CONCURRENCY writes in flight: IndexedDB pipelines them (one transaction per block)
    const pending = new Set<Promise<void>>();
    for await (const b of readCarVerified(source, (r) => { roots = r; })) {
      if (failed) break;
      const p: Promise<void> = Promise.resolve(this.helia.blockstore.put(b.cid, b.bytes)).then(
        () => { n++; opts.onBlock?.(n); },
        (e: unknown) => { failed ??= e; },
      ).finally(() => { pending.delete(p); });
      pending.add(p);
      if (pending.size >= PUT_CONCURRENCY) await Promise.race(pending);
    }
    await Promise.all(pending);
    if (failed) throw failed;
    return { roots, blocks: n };
  }

  private needPeer(): PeerConfig {
    if (!this.peer) throw new PeerError('no local IPFS peer is configured (start it with npm start or npm run ipfs)');
    return this.peer;
  }

  /** Is the peer answering? (kubo's /api/v0/version) */
  async peerVersion(opts: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    if (!this.peer) return undefined;
    try {
      const r = await fetch(`${this.peer.api}/api/v0/version`, { method: 'POST', signal: opts.signal ?? AbortSignal.timeout(3000) });
      if (!r.ok) return undefined;
      return String(((await r.json()) as { Version?: unknown }).Version ?? 'unknown');
    } catch {
      return undefined;
    }
  }

  /** Sends the DAG under `root` to the peer as one CAR (kubo `POST /api/v0/dag/import`). */
  async publish(root: CID, opts: { signal?: AbortSignal } = {}): Promise<{ blocks: number; bytes: number }> {
    const peer = this.needPeer();
    const car = await this.exportCar(root);
    const form = new FormData();
    form.append('file', new Blob([car as Uint8Array<ArrayBuffer>], { type: CAR_CONTENT_TYPE }), 'dag.car');
    let res: Response;
    try {
      res = await fetch(`${peer.api}/api/v0/dag/import?pin-roots=true`, { method: 'POST', body: form, signal: opts.signal });
    } catch (e) {
      throw new PeerError(`the IPFS peer at ${peer.api} cannot be reached: ${e instanceof Error ? e.message : String(e)}`, { cause: e, details: { url: peer.api } });
    }
    const text = await res.text();
    if (!res.ok) throw new PeerError(`the IPFS peer refused the upload: HTTP ${res.status} ${text.slice(0, 300)}`, { details: { status: res.status } });
    let blocks = 0;
    for (const line of text.split('\n')) {
      try { blocks = Math.max(blocks, Number((JSON.parse(line) as { Stats?: { BlockCount?: number } }).Stats?.BlockCount ?? 0)); } catch { /* not a stats line */ }
    }
    return { blocks, bytes: car.length };
  }

  /**
   * Fetches the whole DAG under `root` from the peer's trustless gateway (`?format=car`), checking
   * every block, unless it is already stored. Progress is in bytes received.
   */
  async fetchFromPeer(root: CID, opts: { onProgress?: OnProgress; signal?: AbortSignal } = {}): Promise<{ blocks: number }> {
    const peer = this.needPeer();
    let res: Response;
    try {
      res = await fetch(`${peer.gateway}/ipfs/${root}?format=car&dag-scope=all`, { headers: { accept: CAR_CONTENT_TYPE }, signal: opts.signal });
    } catch (e) {
      throw new PeerError(`the IPFS peer at ${peer.gateway} cannot be reached: ${e instanceof Error ? e.message : String(e)}`, { cause: e, details: { url: peer.gateway } });
    }
    if (res.status === 404) throw new BlockNotFoundError(`${root} is neither stored here nor on the IPFS peer`, { details: { cid: root.toString() } });
    if (!res.ok || !res.body) throw new PeerError(`the IPFS peer answered HTTP ${res.status} for ${root}`, { details: { status: res.status } });
    const total = Number(res.headers.get('content-length') ?? 0);
    let done = 0;
    const body = res.body;
    const chunks = (async function* () {
      const reader = body.getReader();
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        done += value.length;
        opts.onProgress?.({ done, total: total || done, what: 'bytes' });
        yield value;
      }
    })();
    const { roots, blocks } = await this.importCar(chunks);
    if (!roots.some((r) => r.equals(root))) throw new CidMismatchError(root.toString(), roots.map(String).join(', ') || '(no root)', 'CAR root');
    if (!(await this.hasLocally(root))) throw new BlockNotFoundError(`the peer's CAR for ${root} did not hold its root block`, { details: { cid: root.toString() } });
    return { blocks };
  }

  async stop(): Promise<void> {
    await this.helia.stop();
  }
}
