/**
 * Errors of the worker clients, and typed errors back from the workers.
 *
 * Workers throw `ErrorRecord`s (src/core/transpile-files.ts: name, message, details) or, for the
 * compile worker, plain Errors that keep name and message. `reviveWorkerError` makes either an
 * instance of its class again — `instanceof ProveError`, `instanceof ModelFormatError`, … hold, with
 * `details` — so the UI can switch on the class and show `message`.
 *
 * The zk error classes live next to snarkjs (src/zk/setup.ts, prove.ts, verify.ts, export.ts); they are
 * imported only when such an error arrives, so the page does not load snarkjs just to name an error.
 */
import { ZkmlError } from '../../core/errors.js';
import { reviveError, type ErrorClass } from '../../core/transpile-files.js';
import { PtauError } from '../../zk/ptau.js';
import { CircomCompileError, reviveCircomError } from '../../zk/circom.js';

export { toErrorRecord, isErrorRecord, type ErrorRecord } from '../../core/transpile-files.js';

/** The caller cancelled the job (its AbortSignal fired, or `cancelAll`/`dispose`); the worker was stopped. */
export class CancelledError extends ZkmlError {
  override name = 'CancelledError';
  constructor(what: string, reason?: unknown) {
    super(`${what} cancelled${typeof reason === 'string' && reason ? `: ${reason}` : ''}`, { details: { what } });
  }
}

/**
 * The worker itself failed: it could not start (script or wasm did not load), crashed (an uncaught
 * error, out of memory), or sent something unreadable. The client replaces it for the next job.
 */
export class WorkerError extends ZkmlError {
  override name = 'WorkerError';
}

/** Light classes, revived synchronously. */
const LIGHT: Record<string, ErrorClass> = { PtauError, CircomCompileError, CancelledError, WorkerError };

/** Classes next to snarkjs, loaded on demand. */
const LAZY: Record<string, () => Promise<ErrorClass>> = {
  SetupError: async () => (await import('../../zk/setup.js')).SetupError,
  ProveError: async () => (await import('../../zk/prove.js')).ProveError,
  ProofFormatError: async () => (await import('../../zk/verify.js')).ProofFormatError,
  ExportError: async () => (await import('../../zk/export.js')).ExportError,
};

function nameOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : undefined;
}

/**
 * The typed error for whatever a worker call rejected with. Unknown ZkmlError names come back as
 * `ZkmlError`s keeping their name; anything that is not an error is wrapped in a `WorkerError`.
 */
export async function reviveWorkerError(e: unknown): Promise<Error> {
  if (e instanceof ZkmlError) return e; // already typed on this side (a CancelledError, a WorkerError)
  const name = nameOf(e);
  if (name === 'CircomCompileError' && e instanceof Error && !(e instanceof ZkmlError)) return reviveCircomError(e) as Error;
  const classes: Record<string, ErrorClass> = { ...LIGHT };
  if (name && Object.hasOwn(LAZY, name)) {
    try { classes[name] = await LAZY[name]!(); } catch { /* offline and not cached: a ZkmlError with the name still */ }
  }
  const r = reviveError(e, classes);
  if (r instanceof Error) return r;
  return new WorkerError(`the worker failed: ${typeof r === 'string' ? r : JSON.stringify(r) ?? String(r)}`);
}
