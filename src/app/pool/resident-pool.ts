/**
 * The batch pool's provers in the browser: one worker per prover (workers/batch-prove.worker.ts) that
 * receives the circuit's wasm and zkey ONCE and keeps them for every batch; each proof then sends only
 * the batch's input. (The former `snarkClientProver` structured-cloned the whole zkey — 601 MB for the
 * CNN at B = 10 — into its worker for every batch.)
 *
 *   const keys = { wasm: new Blob([wasm]), zkey: new Blob([zkey]) };   // or bytes, or URLs the worker fetches
 *   const r = await proveBatchesInWorkers({ key, batches: K, job, store, verify, onProgress, signal, keys,
 *     workers: poolSize({ hardwareConcurrency: navigator.hardwareConcurrency, deviceMemory: navigator.deviceMemory, batches: K }).workers });
 *
 * The workers start (and load the keys) with the pool and end when it settles — done, failed or
 * cancelled. Cancel stops a running proof by terminating its worker (WorkerHost); if the same client
 * proves again, its fresh worker loads the keys again from the same source first.
 *
 * Key sources: bytes are copied to each worker once (structured clone; the page keeps its own);
 * a `Blob` crosses as a handle and the worker reads it (the bytes live in the browser's blob
 * storage, not in the tab); a URL is fetched by the worker itself (e.g. from the app's key cache).
 */
import type * as Comlink from 'comlink';
import { WorkerClient, progressProxy, type JobOptions } from '../clients/worker-host.js';
import type { BatchProveWorker } from '../../../workers/batch-prove.worker.js';
import type { SnarkProgress, ProveResponse } from '../clients/snark-ops.js';
import type { ResidentKeySource, ResidentLoadInfo } from './resident-prover.js';
import { proveBatches, BatchPoolError, type BatchProver, type ProveBatchesOptions, type ProveBatchesResult } from './batch-pool.js';

export type { ResidentKeySource, KeySource, ResidentLoadInfo } from './resident-prover.js';

export const createBatchProveWorker = (): Worker =>
  new Worker(new URL('../../../workers/batch-prove.worker.ts', import.meta.url), { type: 'module', name: 'zkml-batch-prove' });

export interface ResidentProverClientOptions {
  /** the worker factory (tests, a custom build); default workers/batch-prove.worker.ts */
  create?: () => Worker;
}

/** One pool worker with resident keys: `prove(input)` sends only the input. */
export class ResidentProverClient extends WorkerClient<BatchProveWorker> {
  /** the worker generation (`workersStarted`) that holds the keys; -1 before the first load */
  private loadedIn = -1;
  /** how many times keys were sent to a worker (1 for a whole pool run that was not cancelled) */
  loads = 0;
  /** what the last load reported */
  loadInfo?: ResidentLoadInfo & { threads: number };

  constructor(private readonly keys: ResidentKeySource, opts: ResidentProverClientOptions = {}) {
    super({ name: 'batch-prove', create: opts.create ?? createBatchProveWorker });
  }

  /** Starts the worker and loads the keys now (otherwise the first `prove` does). */
  load(opts: JobOptions = {}): Promise<ResidentLoadInfo & { threads: number }> {
    return this.host.run('load keys', async (api) => { await this.ensureLoaded(api); return this.loadInfo!; }, opts);
  }

  /** A proof of `input` with the resident keys (a refused input is a `ProveError`). */
  prove(input: Record<string, unknown>, opts: JobOptions & { onProgress?: (p: SnarkProgress) => void } = {}): Promise<ProveResponse> {
    const progress = progressProxy(opts.onProgress);
    return this.host.run('prove batch', async (api) => {
      await this.ensureLoaded(api);
      return api.prove(input as never, progress.proxy);
    }, opts).finally(() => progress.done());
  }

  /** This client as a pool prover. */
  get prover(): BatchProver {
    return (input, { signal, onProgress }) => this.prove(input, { signal, onProgress: (p) => onProgress(p.fraction, p.stage) });
  }

  private async ensureLoaded(api: Comlink.Remote<BatchProveWorker>): Promise<void> {
    const generation = this.host.started;
    if (this.loadedIn === generation) return;
    this.loadInfo = await api.load(this.keys);
    this.loadedIn = generation;
    this.loads++;
  }
}

export interface ProveBatchesInWorkersOptions extends Omit<ProveBatchesOptions, 'provers'> {
  /** the circuit's wasm and zkey, sent once to each worker */
  keys: ResidentKeySource;
  /** how many workers (see `poolSize`); default 1 */
  workers?: number;
  create?: () => Worker;
  /** called with the clients once they exist (state, loads), e.g. for a test or a status line */
  onClients?: (clients: readonly ResidentProverClient[]) => void;
}

/** `proveBatches` on `workers` resident-key workers, started here and ended when it settles. */
export async function proveBatchesInWorkers(o: ProveBatchesInWorkersOptions): Promise<ProveBatchesResult> {
  const n = o.workers ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new BatchPoolError('options', `the number of workers must be a positive integer, got ${n}`, { details: { workers: n } });
  const clients = Array.from({ length: Math.min(n, Math.max(1, o.batches)) }, () => new ResidentProverClient(o.keys, { create: o.create }));
  o.onClients?.(clients);
  try {
    return await proveBatches({ ...o, provers: clients.map((c) => c.prover) });
  } finally {
    for (const c of clients) c.terminate('the batch pool is done');
  }
}
