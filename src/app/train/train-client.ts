/** The training worker (workers/train.worker.ts) as a queued, cancellable job (see clients/worker-host.ts). */
import * as Comlink from 'comlink';
import { WorkerClient, progressProxy, type JobOptions } from '../clients/worker-host.js';
import type { TrainWorker, TrainArgs } from '../../../workers/train.worker.js';
import type { EpochStats, TrainResult } from '../../core/train/train.js';

export type { TrainArgs, EpochStats, TrainResult };

/** Training input from the page: samples one array each or concatenated (copied into one buffer that is transferred). */
export type TrainRequest = Omit<TrainArgs, 'samples'> & { samples: Uint8Array | readonly Uint8Array[] };

export class TrainClient extends WorkerClient<TrainWorker> {
  constructor(create?: () => Worker) {
    super({ name: 'train', create: create ?? (() => new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'zkml-train' })) });
  }

  /**
   * Trains in the worker. `signal` cancels (the worker is terminated, the job rejects with CancelledError);
   * `finish()` ends it early keeping the best epoch.
   */
  train(req: TrainRequest, opts: JobOptions & { onEpoch?: (e: EpochStats) => void } = {}): Promise<TrainResult> {
    const parts = req.samples instanceof Uint8Array ? [req.samples] : req.samples;
    const flat = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) { flat.set(p, o); o += p.length; }
    const args: TrainArgs = { ...req, samples: flat, labels: Uint8Array.from(req.labels as ArrayLike<number>) };
    const progress = progressProxy(opts.onEpoch);
    return this.host.run('train', (api) => api.train(Comlink.transfer(args, [flat.buffer, (args.labels as Uint8Array).buffer]), progress.proxy), opts)
      .finally(() => progress.done());
  }

  /** "Stop, keep the best": the running training ends after its current batch and resolves with a model. */
  async finish(): Promise<boolean> {
    if (!this.state.running) return false;
    return this.host.ensureStarted().finish();
  }
}
