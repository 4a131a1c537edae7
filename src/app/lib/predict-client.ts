/** The studio's prediction worker (./workers/predict.worker.ts) as a queued, cancellable job. */
import { WorkerClient, type JobOptions } from '../clients/worker-host.js';
import type { PredictWorker, PredictResult } from '../workers/predict.worker.js';
import type { ModelFile } from '../clients/index.js';

export type { PredictResult };

export class PredictClient extends WorkerClient<PredictWorker> {
  constructor() {
    super({ name: 'predict', create: () => new Worker(new URL('../workers/predict.worker.ts', import.meta.url), { type: 'module', name: 'zkml-predict' }) });
  }

  predict(files: ModelFile[] | undefined, quantization: string, input: unknown, opts: JobOptions = {}): Promise<PredictResult> {
    return this.host.run('predict', (api) => api.predict(files, quantization, input), opts);
  }
}
