/**
 * One Web Worker behind a job queue, with real cancellation: the pattern every client here uses
 * (compile, transpile, snark). Plain TypeScript, no Solid.
 *
 * - Jobs run one at a time, in order, in one long-lived worker (warm: circom.wasm compiled, snarkjs's
 *   curve and threads built). The worker starts on the first job (or `warmup`).
 * - Cancel a job with its `AbortSignal`: a queued job is dropped; the running one is stopped by
 *   `worker.terminate()` (which also ends the worker's own nested workers, e.g. snarkjs's threads) —
 *   the only way to stop a synchronous wasm loop. Either way the job rejects with `CancelledError`, and
 *   the next job gets a fresh worker: the client stays usable.
 * - A worker that crashes (uncaught error, failed load, out of memory) fails its job with a
 *   `WorkerError` and is replaced the same way.
 * - Errors thrown in the worker come back typed (`reviveWorkerError`).
 */
import * as Comlink from 'comlink';
import { CancelledError, WorkerError, reviveWorkerError } from './errors.js';

export interface JobOptions {
  /** Abort to cancel: the job rejects with `CancelledError` and its work stops. */
  signal?: AbortSignal;
}

export interface WorkerHostState {
  /** label of the running job */
  running: string | null;
  /** jobs waiting behind it */
  queued: number;
  /** a worker exists (warm) */
  alive: boolean;
}

export interface WorkerHostOptions {
  /** for messages, e.g. "snark" */
  name: string;
  /** `() => new Worker(new URL('…', import.meta.url), { type: 'module' })`, a literal URL so Vite bundles it */
  create: () => Worker;
  /** stop an idle worker after this many ms (it restarts on the next job); default: keep it */
  idleMs?: number;
}

interface Job<Api> {
  label: string;
  run: (api: Comlink.Remote<Api>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  settled: boolean;
}

export class WorkerHost<Api extends object> {
  private worker?: Worker;
  private remote?: Comlink.Remote<Api>;
  /** rejects when the current worker dies on its own */
  private crashed?: Promise<never>;
  private readonly queue: Job<Api>[] = [];
  private current?: Job<Api>;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private releaseWhenIdle = false;
  private readonly listeners = new Set<(s: WorkerHostState) => void>();
  /** workers started so far (a new one after each cancel or crash) */
  started = 0;

  constructor(private readonly opts: WorkerHostOptions) {}

  get state(): WorkerHostState {
    return { running: this.current?.label ?? null, queued: this.queue.length, alive: this.worker !== undefined };
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: (s: WorkerHostState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queues `run` (which calls the worker through its comlink proxy). Resolves with its result or
   * rejects with a typed error, `CancelledError` or `WorkerError`.
   */
  run<T>(label: string, run: (api: Comlink.Remote<Api>) => Promise<T>, opts: JobOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { signal } = opts;
      if (signal?.aborted) {
        reject(new CancelledError(label, signal.reason));
        return;
      }
      const job: Job<Api> = { label, run, resolve: resolve as (v: unknown) => void, reject, signal, settled: false };
      if (signal) {
        job.onAbort = () => this.cancel(job, signal.reason);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
      this.emit();
    });
  }

  /** Starts the worker now (no job), e.g. while the user is still choosing files. */
  ensureStarted(): Comlink.Remote<Api> {
    return this.start().remote;
  }

  /** Cancels every queued and running job (each rejects with `CancelledError`). */
  cancelAll(reason?: string): void {
    for (const job of [...this.queue]) this.cancel(job, reason);
    if (this.current) this.cancel(this.current, reason);
  }

  /**
   * Ends the worker as soon as it is idle (now, if it is), without cancelling anything: what a large
   * job left in it (garbage not yet collected, WASM memories, which never shrink) goes with it. The
   * next job starts a fresh worker.
   */
  release(): void {
    this.releaseWhenIdle = true;
    if (!this.current && this.queue.length === 0) { this.releaseWhenIdle = false; if (this.worker) { this.kill(); this.emit(); } }
  }

  /** Cancels everything and stops the worker. The host stays usable: a later job starts a new worker. */
  terminate(reason = 'client stopped'): void {
    this.cancelAll(reason);
    this.kill();
    this.emit();
  }

  private start(): { remote: Comlink.Remote<Api>; crashed: Promise<never> } {
    clearTimeout(this.idleTimer);
    if (this.worker && this.remote && this.crashed) return { remote: this.remote, crashed: this.crashed };
    let worker: Worker;
    try {
      worker = this.opts.create();
    } catch (e) {
      const err = new WorkerError(`the ${this.opts.name} worker could not start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      return { remote: undefined as never, crashed: Promise.reject(err) };
    }
    this.started++;
    this.worker = worker;
    this.remote = Comlink.wrap<Api>(worker);
    this.crashed = new Promise<never>((_, reject) => {
      const fail = (msg: string) => {
        if (this.worker !== worker) return;
        this.kill();
        reject(new WorkerError(`the ${this.opts.name} worker ${msg}`));
      };
      worker.addEventListener('error', (ev) => {
        ev.preventDefault();
        fail(ev.message ? `crashed: ${ev.message}` : 'failed to load or crashed');
      });
      worker.addEventListener('messageerror', () => fail('sent a message that could not be read'));
    });
    this.crashed.catch(() => {}); // handled per job
    this.emit();
    return { remote: this.remote, crashed: this.crashed };
  }

  private kill(): void {
    const w = this.worker;
    this.worker = undefined;
    this.remote = undefined;
    this.crashed = undefined;
    clearTimeout(this.idleTimer);
    w?.terminate();
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      if (this.releaseWhenIdle) {
        this.releaseWhenIdle = false;
        if (this.worker) this.kill();
        return;
      }
      if (this.worker && this.opts.idleMs !== undefined) {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => { if (!this.current && this.queue.length === 0) { this.kill(); this.emit(); } }, this.opts.idleMs);
      }
      return;
    }
    this.current = job;
    const { remote, crashed } = this.start();
    const work = remote ? job.run(remote) : crashed;
    Promise.race([work, crashed]).then(
      (v) => this.settle(job, true, v),
      (e) => this.settle(job, false, e),
    );
  }

  private async settle(job: Job<Api>, ok: boolean, value: unknown): Promise<void> {
    if (job.settled) return;
    if (ok) {
      this.finish(job);
      job.resolve(value);
    } else {
      const err = await reviveWorkerError(value);
      if (job.settled) return; // cancelled while the error class was loading
      this.finish(job);
      job.reject(err);
    }
    this.pump();
    this.emit();
  }

  private finish(job: Job<Api>): void {
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (this.current === job) this.current = undefined;
  }

  private cancel(job: Job<Api>, reason?: unknown): void {
    if (job.settled) return;
    const running = this.current === job;
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    this.finish(job);
    // The only way to stop work in progress (a wasm loop, snarkjs's threads) is to end the worker.
    if (running) this.kill();
    job.reject(new CancelledError(job.label, reason));
    this.pump();
    this.emit();
  }

  private emit(): void {
    const s = this.state;
    for (const l of this.listeners) {
      try { l(s); } catch { /* a listener's problem */ }
    }
  }
}

/**
 * A progress callback for a worker call: a `Comlink.proxy` that stops forwarding once the job has
 * settled (late messages are dropped), so the UI never sees progress after the result.
 */
export function progressProxy<P>(onProgress: ((p: P) => void) | undefined): { proxy: ((p: P) => void) | undefined; done(): void } {
  if (!onProgress) return { proxy: undefined, done() {} };
  let live = true;
  return {
    proxy: Comlink.proxy((p: P) => { if (live) onProgress(p); }),
    done() { live = false; },
  };
}

/** What every client shares: its host's state, cancellation and shutdown. */
export abstract class WorkerClient<Api extends object> {
  protected readonly host: WorkerHost<Api>;

  constructor(opts: WorkerHostOptions) {
    this.host = new WorkerHost<Api>(opts);
  }

  /** running job, queue length, whether a worker is up */
  get state(): WorkerHostState {
    return this.host.state;
  }

  /** how many workers this client has started (one more after each cancel or crash) */
  get workersStarted(): number {
    return this.host.started;
  }

  subscribe(listener: (s: WorkerHostState) => void): () => void {
    return this.host.subscribe(listener);
  }

  /** Cancels every queued and running job; the client stays usable. */
  cancelAll(reason?: string): void {
    this.host.cancelAll(reason);
  }

  /** Cancels everything and stops the worker (a later call starts a new one). */
  terminate(reason?: string): void {
    this.host.terminate(reason);
  }

  /** Ends the worker once its jobs are done, freeing what they left in it (see `WorkerHost.release`). */
  release(): void {
    this.host.release();
  }
}

/** The buffers under `views`, once each (transferring one twice is a DataCloneError). */
export function buffersOf(...views: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (v && v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) out.add(v.buffer);
  return [...out];
}
