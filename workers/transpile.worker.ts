/**
 * Web worker: transpile a Keras model in the browser. A thin comlink entry over the isomorphic core
 * (`transpileFiles` and `witnessFromPlan` in src/core/transpile-files.ts, the same functions Node runs):
 * model files in, circom source and quantization.json out. h5wasm (for .h5 / .keras) is a lazy chunk
 * loaded on the first HDF5 file. The model bytes are transferred, not copied.
 *
 * Errors are thrown as `ErrorRecord`s (name, message, details) so nothing is lost on the way;
 * `reviveError` makes them typed errors again (`instanceof ModelFormatError`, `UnsupportedLayerError`, ...),
 * and importing it does not pull the transpiler into the page.
 *
 *   const api = Comlink.wrap<TranspileWorker>(new Worker(new URL('../workers/transpile.worker.ts', import.meta.url), { type: 'module' }));
 *   try { const r = await api.transpile(Comlink.transfer(files, files.map((f) => f.bytes.buffer)), { inputRange: [0, 1] }); }
 *   catch (e) { throw reviveError(e); }
 */
import * as Comlink from 'comlink';
import {
  transpileFiles, witnessFromPlan, toErrorRecord,
  type ModelFile, type TranspileFilesResult, type WitnessFromPlanResult,
} from '../src/core/transpile-files.js';
import type { TranspileOptions } from '../src/core/transpile.js';

const api = {
  /** Load the model from its files and transpile it; rejects with an `ErrorRecord`. */
  async transpile(files: ModelFile[], opts: TranspileOptions = {}): Promise<TranspileFilesResult> {
    try {
      return await transpileFiles(files, opts);
    } catch (e) {
      throw toErrorRecord(e);
    }
  },

  /** The circuit's witness input and the exact output for one float input; rejects with an `ErrorRecord`. */
  async witness(quantization: string, input: unknown): Promise<WitnessFromPlanResult> {
    try {
      return await witnessFromPlan(quantization, input);
    } catch (e) {
      throw toErrorRecord(e);
    }
  },
};

export type TranspileWorker = typeof api;

Comlink.expose(api);
