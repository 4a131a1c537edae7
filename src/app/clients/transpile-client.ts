/**
 * The transpile worker (workers/transpile.worker.ts) from the page, as a queued, cancellable job (see
 * WorkerHost): Keras model files → circom source and quantization.json, and witness inputs.
 *
 *   const transpile = new TranspileClient();
 *   const r = await transpile.transpile(files, { inputRange: [0, 1] }, { signal });
 *   const { input, output } = await transpile.witness(r.quantization, nestedImage);
 *
 * Errors are typed (`ModelFormatError`, `UnsupportedLayerError`, `InputShapeError`, … from the core,
 * with details), or `CancelledError` / `WorkerError`.
 *
 * Buffers: model files are copied to the worker by default and stay usable here; `transfer: true`
 * moves them instead (they become empty here).
 */
import * as Comlink from 'comlink';
import type { TranspileWorker } from '../../../workers/transpile.worker.js';
import type { ModelFile, TranspileFilesResult, WitnessFromPlanResult } from '../../core/transpile-files.js';
import type { TranspileOptions } from '../../core/transpile.js';
import { WorkerClient, buffersOf, type JobOptions } from './worker-host.js';

export type { ModelFile, TranspileFilesResult, WitnessFromPlanResult, TranspileOptions };

export const createTranspileWorker = (): Worker =>
  new Worker(new URL('../../../workers/transpile.worker.ts', import.meta.url), { type: 'module', name: 'zkml-transpile' });

export class TranspileClient extends WorkerClient<TranspileWorker> {
  constructor(opts: { create?: () => Worker; idleMs?: number } = {}) {
    super({ name: 'transpile', create: opts.create ?? createTranspileWorker, idleMs: opts.idleMs });
  }

  /** Loads the model from its files (.h5, .keras, tfjs model.json + shards) and transpiles it. */
  transpile(files: ModelFile[], options: TranspileOptions = {}, opts: JobOptions & { transfer?: boolean } = {}): Promise<TranspileFilesResult> {
    const arg = opts.transfer ? Comlink.transfer(files, buffersOf(...files.map((f) => f.bytes))) : files;
    return this.host.run('transpile', (api) => api.transpile(arg, options), opts);
  }

  /** The circuit's witness input and exact output for one float input (nested in the model's input shape). */
  witness(quantization: string, input: unknown, opts: JobOptions = {}): Promise<WitnessFromPlanResult> {
    return this.host.run('witness', (api) => api.witness(quantization, input), opts);
  }
}
