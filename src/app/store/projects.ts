/**
 * Projects in the browser (IndexedDB, through `idb`): the model files, the circuit and every artifact
 * made from it, kept across sessions and offline.
 *
 *   const store = await ProjectStore.open();
 *   const saved = await store.put({ name: 'MNIST CNN', artifacts: { modelFiles, circuitSource, r1cs, wasm, zkey, vkey } });
 *   const all = await store.list();             // summaries only (no artifact bytes read)
 *   const p = await store.get(saved.id);         // summary + artifacts
 *   await store.patch(saved.id, { artifacts: { proofs: [...p.artifacts.proofs ?? [], proof] } });
 *   await store.delete(saved.id);
 *
 * Layout: database `zkml-projects`, store `projects` (one small summary per project, what `list` reads)
 * and store `artifacts` (one record per artifact, key [projectId, artifact name], index `projectId`).
 *
 * Atomicity: `put`, `patch` and `delete` are each ONE readwrite transaction over both stores. If any
 * part fails — typically the quota, when a 100 MB zkey does not fit — the transaction is aborted and
 * nothing of that write remains: a new project is absent, an existing one keeps its previous version
 * in full. Failures are `StorageError`s with `details.kind`:
 *   'quota'       the origin's storage quota is exhausted (message says how much was needed and is free)
 *   'evicted'     the browser closed/deleted the database underneath us (site data cleared, or evicted
 *                 under storage pressure); the store reopens on the next call
 *   'unavailable' IndexedDB cannot be opened (private mode, disabled, disk error)
 *   'invalid'     the project holds something that cannot be stored (e.g. a function)
 *   'aborted'     the transaction aborted for another reason
 * `put` also asks for persistent storage (`navigator.storage.persist()`, once) so the browser does not
 * evict projects under storage pressure; `persisted()` tells whether it agreed.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type DBSchema } from 'idb';
import type * as snarkjs from 'snarkjs';
import { ZkmlError } from '../../core/errors.js';
import type { Scheme } from '../../zk/ptau.js';

export const PROJECTS_DB = 'zkml-projects';
const DB_VERSION = 1;

// ── types ─────────────────────────────────────────────────────────────────────────────────────

export interface StoredModelFile { name: string; bytes: Uint8Array }

/** A proof kept with its project. */
export interface StoredProof {
  id: string;
  createdAt: string;
  scheme: Scheme;
  proof: snarkjs.Proof;
  publicSignals: string[];
  /** the predicted class, when the circuit outputs one */
  outputClass?: number;
  /** the input it was made for, for display (row-major values × scale) */
  input?: { shape: number[]; data: number[]; scale?: number };
  label?: string;
  /**
   * The model and input commitments (decimal), when the proof has them: as public signals, or folded
   * into its one public `claim` (docs/PROTOCOL.md §3a), which they are checked to give before saving.
   */
  commitments?: { model: string; input?: string };
  /** its verification on chain (VerifierRegistry.verify), when it was put there */
  onChain?: StoredOnChainReceipt;
}

/** A claim recorded on chain by VerifierRegistry.verify (hex strings; big numbers as decimal strings). */
export interface StoredOnChainReceipt {
  chainId: number;
  registry: `0x${string}`;
  circuitId: `0x${string}`;
  claimHash: `0x${string}`;
  publicSignalsHash: `0x${string}`;
  /** the account the claim is recorded for (the first one to verify it) */
  prover: `0x${string}`;
  blockNumber: string;
  /** the verify transaction (null if the node no longer has its logs) */
  txHash: `0x${string}` | null;
  /** gas used and the explicit gas limit, when this app sent the transaction */
  gasUsed?: string;
  gasLimit?: string;
  /** false when the claim had been recorded before, so no transaction was sent */
  recordedHere: boolean;
  /** ISO 8601 */
  checkedAt: string;
}

/** The large parts of a project; each is stored as its own record. */
export interface ProjectArtifacts {
  modelFiles?: StoredModelFile[];
  circuitSource?: string;
  /** quantization.json from the transpiler */
  quantization?: string;
  r1cs?: Uint8Array;
  /** the witness calculator */
  wasm?: Uint8Array;
  zkey?: Uint8Array;
  vkey?: snarkjs.VerificationKey;
  proofs?: StoredProof[];
  solidity?: string;
}
export type ArtifactName = keyof ProjectArtifacts;
export const ARTIFACT_NAMES: readonly ArtifactName[] = ['modelFiles', 'circuitSource', 'quantization', 'r1cs', 'wasm', 'zkey', 'vkey', 'proofs', 'solidity'];

/** The small, descriptive part of a project. */
export interface ProjectMeta {
  id: string;
  name: string;
  /** ISO 8601 */
  createdAt: string;
  updatedAt: string;
  model?: { name: string; format: string; inputShape: number[] };
  scheme?: Scheme;
  ptauPower?: number;
  /** snarkjs order (the transpiler's `publicSignals`) */
  publicSignalNames?: string[];
  /** anything else the UI wants to keep (plain JSON-like data) */
  extra?: Record<string, unknown>;
}

/** What `list` returns: the meta and what is stored, without reading any artifact. */
export interface ProjectSummary extends ProjectMeta {
  /** bytes per stored artifact */
  sizes: Partial<Record<ArtifactName, number>>;
  totalBytes: number;
}

export interface Project extends ProjectSummary {
  artifacts: ProjectArtifacts;
}

/** What `put` takes: id and times are filled in when absent. */
export type ProjectInput = Omit<ProjectMeta, 'id' | 'createdAt' | 'updatedAt'> & Partial<Pick<ProjectMeta, 'id' | 'createdAt' | 'updatedAt'>> & {
  artifacts: ProjectArtifacts;
};

export type StorageErrorKind = 'quota' | 'evicted' | 'unavailable' | 'invalid' | 'aborted';

export class StorageError extends ZkmlError {
  override name = 'StorageError';
  constructor(kind: StorageErrorKind, message: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: opts.cause, details: { kind, ...opts.details } });
  }
  get kind(): StorageErrorKind {
    return this.details.kind as StorageErrorKind;
  }
}

interface ArtifactRecord { projectId: string; name: ArtifactName; value: unknown; bytes: number }

interface Schema extends DBSchema {
  projects: { key: string; value: ProjectSummary };
  artifacts: { key: [string, string]; value: ArtifactRecord; indexes: { projectId: string } };
}
type WriteTx = IDBPTransaction<Schema, ('projects' | 'artifacts')[], 'readwrite'>;

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

export function formatBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? n : n < 10 ? n.toFixed(1) : Math.round(n)} ${u[i]}`;
}

/** A view over exactly its bytes (a structured clone of a subarray would store its whole buffer). */
function exact(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b : b.slice();
}

/** Approximate stored size of a value (bytes of binary data, UTF-16 code units ×2 for text, JSON for the rest). */
function sizeOf(v: unknown): number {
  if (v instanceof Uint8Array) return v.byteLength;
  if (typeof v === 'string') return v.length * 2;
  if (Array.isArray(v)) return v.reduce((a: number, x) => a + sizeOf(x), 0);
  if (v && typeof v === 'object') return Object.entries(v).reduce((a, [k, x]) => a + k.length * 2 + sizeOf(x), 0);
  return 8;
}

function normalise(name: ArtifactName, v: unknown): unknown {
  if (v instanceof Uint8Array) return exact(v);
  if (name === 'modelFiles' && Array.isArray(v)) return v.map((f: StoredModelFile) => ({ name: f.name, bytes: exact(f.bytes) }));
  return v;
}

function newId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const errName = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : undefined;

/** All artifact keys of one project: [id] < [id, name] < [id, []] (arrays sort after strings). */
const projectRange = (id: string) => IDBKeyRange.bound([id], [id, []]);

// ── the store ─────────────────────────────────────────────────────────────────────────────────

export interface ProjectStoreOptions {
  /** database name (tests use their own) */
  dbName?: string;
  /** ask for persistent storage on the first put (default true) */
  persist?: boolean;
  /** called when the browser closes the database underneath us (eviction, site data cleared) */
  onEvicted?: (e: StorageError) => void;
}

export class ProjectStore {
  private dbp?: Promise<IDBPDatabase<Schema>>;
  private terminated = false;
  private persistAsked = false;

  private constructor(private readonly opts: ProjectStoreOptions) {}

  /** Opens (or creates) the database. Throws `StorageError` ('unavailable') when IndexedDB cannot be used. */
  static async open(opts: ProjectStoreOptions = {}): Promise<ProjectStore> {
    const s = new ProjectStore(opts);
    await s.db();
    return s;
  }

  get dbName(): string {
    return this.opts.dbName ?? PROJECTS_DB;
  }

  private db(): Promise<IDBPDatabase<Schema>> {
    if (this.terminated) {
      // Tell the next caller once; the call after that reopens (a fresh, possibly empty, database).
      this.terminated = false;
      return Promise.reject(this.evictedError());
    }
    this.dbp ??= openDB<Schema>(this.dbName, DB_VERSION, {
      upgrade(db) {
        if (!db.objectStoreNames.contains('projects')) db.createObjectStore('projects', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('artifacts')) {
          const a = db.createObjectStore('artifacts', { keyPath: ['projectId', 'name'] });
          a.createIndex('projectId', 'projectId');
        }
      },
      blocking: () => { void this.close(); }, // a newer version elsewhere: let it upgrade
      terminated: () => {
        // The browser closed the connection: site data cleared, or evicted under storage pressure.
        this.terminated = true;
        this.dbp = undefined;
        this.opts.onEvicted?.(this.evictedError());
      },
    }).catch((e: unknown) => {
      this.dbp = undefined;
      throw new StorageError('unavailable', `Projects cannot be stored in this browser (IndexedDB: ${errName(e) ?? 'error'}${e instanceof Error && e.message ? ` — ${e.message}` : ''}). Private windows and some privacy settings disable it.`, { cause: e });
    });
    return this.dbp;
  }

  private evictedError(cause?: unknown): StorageError {
    return new StorageError('evicted', 'The browser closed the project database: its stored data was cleared or evicted to free disk space. Projects saved earlier may be gone; keep copies of what matters (exports, share links).', { cause });
  }

  /** Closes the connection (the next call reopens it). */
  async close(): Promise<void> {
    const p = this.dbp;
    this.dbp = undefined;
    if (p) (await p.catch(() => undefined))?.close();
  }

  /** Every project's summary, most recently updated first. No artifact is read. */
  async list(): Promise<ProjectSummary[]> {
    return this.run('list', async (db) => {
      const all = await db.getAll('projects');
      return all.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    });
  }

  /** The project with all its artifacts, or undefined. */
  async get(id: string): Promise<Project | undefined> {
    return this.run('get', async (db) => {
      const tx = db.transaction(['projects', 'artifacts'], 'readonly');
      const [summary, records] = await Promise.all([tx.objectStore('projects').get(id), tx.objectStore('artifacts').getAll(projectRange(id)), tx.done]);
      if (!summary) return undefined;
      const artifacts: ProjectArtifacts = {};
      for (const r of records) (artifacts as Record<string, unknown>)[r.name] = r.value;
      return { ...summary, artifacts };
    });
  }

  /** One artifact of a project (e.g. just the zkey to prove), or undefined. */
  async getArtifact<K extends ArtifactName>(id: string, name: K): Promise<ProjectArtifacts[K] | undefined> {
    return this.run('get', async (db) => (await db.get('artifacts', [id, name]))?.value as ProjectArtifacts[K] | undefined);
  }

  /**
   * Saves a project whole — summary and every artifact — in one transaction, replacing any previous
   * version with the same id (artifacts it no longer has are removed). Returns the stored summary.
   * On failure nothing of it is written (see the file comment), and a `StorageError` says why.
   */
  async put(project: ProjectInput): Promise<ProjectSummary> {
    const now = new Date().toISOString();
    const id = project.id ?? newId();
    const { artifacts, ...meta } = project;
    const records: ArtifactRecord[] = [];
    for (const name of ARTIFACT_NAMES) {
      const v = artifacts[name];
      if (v === undefined || v === null) continue;
      const value = normalise(name, v);
      records.push({ projectId: id, name, value, bytes: sizeOf(value) });
    }
    const summary: ProjectSummary = {
      ...meta, id,
      createdAt: project.createdAt ?? now,
      updatedAt: project.updatedAt ?? now,
      sizes: Object.fromEntries(records.map((r) => [r.name, r.bytes])),
      totalBytes: records.reduce((a, r) => a + r.bytes, 0),
    };
    await this.write('put', id, summary.totalBytes, async (tx) => {
      const art = tx.objectStore('artifacts');
      const old = await tx.objectStore('projects').get(id);
      if (old) summary.createdAt = project.createdAt ?? old.createdAt;
      const keep = new Set(records.map((r) => r.name));
      for (const k of await art.getAllKeys(projectRange(id))) if (!keep.has(k[1] as ArtifactName)) await art.delete(k);
      for (const r of records) await art.put(r);
      await tx.objectStore('projects').put(summary);
    });
    void this.askPersistence();
    return summary;
  }

  /**
   * Changes part of a project in one transaction: meta fields, and artifacts by name (a value replaces,
   * `null` removes; artifacts not named are untouched, so adding a proof does not rewrite the zkey).
   * Throws `StorageError` ('invalid') when there is no such project.
   */
  async patch(id: string, changes: { meta?: Partial<Omit<ProjectMeta, 'id' | 'createdAt'>>; artifacts?: { [K in ArtifactName]?: ProjectArtifacts[K] | null } }): Promise<ProjectSummary> {
    let result: ProjectSummary | undefined;
    const entries = Object.entries(changes.artifacts ?? {}) as [ArtifactName, unknown][];
    for (const [name] of entries) if (!ARTIFACT_NAMES.includes(name)) throw new StorageError('invalid', `unknown artifact "${name}"`);
    const added = entries.reduce((a, [n, v]) => a + (v === null || v === undefined ? 0 : sizeOf(normalise(n, v))), 0);
    await this.write('patch', id, added, async (tx) => {
      const old = await tx.objectStore('projects').get(id);
      if (!old) throw new StorageError('invalid', `no project ${id}`, { details: { projectId: id } });
      const art = tx.objectStore('artifacts');
      const sizes = { ...old.sizes };
      for (const [name, v] of entries) {
        if (v === undefined) continue;
        if (v === null) {
          await art.delete([id, name]);
          delete sizes[name];
        } else {
          const value = normalise(name, v);
          const bytes = sizeOf(value);
          await art.put({ projectId: id, name, value, bytes });
          sizes[name] = bytes;
        }
      }
      result = {
        ...old, ...changes.meta, id, createdAt: old.createdAt,
        updatedAt: changes.meta?.updatedAt ?? new Date().toISOString(),
        sizes, totalBytes: Object.values(sizes).reduce((a, b) => a + (b ?? 0), 0),
      };
      await tx.objectStore('projects').put(result);
    });
    return result!;
  }

  /** Removes a project and all its artifacts (one transaction). Resolves false if there was none. */
  async delete(id: string): Promise<boolean> {
    let existed = false;
    await this.write('delete', id, 0, async (tx) => {
      existed = (await tx.objectStore('projects').getKey(id)) !== undefined;
      await tx.objectStore('artifacts').delete(projectRange(id));
      await tx.objectStore('projects').delete(id);
    });
    return existed;
  }

  /** Whether the browser has granted persistent storage (projects are then not evicted under pressure). */
  async persisted(): Promise<boolean | undefined> {
    return navigator.storage?.persisted ? navigator.storage.persisted() : undefined;
  }

  /** Asks for persistent storage (`navigator.storage.persist()`); resolves with the answer. */
  async requestPersistence(): Promise<boolean | undefined> {
    this.persistAsked = true;
    try {
      return navigator.storage?.persist ? await navigator.storage.persist() : undefined;
    } catch {
      return undefined;
    }
  }

  /** Usage and quota of this origin (all its storage, not only projects), when the browser says. */
  async estimate(): Promise<{ usage?: number; quota?: number; available?: number }> {
    try {
      const e = await navigator.storage?.estimate?.();
      if (!e) return {};
      return { usage: e.usage, quota: e.quota, available: e.quota !== undefined && e.usage !== undefined ? Math.max(0, e.quota - e.usage) : undefined };
    } catch {
      return {};
    }
  }

  private askPersistence(): Promise<unknown> {
    if (this.persistAsked || this.opts.persist === false) return Promise.resolve();
    return this.requestPersistence();
  }

  // ── plumbing ──

  /** Runs a read, turning failures into StorageErrors. */
  private async run<T>(what: string, f: (db: IDBPDatabase<Schema>) => Promise<T>): Promise<T> {
    try {
      return await f(await this.db());
    } catch (e) {
      throw await this.storageError(e, what);
    }
  }

  /**
   * One readwrite transaction over both stores. Any failure aborts it (if IndexedDB has not already),
   * so nothing of the write is committed.
   */
  private async write(what: string, id: string, bytes: number, f: (tx: WriteTx) => Promise<void>): Promise<void> {
    let tx: WriteTx | undefined;
    try {
      const db = await this.db();
      tx = db.transaction(['projects', 'artifacts'], 'readwrite', { durability: 'strict' });
      const done = tx.done;
      done.catch(() => {}); // observed below; avoid an unhandled rejection if f throws first
      try {
        await f(tx);
      } catch (e) {
        try { tx.abort(); } catch { /* already aborted or finished */ }
        throw e;
      }
      await done;
    } catch (e) {
      throw await this.storageError(e ?? tx?.error, what, { projectId: id, bytes });
    }
  }

  private async storageError(e: unknown, what: string, details: { projectId?: string; bytes?: number } = {}): Promise<StorageError> {
    if (e instanceof StorageError) return e;
    const name = errName(e);
    if (name === 'QuotaExceededError' || (e instanceof Error && /quota/i.test(e.message))) {
      const est = await this.estimate();
      const need = details.bytes ? `${formatBytes(details.bytes)} ` : '';
      // The estimate is only a hint (it can lag, and the disk can be fuller than the quota says).
      const plausible = est.available !== undefined && details.bytes !== undefined && est.available < 2 * details.bytes;
      const why = plausible
        ? `only about ${formatBytes(est.available!)} of this site's ${formatBytes(est.quota!)} quota is free.`
        : 'the browser refused it for lack of space (its quota for this site, or the disk, is full).';
      return new StorageError('quota', `Not enough storage to save ${need}of project data: ${why} Nothing was saved. Delete old projects or their large files (zkeys), or free disk space.`, {
        cause: e, details: { ...details, usage: est.usage, quota: est.quota },
      });
    }
    if (this.terminated || name === 'InvalidStateError' || (name === 'AbortError' && this.dbp === undefined)) {
      this.terminated = false;
      return this.evictedError(e);
    }
    if (name === 'DataCloneError' || name === 'DataError') {
      return new StorageError('invalid', `The project cannot be stored (${what}): ${e instanceof Error ? e.message : String(e)}`, { cause: e, details });
    }
    if (name === 'UnknownError') {
      return new StorageError('unavailable', `The browser's storage failed (${what}): ${e instanceof Error ? e.message : String(e)}. The disk may be full.`, { cause: e, details });
    }
    return new StorageError('aborted', `Saving failed (${what}): ${e instanceof Error ? e.message : String(e)}. Nothing was saved.`, { cause: e, details });
  }
}
