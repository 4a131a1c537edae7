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
 * returns to every threaded caller, in a browser; in Node (whose worker_threads clone fast, and where
 * ffjavascript's threads already scale) the curve is left as ffjavascript builds it, and the two fixes
 * are tested there by installing them explicitly (curve.test.ts). Single-threaded curves (snarkjs's
 * `singleThread` option) have no threads and are left alone.
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

/**
 * The curve threads' program in a browser: ffjavascript's thread protocol (INIT with the curve's wasm,
 * then tasks of ALLOCSET / ALLOC / SET / CALL / GET commands over the thread's own wasm memory, TERMINATE),
 * implemented here so that a task's results go back in the TRANSFER list. ffjavascript's own thread
 * posts them back cloned, the same cost as above in the other direction (an FFT's chunks are its
 * results). Memory layout and growth are the protocol's: word 0 is the allocation top, reset after
 * every task; memory grows to keep one allocation's size of headroom, at most 32,767 pages.
 */
const THREAD_SOURCE = `
const MAX_PAGES = 32767;
let memory, fns;
const top = () => new Uint32Array(memory.buffer, 0, 1);
function alloc(n) {
  const t = top();
  t[0] += (4 - (t[0] & 3)) & 3;
  const p = t[0];
  t[0] = p + n;
  if (p + 2 * n > memory.buffer.byteLength) {
    const pages = Math.min(MAX_PAGES, Math.floor((p + 2 * n) / 65536) + 1);
    memory.grow(pages - memory.buffer.byteLength / 65536);
  }
  return p;
}
const put = (p, b) => new Uint8Array(memory.buffer).set(b instanceof Uint8Array ? b : new Uint8Array(b), p);
onmessage = (e) => {
  const task = e.data;
  const first = task[0];
  if (first.cmd === 'INIT') {
    memory = new WebAssembly.Memory({ initial: first.init, maximum: MAX_PAGES });
    WebAssembly.instantiate(first.code, { env: { memory } }).then((r) => { fns = r.instance.exports; postMessage(undefined); });
    return;
  }
  if (first.cmd === 'TERMINATE') { close(); return; }
  const saved = top()[0];
  const vars = [], out = [];
  for (const c of task) {
    if (c.cmd === 'ALLOCSET') { vars[c.var] = alloc(c.buff.byteLength); put(vars[c.var], c.buff); }
    else if (c.cmd === 'ALLOC') vars[c.var] = alloc(c.len);
    else if (c.cmd === 'SET') put(vars[c.var], c.buff);
    else if (c.cmd === 'CALL') {
      const args = [];
      for (const a of c.params) {
        if (a.var !== undefined) args.push(vars[a.var] + (a.offset || 0));
        else if (a.val !== undefined) args.push(a.val);
      }
      fns[c.fnName](...args);
    } else if (c.cmd === 'GET') out[c.out] = new Uint8Array(memory.buffer, vars[c.var], c.len).slice();
    else throw new Error('unknown curve thread command ' + c.cmd);
  }
  top()[0] = saved;
  postMessage(out, out.filter(Boolean).map((b) => b.buffer));
};
`;

let threadUrl: string | undefined;

/** In a browser (not Node: its worker_threads clone fast, and ffjavascript uses the web-worker package there). */
function browserWorkers(): boolean {
  const g = globalThis as { Worker?: unknown; Blob?: unknown; process?: { versions?: { node?: string } } };
  return typeof g.Worker === 'function' && typeof g.Blob === 'function' && typeof URL.createObjectURL === 'function' && !g.process?.versions?.node;
}

/**
 * ffjavascript's threaded curve, built with THREAD_SOURCE as its threads' program in a browser: while it
 * builds, `Worker` resolves blob: URLs (ffjavascript's thread program) to ours. ffjavascript creates its
 * threads in one loop during the build; this runs in the snark and pool workers, where nothing else
 * starts a worker meanwhile (on a page, a blob: worker started by other code during those ~100 ms
 * would get the curve thread program too: build the curve first, as `warmup` does).
 */
async function buildThreaded(plugins?: (m: never) => void): Promise<Curve> {
  const g = globalThis as unknown as { Worker: typeof Worker; curve_bn128?: unknown };
  const build = buildBn128 as unknown as (singleThread?: boolean, plugins?: (m: never) => void) => Promise<unknown>;
  if (g.curve_bn128 || !browserWorkers()) return (await build(false, plugins)) as unknown as Curve;
  threadUrl ??= URL.createObjectURL(new Blob([THREAD_SOURCE], { type: 'text/javascript' }));
  const Native = g.Worker;
  const own = threadUrl;
  const Substitute = function (this: unknown, url: string | URL, opts?: WorkerOptions) {
    return new Native(typeof url === 'string' && url.startsWith('blob:') ? own : url, opts);
  } as unknown as typeof Worker;
  Substitute.prototype = Native.prototype;
  g.Worker = Substitute;
  let curve: Curve;
  try { curve = (await build(false, plugins)) as unknown as Curve; } finally { g.Worker = Native; }
  if (curve.tm) (curve.tm as ThreadManager & { zkmlThreads?: true }).zkmlThreads = true;
  return curve;
}

/**
 * A threaded curve with extra wasm functions (`plugins`, ffjavascript's module builder hook), with the
 * browser threads and `transferTaskBuffers` above. The caller keeps it out of ffjavascript's shared
 * cache (see dev-ptau-comb.ts `buildCombCurve`).
 */
export async function bn128WithPlugins<C>(plugins: (m: never) => void): Promise<C> {
  const curve = await buildThreaded(plugins);
  if (curve.tm && browserWorkers()) transferTaskBuffers(curve.tm);
  return curve as unknown as C;
}

/** The shared threaded curve (built on first use), with `transferTaskBuffers` and `splitMultiExp` installed in a browser. */
export async function bn128(): Promise<Curve> {
  const curve = await buildThreaded();
  // Node's worker_threads clone fast and ffjavascript's threads already scale there (bench/curve-threads.ts,
  // 8,192 points: 123 ms as built, 129 ms with the fixes): its curve is left as ffjavascript builds it
  if (curve.tm && browserWorkers()) {
    transferTaskBuffers(curve.tm);
    splitMultiExp(curve.G1, 'g1m', curve.tm);
    splitMultiExp(curve.G2, 'g2m', curve.tm);
  }
  return curve;
}
