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

/**
 * From this many estimated constraints the studio compiles in three passes (CompileClient.compile's
 * `split`): one circom run of the MNIST CNN (115k constraints) peaks at ~1.2 GiB of WASM memory, the
 * passes at ~0.6 GiB each; below it the single run is small and twice as fast.
 */
export const SPLIT_COMPILE_FROM = 50_000;

export class CompileClient extends WorkerClient<CompileWorker> {
  constructor(opts: { create?: () => Worker; idleMs?: number } = {}) {
    super({ name: 'compile', create: opts.create ?? createCompileWorker, idleMs: opts.idleMs });
  }

  /** Fetches and compiles circom.wasm (9 MB) ahead of the first compile. */
  warmup(opts: JobOptions = {}): Promise<void> {
    return this.host.run('warmup', (api) => api.warmup(), opts);
  }

  /**
   * r1cs, witness wasm and symbols; the bytes are transferred from the worker.
   *
   * When the witness calculator is wanted, in three passes, each in a fresh worker ended before the
   * next starts (circom's WASM memory never shrinks, so only ending its worker gives it back):
   * circom `--r1cs --sym`; circom `--wat` (the text of the witness calculator, which circom's own
   * `--wasm` would read back whole and parse, ~600 MiB more for the MNIST CNN); our assembler
   * (src/zk/circom-wat.ts) turning that text into the same bytes `--wasm` writes. The compiler's
   * lines come from the first pass (the second prints the same).
   *
   * The split costs a second circom run and the assembly (about twice the time), so it is asked for
   * (`split: true`) where memory matters: the studio does it from SPLIT_COMPILE_FROM estimated
   * constraints. By default circom runs once.
   */
  async compile(req: CompileRequest, opts: CompileCallOptions & { split?: boolean } = {}): Promise<CompileCircomResult> {
    const { r1cs = true, wasm = true, sym = true, wat = false } = req.flags ?? {};
    if (!wasm || !opts.split) return this.once(req, opts);
    const first = r1cs || sym || wat
      ? await this.once({ ...req, flags: { r1cs, sym, wat, wasm: false } }, opts)
      : undefined;
    this.host.release();
    const text = await this.once({ ...req, flags: { r1cs: false, sym: false, wasm: false, wat: true } }, { ...opts, onMessage: first ? undefined : opts.onMessage });
    this.host.release();
    const bytes = await this.host.run('assemble', (api) => api.assemble(Comlink.transfer(text.wat!, text.wat!.map((b) => b.buffer))), opts);
    this.host.release();
    return {
      r1cs: first?.r1cs ?? new Uint8Array(0), sym: first?.sym ?? '', messages: first?.messages ?? text.messages,
      wasm: bytes, ...(wat ? { wat: first!.wat } : {}),
    };
  }

  private once(req: CompileRequest, opts: CompileCallOptions): Promise<CompileCircomResult> {
    let live = true;
    const onMessage = opts.onMessage && Comlink.proxy((line: string) => { if (live) opts.onMessage!(line); });
    return this.host.run('compile', (api) => api.compile(req, onMessage), opts).finally(() => { live = false; });
  }
}
