/**
 * Web worker of the batch-proving pool: keeps one circuit's wasm and zkey resident (`load`, once per
 * worker) and proves batch after batch from an input alone (`prove`). A thin comlink entry over
 * `ResidentProver` (src/app/pool/resident-prover.ts), which Node runs in-process. snarkjs's curve
 * threads live as long as this worker; `terminate()` on it ends them (that is how a proof is cancelled).
 *
 * Use it through `ResidentProverClient` (src/app/pool/resident-pool.ts). Errors are thrown as
 * `ErrorRecord`s (name, message, details); progress callbacks are all delivered before a call settles.
 */
import * as Comlink from 'comlink';
import { withProgress } from './with-progress.js';
import { toErrorRecord } from '../src/core/transpile-files.js';
import { warmup, type SnarkProgress, type ProveResponse, type ProofInput } from '../src/app/clients/snark-ops.js';
import { ResidentProver, ResidentKeyError, type ResidentKeySource, type ResidentLoadInfo } from '../src/app/pool/resident-prover.js';

let resident: ResidentProver | undefined;

const api = {
  /** Reads the keys (bytes, a Blob or a URL) and builds snarkjs's curve; the keys stay here for every `prove`. */
  async load(src: ResidentKeySource): Promise<ResidentLoadInfo & { threads: number }> {
    return withProgress(undefined, async () => {
      const [r, w] = await Promise.all([ResidentProver.load(src), warmup()]);
      resident = r;
      return { ...r.info, threads: w.threads };
    });
  },

  /** One proof with the resident keys: only the input crosses. */
  async prove(input: ProofInput, onProgress?: (p: SnarkProgress) => unknown): Promise<ProveResponse> {
    return withProgress(onProgress, async (report) => {
      if (!resident) throw new ResidentKeyError('no keys loaded in this worker', { details: { key: 'zkey' } });
      return resident.prove(input, report);
    });
  },
};

export type BatchProveWorker = typeof api;

Comlink.expose(api);
