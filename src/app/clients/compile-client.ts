/**
 * The circom compile worker (workers/compile.worker.ts) from the page, as a queued, cancellable job
 * (see WorkerHost). A compile that runs away (a huge circuit) is stopped by cancelling it.
 *
 *   const compile = new CompileClient();
 *   const { r1cs, wasm, sym } = await compile.compile({ main: source }, { onMessage: (line) => log(line), signal });
 *
 * Errors: `CircomCompileError` (the compiler refused the source: `details.file`, `line`, `column`,
 * `output`), `CancelledError`, `WorkerError`.
 */
import * as Comlink from 'comlink';
import type { CompileWorker, CompileRequest } from '../../../workers/compile.worker.js';
import type { CompileCircomResult } from '../../zk/circom.js';
import { WorkerClient, type JobOptions } from './worker-host.js';

export type { CompileRequest, CompileCircomResult };

export interface CompileCallOptions extends JobOptions {
  /** every line the compiler prints, delivered before the call settles */
  onMessage?: (line: string) => void;
}

export const createCompileWorker = (): Worker =>
  new Worker(new URL('../../../workers/compile.worker.ts', import.meta.url), { type: 'module', name: 'zkml-compile' });

export class CompileClient extends WorkerClient<CompileWorker> {
  constructor(opts: { create?: () => Worker; idleMs?: number } = {}) {
    super({ name: 'compile', create: opts.create ?? createCompileWorker, idleMs: opts.idleMs });
  }

  /** Fetches and compiles circom.wasm (9 MB) ahead of the first compile. */
  warmup(opts: JobOptions = {}): Promise<void> {
    return this.host.run('warmup', (api) => api.warmup(), opts);
  }

  /** r1cs, witness wasm and symbols; the bytes are transferred from the worker. */
  compile(req: CompileRequest, opts: CompileCallOptions = {}): Promise<CompileCircomResult> {
    let live = true;
    const onMessage = opts.onMessage && Comlink.proxy((line: string) => { if (live) opts.onMessage!(line); });
    return this.host.run('compile', (api) => api.compile(req, onMessage), opts).finally(() => { live = false; });
  }
}
