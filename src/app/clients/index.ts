/**
 * The app's workers, behind one object the UI creates once.
 *
 *   const clients = createClients();
 *   const t = await clients.transpile.transpile(files, { inputRange: [0, 1] });
 *   const c = await clients.compile.compile({ main: t.source });
 *   const keys = await clients.snark.setup({ scheme: 'groth16', r1cs: c.r1cs, ptau });
 *   const w = await clients.transpile.witness(t.quantization, image);
 *   const { proof, publicSignals } = await clients.snark.prove({ scheme: 'groth16', wasm: c.wasm, zkey: keys.zkey, input: w.input });
 *
 * Every method takes `{ signal }` (AbortSignal) to cancel; each client runs its jobs one at a time in
 * its own worker (started on first use), replaced after a cancel or a crash. Errors are typed
 * (ZkmlError subclasses from the core; see ./errors.ts for CancelledError and WorkerError).
 */
import { CompileClient } from './compile-client.js';
import { TranspileClient } from './transpile-client.js';
import { SnarkClient } from './snark-client.js';

export { CompileClient, TranspileClient, SnarkClient };
export { CancelledError, WorkerError, reviveWorkerError } from './errors.js';
export type { JobOptions, WorkerHostState } from './worker-host.js';
export type { CompileRequest, CompileCircomResult, CompileCallOptions } from './compile-client.js';
export type { ModelFile, TranspileFilesResult, WitnessFromPlanResult, TranspileOptions } from './transpile-client.js';
export type {
  SnarkCallOptions, SetupRequest, SetupResponse, ProveRequest, ProveResponse, VerifyRequest, VerifyResponse, SnarkProgress, Scheme,
} from './snark-client.js';

export interface Clients {
  compile: CompileClient;
  transpile: TranspileClient;
  snark: SnarkClient;
  /** Cancels every job of every client (each rejects with CancelledError); the clients stay usable. */
  cancelAll(reason?: string): void;
  /** Cancels everything and stops all workers (they restart on the next call). */
  terminate(): void;
}

export interface ClientsOptions {
  /** stop idle workers after this many ms (default: keep them warm) */
  idleMs?: number;
}

export function createClients(opts: ClientsOptions = {}): Clients {
  const compile = new CompileClient({ idleMs: opts.idleMs });
  const transpile = new TranspileClient({ idleMs: opts.idleMs });
  const snark = new SnarkClient({ idleMs: opts.idleMs });
  const all = [compile, transpile, snark];
  return {
    compile, transpile, snark,
    cancelAll: (reason) => { for (const c of all) c.cancelAll(reason); },
    terminate: () => { for (const c of all) c.terminate(); },
  };
}
