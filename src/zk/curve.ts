/**
 * snarkjs's BN254 curve (ffjavascript), built once per thread and shared by every proof, setup and
 * verification there, with its thread pool fixed to TRANSFER the buffers of each task to its threads
 * instead of structured-cloning them.
 *
 * Why: ffjavascript sends every window of a multi-exponentiation (and every FFT chunk) to a thread
 * as its own task, each carrying a full copy of the bases (`postMessage(task)` without a transfer
 * list). In Chromium that clone runs on the sending thread at ~90 MB/s: for the CNN's batch proofs
 * the thread that drives snarkjs spent a whole core cloning while the two curve threads waited, so
 * proving with threads was no faster than without (docs/BENCHMARKS.md, "Curve threads in Chromium").
 * A transferred copy costs one memcpy on the sender and nothing to send.
 *
 * `bn128()` installs the fix on `globalThis.curve_bn128`, the curve that snarkjs's `getCurveFromQ`
 * returns to every threaded caller. Single-threaded curves (snarkjs's `singleThread` option) have no
 * threads and are left alone. Isomorphic: Node's worker_threads take the same transfer list.
 */
import { buildBn128 } from 'ffjavascript';

/** The fields of ffjavascript's ThreadManager this module touches. */
interface ThreadManager {
  singleThread?: boolean;
  concurrency?: number;
  postAction(workerId: number, task: unknown[], transfers?: Transferable[], deferred?: unknown): Promise<unknown>;
  zkmlTransfers?: true;
}

/** Buffers below this size are cloned as before (a copy is not worth a transfer's bookkeeping). */
const MIN_TRANSFER_BYTES = 4096;

/**
 * Makes `tm.postAction` send each task's large Uint8Array payloads (`buff` of ALLOCSET commands) as
 * fresh copies in the transfer list. The caller's arrays are untouched (ffjavascript reuses the same
 * bases for every window of a multi-exponentiation). Idempotent.
 */
export function transferTaskBuffers(tm: ThreadManager): void {
  if (tm.singleThread || tm.zkmlTransfers) return;
  const post = tm.postAction.bind(tm);
  tm.postAction = (workerId, task, transfers, deferred) => {
    const list: Transferable[] = transfers ? [...transfers] : [];
    const moving = new Set<unknown>(list);
    const sent = task.map((cmd) => {
      const buff = (cmd as { buff?: unknown } | null)?.buff;
      if (!(buff instanceof Uint8Array) || buff.byteLength < MIN_TRANSFER_BYTES || moving.has(buff.buffer)) return cmd;
      const copy = buff.slice();
      list.push(copy.buffer);
      moving.add(copy.buffer);
      return { ...(cmd as object), buff: copy };
    });
    return post(workerId, sent, list, deferred);
  };
  tm.zkmlTransfers = true;
}

/** ffjavascript's window sizes by log2 of the point count (its `pTSizes`). */
const WINDOW_BITS = [1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 14, 15, 16, 16, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17];
const log2 = (n: number) => 31 - Math.clz32(n);

/** A point group of an ffjavascript curve: buffers in, buffers out. */
interface Group {
  F: { n8: number };
  zero: Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  double(a: Uint8Array): Uint8Array;
  isZero(a: Uint8Array): boolean;
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array, logger?: { debug(m: string): void }, logText?: string): Promise<Uint8Array>;
  zkmlSplit?: true;
}

/** Below this many points a multi-exponentiation is not split across threads. */
const MIN_SPLIT_POINTS = 1024;

/**
 * Replaces `G.multiExpAffine` with one that splits the POINTS across the curve's threads: one task per
 * thread carrying its share of the bases and scalars (transferred) and computing every window of it,
 * instead of ffjavascript's one task per window, each carrying every base. Same wasm routine
 * (`g1m_/g2m_multiexpAffine_chunk`), same window sizes for the share's point count, same result; the
 * bases cross to the threads once instead of ~20 times. Logs the same "Multiexp start/end" lines.
 */
export function splitMultiExp(G: Group, prefix: 'g1m' | 'g2m', tm: ThreadManager & { queueAction(task: unknown[], transfers?: Transferable[]): Promise<Uint8Array[]> }): void {
  if (tm.singleThread || G.zkmlSplit) return;
  const original = G.multiExpAffine.bind(G);
  const fnName = `${prefix}_multiexpAffine_chunk`;
  const sIn = G.F.n8 * 2;
  const sOut = G.F.n8 * 3;
  G.multiExpAffine = async (bases, scalars, logger, logText) => {
    const nPoints = Math.floor(bases.byteLength / sIn);
    const threads = Math.max(1, tm.concurrency ?? 1);
    if (nPoints < MIN_SPLIT_POINTS * 2 || threads < 2) return original(bases, scalars, logger, logText);
    const sScalar = Math.floor(scalars.byteLength / nPoints);
    if (sScalar * nPoints !== scalars.byteLength) throw new Error('Scalar size does not match');
    const parts = Math.min(threads, Math.floor(nPoints / MIN_SPLIT_POINTS));
    const per = Math.ceil(nPoints / parts);
    const jobs: Promise<Uint8Array>[] = [];
    for (let start = 0; start < nPoints; start += per) {
      const n = Math.min(per, nPoints - start);
      const bits = WINDOW_BITS[log2(n)]!;
      const windows = Math.floor((sScalar * 8 - 1) / bits) + 1;
      const b = bases.slice(start * sIn, (start + n) * sIn);
      const s = scalars.slice(start * sScalar, (start + n) * sScalar);
      const task: unknown[] = [
        { cmd: 'ALLOCSET', var: 0, buff: b },
        { cmd: 'ALLOCSET', var: 1, buff: s },
        { cmd: 'ALLOC', var: 2, len: sOut * windows },
      ];
      for (let w = 0; w < windows; w++) {
        task.push({ cmd: 'CALL', fnName, params: [
          { var: 0 }, { var: 1 }, { val: sScalar }, { val: n }, { val: w * bits }, { val: Math.min(sScalar * 8 - w * bits, bits) }, { var: 2, offset: w * sOut },
        ] });
      }
      task.push({ cmd: 'GET', out: 0, var: 2, len: sOut * windows });
      logger?.debug(`Multiexp start: ${logText}: ${start}/${nPoints}`);
      jobs.push(tm.queueAction(task, [b.buffer, s.buffer]).then(([out]) => {
        logger?.debug(`Multiexp end: ${logText}: ${start}/${nPoints}`);
        // Σ_w 2^(w·bits)·W_w, Horner from the top window
        let acc = G.zero;
        for (let w = windows - 1; w >= 0; w--) {
          if (!G.isZero(acc)) for (let j = 0; j < bits; j++) acc = G.double(acc);
          acc = G.add(acc, out!.slice(w * sOut, (w + 1) * sOut));
        }
        return acc;
      }));
    }
    let res = G.zero;
    for (const r of await Promise.all(jobs)) res = G.add(res, r);
    return res;
  };
  G.zkmlSplit = true;
}

type Curve = { tm?: ThreadManager & { queueAction(task: unknown[], transfers?: Transferable[]): Promise<Uint8Array[]> }; G1: Group; G2: Group };

/** The shared threaded curve (built on first use), with `transferTaskBuffers` and `splitMultiExp` installed. */
export async function bn128(): Promise<Curve> {
  const curve = (await buildBn128()) as unknown as Curve;
  if (curve.tm) {
    transferTaskBuffers(curve.tm);
    splitMultiExp(curve.G1, 'g1m', curve.tm);
    splitMultiExp(curve.G2, 'g2m', curve.tm);
  }
  return curve;
}
