/**
 * Proves the K batches of an accuracy circuit (docs/PROTOCOL.md §6) with a pool of provers, one job
 * per batch, and keeps every finished proof in a `BatchProofStore` as soon as it exists, so a restart
 * (a reload, a crash, a cancel) proves only what is missing. Plain TypeScript with no DOM or worker
 * APIs: the browser runs it on resident-key workers (./resident-pool.ts `proveBatchesInWorkers`: each
 * worker receives the wasm and zkey once, then only batch inputs), Node passes a `ResidentProver`
 * (./resident-prover.ts) or snark-ops' `prove` directly, and the stores are IndexedDB (./proof-store.ts) or memory.
 *
 *   const size = poolSize({ hardwareConcurrency: navigator.hardwareConcurrency, deviceMemory: navigator.deviceMemory, proofMiB: proofMiBOf(zkey.byteLength) });
 *   const r = await proveBatchesInWorkers({            // or proveBatches({ …, provers }) with provers of your own
 *     key: { bountyId: '7', circuit: await circuitId(vkey) }, batches: K, keys: { wasm, zkey }, workers: size.workers,
 *     job: (k) => { const w = accuracyWitness(q, acc, ts, k, bind); return { input: w.input, publicSignals: w.publicSignals }; },
 *     verify: (p, s) => …, store,
 *     onProgress: (p) => show(p.fraction, p.etaMs, p.batches), signal: ac.signal,
 *   });
 *   r.proofs[k]  // { proof, publicSignals } for every batch, in order
 *
 * Resume check: a stored proof is used only if its public signals are exactly the ones `job(k)`
 * expects (testRoot, batch index, commitment, beneficiary, bounty id and the count) and, when
 * `verify` is given, it verifies; otherwise it is deleted and proved again (`BatchProgress.state`
 * says which). Cancel: abort `signal`; the running proofs stop (their workers are terminated by the
 * client) and the call rejects with `BatchPoolError('cancelled')`; finished proofs stay stored.
 */
import { ZkmlError } from '../../core/errors.js';

export type BatchPoolErrorReason = 'cancelled' | 'prove' | 'mismatch' | 'options' | 'store';

/**
 * Why proving the batches stopped: `cancelled` (the signal fired), `prove` (a batch's proof failed;
 * `details.batch`, the cause attached), `mismatch` (a fresh proof's public signals are not the ones
 * expected for its batch), `options` (no provers, K not a positive integer), `store` (the proof store failed).
 */
export class BatchPoolError extends ZkmlError {
  override name = 'BatchPoolError';
  constructor(readonly reason: BatchPoolErrorReason, message: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: opts.cause, details: { reason, ...opts.details } });
  }
}

/** What every proof system here returns (snarkjs's shape; public signals as decimal strings). */
export interface BatchProof {
  proof: unknown;
  publicSignals: string[];
}

/** A stored batch proof: keyed by (bountyId, circuit, batch). */
export interface StoredBatchProof extends BatchProof {
  bountyId: string;
  circuit: string;
  batch: number;
  /** ISO 8601 */
  createdAt: string;
  /** proving time of this batch (witness + proof), ms */
  ms: number;
}

export interface BatchKey {
  /** the bounty the proofs are for (a decimal string) */
  bountyId: string;
  /** which circuit and key: e.g. `circuitId(vkey)` */
  circuit: string;
}

/** Where finished proofs go: IndexedDB in the browser (`IdbBatchProofStore`), memory or files elsewhere. */
export interface BatchProofStore {
  get(key: BatchKey, batch: number): Promise<StoredBatchProof | undefined>;
  put(record: StoredBatchProof): Promise<void>;
  delete(key: BatchKey, batch: number): Promise<void>;
}

/** One proof job in a prover: the circuit input of a batch; reports the fraction of the proof done. */
export type BatchProver = (
  input: Record<string, unknown>,
  opts: { signal: AbortSignal; onProgress: (fraction: number | undefined, stage: string) => void },
) => Promise<BatchProof>;

export type BatchState = 'pending' | 'checking' | 'resumed' | 'witness' | 'proving' | 'done' | 'failed';

export interface BatchProgress {
  batch: number;
  state: BatchState;
  /** 0…1 of this batch (1 when resumed or done) */
  fraction: number;
  /** the prover (worker) index running it */
  worker?: number;
  ms?: number;
  /** set when a stored proof was refused and proved again: why */
  discarded?: string;
}

export interface PoolProgress {
  batches: BatchProgress[];
  /** batches finished (proved now or resumed) */
  done: number;
  resumed: number;
  total: number;
  /** 0…1 over all batches, counting running ones by their own fraction */
  fraction: number;
  /** estimated ms left, from the batches proved in this run (undefined until one is) */
  etaMs?: number;
  elapsedMs: number;
}

export interface BatchJob {
  /** the circuit input of this batch (e.g. `accuracyWitness(...).input`) */
  input: Record<string, unknown>;
  /** the public signals its proof must have, in snarkjs order */
  publicSignals: readonly (bigint | string | number)[];
}

export interface ProveBatchesOptions {
  key: BatchKey;
  /** K */
  batches: number;
  /** the job of batch k; may be async (compute it off the page for large models) */
  job: (k: number) => BatchJob | Promise<BatchJob>;
  provers: readonly BatchProver[];
  store: BatchProofStore;
  /** re-verifies stored proofs before trusting them (recommended; fresh ones are checked by their signals) */
  verify?: (proof: BatchProof) => Promise<boolean>;
  onProgress?: (p: PoolProgress) => void;
  signal?: AbortSignal;
  /** a clock (ms); default performance.now / Date.now */
  now?: () => number;
}

export interface ProveBatchesResult {
  proofs: StoredBatchProof[];
  /** batches proved in this run, and taken from the store */
  proved: number[];
  resumed: number[];
  ms: number;
}

/** The sizing inputs: `navigator.hardwareConcurrency`, `navigator.deviceMemory` (GiB, Chromium only; capped at 8 by the browser). */
export interface PoolSizeInput {
  hardwareConcurrency?: number;
  deviceMemory?: number;
  /** peak memory of one batch proof in MiB (zkey + witness + snarkjs buffers); default 512 */
  proofMiB?: number;
  /** number of batches (never more workers than batches) */
  batches?: number;
}

export interface PoolSize {
  workers: number;
  /** snarkjs threads each worker's curve starts (it uses navigator.hardwareConcurrency) */
  threadsPerWorker: number;
  byCores: number;
  byMemory: number;
  why: string;
}

/**
 * How many snark workers to run at once. Each worker's snarkjs (ffjavascript) starts one curve thread per
 * logical core for its multi-exponentiations and FFTs (which src/zk/curve.ts makes effective in a
 * browser), but about a third of a proof runs on the worker alone: the witness, snarkjs's QAP
 * evaluation, reading the key's sections. A second worker fills those gaps (measured on 2 cores, the
 * CNN at B = 1: docs/BENCHMARKS.md, accuracy section), and more than one per 4 cores beyond that only
 * adds memory. So 2 workers on 2–11 cores, one per 4 cores above (3 on 12, 4 on 16), 1 on one core,
 * and no more than half of the device memory divided by one proof's peak.
 */
export function poolSize(input: PoolSizeInput = {}): PoolSize {
  const cores = Math.max(1, Math.floor(input.hardwareConcurrency ?? 1));
  const memGiB = input.deviceMemory && input.deviceMemory > 0 ? input.deviceMemory : 4;
  const proofMiB = Math.max(1, input.proofMiB ?? 512);
  const byCores = cores < 2 ? 1 : Math.max(2, Math.floor(cores / 4));
  const byMemory = Math.max(1, Math.floor((memGiB * 1024 * 0.5) / proofMiB));
  let workers = Math.min(byCores, byMemory);
  if (input.batches !== undefined) workers = Math.max(1, Math.min(workers, input.batches));
  return {
    workers, threadsPerWorker: cores, byCores, byMemory,
    why: `${cores} cores (snarkjs runs ${cores} threads per worker) → ${byCores}; ${memGiB} GiB for ${proofMiB} MiB proofs → ${byMemory}`,
  };
}

/**
 * Peak memory of one pool worker proving with a resident zkey, in MiB, for `poolSize`'s `proofMiB`: the
 * resident key, snarkjs's copies of its sections while proving, the witness and the curve threads'
 * buffers. PROOF_MEMORY_FACTOR is measured (docs/BENCHMARKS.md, accuracy section: the tab's peak less
 * the page alone, over the zkey size).
 */
export const PROOF_MEMORY_FACTOR = 2.5;
export function proofMiBOf(zkeyBytes: number): number {
  return Math.ceil((zkeyBytes * PROOF_MEMORY_FACTOR) / 2 ** 20) + 64;
}

const str = (v: bigint | string | number) => BigInt(v).toString();

/** Why a stored proof cannot be used for batch k (undefined: it can). */
function refuse(rec: StoredBatchProof, k: number, expected: string[]): string | undefined {
  if (rec.batch !== k) return `stored under batch ${k} but made for batch ${rec.batch}`;
  if (!Array.isArray(rec.publicSignals) || rec.publicSignals.length !== expected.length) return 'public signals of the wrong length';
  const i = expected.findIndex((s, j) => String(rec.publicSignals[j]) !== s);
  return i >= 0 ? `public signal ${i} is ${rec.publicSignals[i]}, expected ${expected[i]}` : undefined;
}

export async function proveBatches(o: ProveBatchesOptions): Promise<ProveBatchesResult> {
  const K = o.batches;
  if (!Number.isInteger(K) || K < 1) throw new BatchPoolError('options', `the number of batches must be a positive integer, got ${K}`, { details: { batches: K } });
  if (o.provers.length === 0) throw new BatchPoolError('options', 'no provers to run the batches on');
  const now = o.now ?? (() => (globalThis.performance ?? Date).now());
  const t0 = now();
  const ac = new AbortController();
  const onAbort = () => ac.abort(o.signal?.reason);
  if (o.signal?.aborted) throw new BatchPoolError('cancelled', 'proving the batches was cancelled before it started');
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const batches: BatchProgress[] = Array.from({ length: K }, (_, batch) => ({ batch, state: 'pending', fraction: 0 }));
  const proofs: StoredBatchProof[] = new Array(K);
  const proved: number[] = [];
  const resumed: number[] = [];
  const provedMs: number[] = [];
  const emit = () => {
    if (!o.onProgress) return;
    const done = batches.filter((b) => b.state === 'done' || b.state === 'resumed').length;
    const fraction = batches.reduce((a, b) => a + b.fraction, 0) / K;
    let etaMs: number | undefined;
    if (provedMs.length > 0) {
      const mean = provedMs.reduce((a, b) => a + b, 0) / provedMs.length;
      const left = batches.reduce((a, b) => a + (b.state === 'done' || b.state === 'resumed' ? 0 : 1 - b.fraction), 0);
      etaMs = Math.round((left * mean) / Math.min(o.provers.length, Math.max(1, K - done)));
    }
    try {
      o.onProgress({ batches: batches.map((b) => ({ ...b })), done, resumed: resumed.length, total: K, fraction, etaMs, elapsedMs: Math.round(now() - t0) });
    } catch { /* the listener's problem */ }
  };
  const cancelled = () => new BatchPoolError('cancelled', `proving the batches was cancelled (${proved.length + resumed.length} of ${K} done, kept)`, {
    details: { done: proved.length + resumed.length, total: K },
  });

  // a prover that cannot be interrupted (Node's in-process snarkjs) is abandoned, not awaited, on cancel
  const aborted = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }));
  aborted.catch(() => {});
  const jobs = new Map<number, Promise<BatchJob>>();
  const jobOf = (k: number) => {
    let j = jobs.get(k);
    if (!j) { j = Promise.resolve().then(() => o.job(k)); jobs.set(k, j); }
    return j;
  };
  const expectedOf = async (k: number) => (await jobOf(k)).publicSignals.map(str);

  try {
    // 1. what the store already has, checked
    for (let k = 0; k < K; k++) {
      if (ac.signal.aborted) throw cancelled();
      let rec: StoredBatchProof | undefined;
      try { rec = await o.store.get(o.key, k); } catch (e) {
        throw new BatchPoolError('store', `reading stored proof ${k} failed: ${(e as Error)?.message ?? e}`, { cause: e, details: { batch: k } });
      }
      if (!rec) continue;
      batches[k]!.state = 'checking';
      emit();
      let why = refuse(rec, k, await expectedOf(k));
      if (!why && o.verify && !(await o.verify({ proof: rec.proof, publicSignals: rec.publicSignals }))) why = 'the stored proof does not verify';
      if (why) {
        batches[k] = { batch: k, state: 'pending', fraction: 0, discarded: why };
        await o.store.delete(o.key, k).catch(() => {});
      } else {
        batches[k] = { batch: k, state: 'resumed', fraction: 1, ms: rec.ms };
        proofs[k] = rec;
        resumed.push(k);
      }
      emit();
    }
    // 2. the rest, one queue, each prover taking the next batch
    const queue = batches.filter((b) => b.state === 'pending').map((b) => b.batch);
    let failure: unknown;
    const run = async (worker: number, prover: BatchProver) => {
      for (;;) {
        if (failure || ac.signal.aborted) return;
        const k = queue.shift();
        if (k === undefined) return;
        const b = batches[k]!;
        const t = now();
        Object.assign(b, { state: 'witness', fraction: 0, worker });
        emit();
        try {
          const job = await jobOf(k);
          if (ac.signal.aborted) return;
          const r = await Promise.race([aborted, prover(job.input, {
            signal: ac.signal,
            onProgress: (f, stage) => {
              if (b.state === 'done') return;
              b.state = stage === 'witness' ? 'witness' : 'proving';
              if (f !== undefined) b.fraction = Math.min(0.99, Math.max(b.fraction, f));
              emit();
            },
          })]);
          const expected = job.publicSignals.map(str);
          if (r.publicSignals.length !== expected.length || r.publicSignals.some((s, i) => String(s) !== expected[i])) {
            throw new BatchPoolError('mismatch', `batch ${k}: the proof's public signals [${r.publicSignals.join(', ')}] are not the expected [${expected.join(', ')}]`, {
              details: { batch: k, publicSignals: r.publicSignals, expected },
            });
          }
          const ms = Math.round(now() - t);
          const rec: StoredBatchProof = { ...o.key, batch: k, proof: r.proof, publicSignals: r.publicSignals.map(String), createdAt: new Date().toISOString(), ms };
          try { await o.store.put(rec); } catch (e) {
            throw new BatchPoolError('store', `saving the proof of batch ${k} failed: ${(e as Error)?.message ?? e}`, { cause: e, details: { batch: k } });
          }
          proofs[k] = rec;
          proved.push(k);
          provedMs.push(ms);
          Object.assign(b, { state: 'done', fraction: 1, ms });
          emit();
        } catch (e) {
          if (ac.signal.aborted) return;
          Object.assign(b, { state: 'failed' });
          failure ??= e instanceof BatchPoolError ? e : new BatchPoolError('prove', `batch ${k}: ${(e as Error)?.message ?? e}`, { cause: e, details: { batch: k } });
          ac.abort('another batch failed');
          emit();
          return;
        }
      }
    };
    await Promise.all(o.provers.map((p, i) => run(i, p)));
    if (failure) throw failure;
    if (o.signal?.aborted) throw cancelled();
    return { proofs, proved: proved.sort((a, b) => a - b), resumed, ms: Math.round(now() - t0) };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** An in-memory store (Node, tests, the CLI before writing files). */
export class MemoryBatchProofStore implements BatchProofStore {
  readonly records = new Map<string, StoredBatchProof>();
  private id = (key: BatchKey, batch: number) => `${key.bountyId}\u0000${key.circuit}\u0000${batch}`;
  async get(key: BatchKey, batch: number) { const r = this.records.get(this.id(key, batch)); return r && structuredClone(r); }
  async put(rec: StoredBatchProof) { this.records.set(this.id(rec, rec.batch), structuredClone(rec)); }
  async delete(key: BatchKey, batch: number) { this.records.delete(this.id(key, batch)); }
}

/** A stable id of a circuit and its key: SHA-256 of the verification key's canonical JSON, hex (first 32 chars). */
export async function circuitId(vkey: unknown): Promise<string> {
  const canon = (v: unknown): unknown => (Array.isArray(v) ? v.map(canon) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v);
  const bytes = new TextEncoder().encode(JSON.stringify(canon(vkey)));
  const h = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(h.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The subset of SnarkClient the pool needs (kept structural so Node never loads the client). */
export interface SnarkProveClient {
  prove(
    req: { scheme: 'groth16'; wasm: Uint8Array; zkey: Uint8Array; input: never },
    opts: { signal?: AbortSignal; onProgress?: (p: { stage: string; fraction?: number }) => void },
  ): Promise<BatchProof>;
}

/**
 * A prover running on one snark worker client. The wasm and zkey are COPIED to the worker for every
 * batch (601 MB for the CNN at B = 10): use `proveBatchesInWorkers` / `ResidentProverClient`
 * (./resident-pool.ts), which send them once; this stays for one-off proofs on a shared SnarkClient.
 */
export function snarkClientProver(client: SnarkProveClient, keys: { wasm: Uint8Array; zkey: Uint8Array }): BatchProver {
  return (input, { signal, onProgress }) => client.prove(
    { scheme: 'groth16', wasm: keys.wasm, zkey: keys.zkey, input: input as never },
    { signal, onProgress: (p) => onProgress(p.fraction, p.stage) },
  );
}
