/**
 * Put trained float weights into a bounty's architecture (docs/PROTOCOL.md §2) so that the model keeps the
 * architecture's hash, and with it the bounty's accuracy circuit.
 *
 * The architecture fixes more than the layers: every kernel's scale and packing width, every bias's width
 * and every node's worst-case integer bounds (from which the rescale shifts follow). A plain transpile of
 * freshly trained weights would pick its own scales and bounds, i.e. another architecture. So the trained
 * weights are projected onto the architecture's quantization:
 *
 *  1. Positive rescaling (chains of linear layers and positively homogeneous layers only: ReLU, pooling,
 *     flatten, …, with a final argmax): layer ℓ's kernel is multiplied by c_ℓ so that its largest weight
 *     fills the architecture's kernel width, and its bias by c_1·…·c_ℓ. Every activation is then scaled by a
 *     positive constant, so the predicted class is unchanged.
 *  2. Quantize at the architecture's scales and clamp to its widths; one "anchor" weight (the largest) is set
 *     to the width's extreme so that the transpiler re-derives the same kernel scale and width.
 *  3. Bounds: for each linear node with a non-negative input range [0, h] (ReLU outputs, inputs in [0, 1]),
 *     channel c's worst case is [b_c − h·N_c, b_c + h·P_c] (P_c, N_c: the sums of its positive weights and of
 *     its negative weights' magnitudes). Every channel is brought inside the architecture's [lo, hi] (shrinking
 *     its weights when its span is too wide, then choosing its bias), one channel is made to reach hi exactly
 *     and another lo exactly (weights move in steps of h, the bias takes the remainder), and a bias is moved
 *     to the width's band when the biases would otherwise be narrower than the architecture says.
 *
 * The result is checked: archHash(architectureOf(fitted)) must equal the architecture's, else
 * ArchitectureFitError. Pure (BigInt only), no tfjs.
 */
import { architectureOf, archHash, graphFromArchitecture, tensorWidth, type Architecture } from '../commit/architecture.js';
import type { QGraph, QNode } from '../quantize/types.js';
import { ArchitectureFitError, UnsupportedArchitectureError } from './errors.js';

/** Node kinds with trainable weights that training builds and fits. */
export const TRAINABLE_KINDS = ['dense', 'conv2d', 'depthwiseConv2d'] as const;

/** Weightless kinds through which a positive rescaling of the activations passes unchanged (up to the factor). */
const HOMOGENEOUS = new Set<string>([
  'input', 'relu', 'rescaleRelu', 'rescale', 'scaleUp', 'maxPool2d', 'avgPool2d', 'sumPool2d', 'globalAvgPool2d', 'globalSumPool2d',
  'globalMaxPool2d', 'flatten', 'reshape', 'zeroPadding2d', 'upSampling2d', 'argmax', 'leakyRelu', ...TRAINABLE_KINDS,
]);

/** Float weights of one linear layer, in Keras layouts (kernel with the output channel last). */
export interface FloatParams { kernel: ArrayLike<number>; bias?: ArrayLike<number> }

const pow2 = (k: number) => 1n << BigInt(k);
const big = (x: number) => BigInt(Math.round(x));
const clampB = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);
const floorDiv = (a: bigint, b: bigint) => { const q = a / b; return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q; };
const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b);
/** The signed range of a `width`-bit tensor. */
const widthRange = (w: number): [bigint, bigint] => [-pow2(w - 1), pow2(w - 1) - 1n];

/**
 * Makes the sum of magnitudes of the `positive` (or negative) entries among `idx` equal `target`, changing only
 * entries of that sign (or zero) other than `fixed`, each within [0, cap] in magnitude. False if it cannot.
 */
function setSum(q: bigint[], idx: number[], positive: boolean, target: bigint, cap: bigint, fixed: number): boolean {
  const mag = (i: number) => (positive ? (q[i] > 0n ? q[i] : 0n) : (q[i] < 0n ? -q[i] : 0n));
  const free = idx.filter((i) => i !== fixed && (positive ? q[i] >= 0n : q[i] <= 0n));
  const total = idx.reduce((a, i) => a + mag(i), 0n);
  let delta = target - total;
  if (delta === 0n) return true;
  const set = (i: number, m: bigint) => { q[i] = positive ? m : -m; };
  if (delta > 0n) {
    while (delta > 0n) {
      const open = free.filter((i) => mag(i) < cap);
      if (!open.length) return false;
      const step = ceilDiv(delta, BigInt(open.length));
      for (const i of open) {
        if (delta === 0n) break;
        const add = [step, cap - mag(i), delta].reduce((a, b) => (a < b ? a : b));
        set(i, mag(i) + add); delta -= add;
      }
    }
    return true;
  }
  const freeTotal = free.reduce((a, i) => a + mag(i), 0n);
  if (freeTotal < -delta) return false;
  const keep = freeTotal + delta; // the free entries' new total
  let now = 0n;
  for (const i of free) { const m = freeTotal === 0n ? 0n : (mag(i) * keep) / freeTotal; set(i, m); now += m; }
  // floor left the total short by < |free|: give it back one unit at a time to the largest entries
  const order = [...free].sort((a, b) => (mag(b) > mag(a) ? 1 : mag(b) < mag(a) ? -1 : a - b));
  for (let k = 0; now < keep; k = (k + 1) % order.length) {
    const i = order[k];
    if (mag(i) < cap) { set(i, mag(i) + 1n); now++; }
  }
  return true;
}

/** Fits one linear node's quantized kernel and bias to the architecture's scale, widths and bounds (in place). */
function fitLinear(n: QNode, x: QNode, fk: ArrayLike<number>, fb: ArrayLike<number> | undefined): void {
  const fail = (problem: string): never => { throw new ArchitectureFitError(n.id, problem); };
  const kw = n.weights.weights;
  const bw = n.weights.bias;
  if (!kw) fail('it has no kernel');
  if (fk.length !== kw.data.length) fail(`the trained kernel has ${fk.length} values, the architecture ${kw.data.length}`);
  const C = n.shape[n.shape.length - 1];
  const limit = pow2(kw.bits - 1) - 1n;
  let [klo, khi] = widthRange(kw.width!);
  if (klo < -limit) klo = -limit;
  if (khi > limit) khi = limit;
  const f = 2 ** kw.scale;
  const q = Array.from(fk, (v) => clampB(big(v * f), klo, khi));
  // the anchor: one weight at the width's extreme, so the transpiler re-derives this scale and width
  const needMag = kw.scale >= 30 ? 1n : pow2(kw.bits - 2);
  let anchor = 0;
  q.forEach((v, i) => { if ((v < 0n ? -v : v) > (q[anchor] < 0n ? -q[anchor] : q[anchor])) anchor = i; });
  const okAnchor = (v: bigint) => (v < 0n ? -v : v) >= needMag && tensorWidth([v]) === kw.width;
  if (!okAnchor(q[anchor]) || tensorWidth(q) !== kw.width) {
    const cands = q[anchor] < 0n ? [klo, khi] : [khi, klo];
    const v = cands.find(okAnchor);
    if (v === undefined) fail(`no weight value fits its ${kw.width}-bit width at scale 2^${kw.scale}`);
    q[anchor] = v!;
  }
  if (bw && fb && fb.length !== bw.data.length) fail(`the trained bias has ${fb.length} values, the architecture ${bw.data.length}`);
  const [blo, bhi] = bw ? widthRange(bw.width!) : [0n, 0n];
  const b = Array.from({ length: C }, (_, c) => (bw && fb ? clampB(big(fb[c] * 2 ** bw.scale), blo, bhi) : 0n));
  const TH = n.hi, TL = n.lo;
  const xlo = x.lo < 0n ? x.lo : 0n, h = x.hi > 0n ? x.hi : 0n;
  const chan = Array.from({ length: C }, (_, c) => q.map((_, i) => i).filter((i) => i % C === c));
  const P = (c: number) => chan[c].reduce((a, i) => a + (q[i] > 0n ? q[i] : 0n), 0n);
  const N = (c: number) => chan[c].reduce((a, i) => a + (q[i] < 0n ? -q[i] : 0n), 0n);
  if (xlo < 0n || h === 0n) {
    // a signed (or constant) input: only the quantization above; the bounds must already agree
    n.weights.weights.data = q;
    if (bw) bw.data = b;
    const [L, H] = exactBounds(q, b, C, x);
    if (L !== TL || H !== TH) fail(`its worst-case bounds [${L}, ${H}] differ from the architecture's [${TL}, ${TH}] and its input range is not [0, h]`);
    return;
  }
  const biasInterval = (c: number): [bigint, bigint] => {
    const lo = TL + h * N(c), hi = TH - h * P(c);
    return [lo > blo ? lo : blo, hi < bhi ? hi : bhi];
  };
  // A. every channel inside [TL, TH] with its bias in its width
  for (let c = 0; c < C; c++) {
    let [ilo, ihi] = biasInterval(c);
    if (ilo > ihi) {
      const span = h * (P(c) + N(c)), room = TH - TL;
      if (span > room) {
        // shrink both sides in proportion, keeping the anchor whole
        const T = room / h, p = P(c), m = N(c);
        let pT = (p * T) / (p + m), nT = T - pT;
        const a = q[anchor] < 0n ? -q[anchor] : q[anchor];
        if (chan[c].includes(anchor)) {
          if (q[anchor] > 0n && pT < a) { pT = a; nT = T - a; }
          if (q[anchor] < 0n && nT < a) { nT = a; pT = T - a; }
        }
        if (pT < 0n || nT < 0n || !setSum(q, chan[c], true, pT, khi, anchor) || !setSum(q, chan[c], false, nT, -klo, anchor)) fail(`channel ${c} is too wide for the bounds [${TL}, ${TH}]`);
      }
      if (TL + h * N(c) > bhi && !setSum(q, chan[c], false, floorDiv(bhi - TL, h), -klo, anchor)) fail(`channel ${c}'s negative weights are too large for its bias width`);
      if (TH - h * P(c) < blo && !setSum(q, chan[c], true, floorDiv(TH - blo, h), khi, anchor)) fail(`channel ${c}'s positive weights are too large for its bias width`);
      [ilo, ihi] = biasInterval(c);
      if (ilo > ihi) fail(`channel ${c} cannot be brought inside the bounds [${TL}, ${TH}]`);
    }
    b[c] = clampB(b[c], ilo, ihi);
  }
  // B. one channel reaches TH exactly (when TH > 0; H is at least 0 anyway)
  const upper = (c: number) => b[c] + h * P(c);
  const lower = (c: number) => b[c] - h * N(c);
  let top = -1;
  if (TH > 0n && !Array.from({ length: C }, (_, c) => upper(c)).includes(TH)) {
    const order = Array.from({ length: C }, (_, c) => c).sort((a, z) => (upper(z) > upper(a) ? 1 : upper(z) < upper(a) ? -1 : a - z));
    for (const c of order) {
      const lowB = TL + h * N(c) > blo ? TL + h * N(c) : blo;
      const pMin = ceilDiv(TH - bhi, h) > 0n ? ceilDiv(TH - bhi, h) : 0n, pMax = floorDiv(TH - lowB, h);
      if (pMin > pMax) continue;
      const saved = [...q];
      if (!setSum(q, chan[c], true, clampB(P(c), pMin, pMax), khi, anchor)) { q.splice(0, q.length, ...saved); continue; }
      b[c] = TH - h * P(c);
      top = c;
      break;
    }
    if (top < 0) fail(`no channel can reach the upper bound ${TH}`);
  } else top = Array.from({ length: C }, (_, c) => upper(c)).indexOf(TH);
  // C. another channel reaches TL exactly (when TL < 0)
  let bottom = -1;
  if (TL < 0n && !Array.from({ length: C }, (_, c) => lower(c)).includes(TL)) {
    const order = Array.from({ length: C }, (_, c) => c).filter((c) => c !== top).sort((a, z) => (lower(a) > lower(z) ? 1 : lower(a) < lower(z) ? -1 : a - z));
    for (const c of order) {
      const highB = TH - h * P(c) < bhi ? TH - h * P(c) : bhi;
      const nMin = ceilDiv(blo - TL, h) > 0n ? ceilDiv(blo - TL, h) : 0n, nMax = floorDiv(highB - TL, h);
      if (nMin > nMax) continue;
      const saved = [...q];
      if (!setSum(q, chan[c], false, clampB(N(c), nMin, nMax), -klo, anchor)) { q.splice(0, q.length, ...saved); continue; }
      b[c] = TL + h * N(c);
      bottom = c;
      break;
    }
    if (bottom < 0) fail(`no channel can reach the lower bound ${TL}`);
  } else bottom = Array.from({ length: C }, (_, c) => lower(c)).indexOf(TL);
  // D. the biases as wide as the architecture says
  if (bw && tensorWidth(b) !== bw.width) {
    const band = bw.width! >= 2 ? pow2(bw.width! - 2) : 1n;
    let done = false;
    for (let c = 0; c < C && !done; c++) {
      if (c === top || c === bottom) continue;
      for (const v of [band, -band - 1n]) {
        if (v < blo || v > bhi) continue;
        const saved = [...q];
        const pT = floorDiv(TH - v, h), nT = floorDiv(v - TL, h);
        if (pT < 0n || nT < 0n) continue;
        if (setSum(q, chan[c], true, P(c) < pT ? P(c) : pT, khi, anchor) && setSum(q, chan[c], false, N(c) < nT ? N(c) : nT, -klo, anchor)) {
          b[c] = v; done = true; break;
        }
        q.splice(0, q.length, ...saved);
      }
    }
    if (!done) fail(`its biases cannot reach their ${bw.width}-bit width within the bounds`);
  }
  kw.data = q;
  if (bw) bw.data = b;
  const [L, H] = exactBounds(q, b, C, x);
  if (L !== TL || H !== TH) fail(`internal: bounds [${L}, ${H}] after fitting, expected [${TL}, ${TH}]`);
}

/** The quantizer's worst-case bounds (QContext.linearBounds) of a kernel and bias on input node x. */
function exactBounds(q: readonly bigint[], b: readonly bigint[], C: number, x: QNode): [bigint, bigint] {
  const lo = x.lo < 0n ? x.lo : 0n, hi = x.hi > 0n ? x.hi : 0n;
  const los = new Array<bigint>(C).fill(0n), his = new Array<bigint>(C).fill(0n);
  q.forEach((w, i) => { const a = w * lo, z = w * hi; los[i % C] += a < z ? a : z; his[i % C] += a < z ? z : a; });
  let L = 0n, H = 0n;
  for (let c = 0; c < C; c++) { if (los[c] + b[c] < L) L = los[c] + b[c]; if (his[c] + b[c] > H) H = his[c] + b[c]; }
  return [L, H];
}

/** Which node kinds of an architecture training cannot build (empty when it can). */
export function untrainableKinds(arch: unknown): string[] {
  const g = graphFromArchitecture(arch);
  const ok = new Set<string>([...HOMOGENEOUS, 'clip', 'poly', 'add', 'concatenate']);
  return [...new Set(g.nodes.filter((n) => !ok.has(n.kind)).map((n) => n.kind))];
}

/**
 * The quantized graph of the architecture with the trained float weights (by node id) fitted into it.
 * Its architecture hash equals `archHash(arch)` (checked). Throws UnsupportedArchitectureError for node kinds
 * training does not handle, ArchitectureFitError when a layer cannot be fitted.
 */
export function fitToArchitecture(arch: unknown, params: ReadonlyMap<string, FloatParams>): QGraph {
  const g = graphFromArchitecture(arch);
  const bad = untrainableKinds(arch);
  if (bad.length) throw new UnsupportedArchitectureError(`training does not handle the layer kind${bad.length > 1 ? 's' : ''} ${bad.join(', ')}`, { details: { kinds: bad } });
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const linear = g.nodes.filter((n) => (TRAINABLE_KINDS as readonly string[]).includes(n.kind));
  for (const n of g.nodes) {
    if (!(TRAINABLE_KINDS as readonly string[]).includes(n.kind) && Object.keys(n.weights).length) {
      throw new UnsupportedArchitectureError(`training does not handle the weights of ${n.id} (${n.kind})`, { details: { node: n.id, kinds: [n.kind] } });
    }
  }
  // 1. positive rescaling along a chain of homogeneous layers
  const chain = g.nodes.every((n) => HOMOGENEOUS.has(n.kind) && (n.kind === 'input' || n.inputs.length === 1));
  const factor = new Map<string, number>();
  const scaled = new Map<string, { kernel: Float64Array; bias?: Float64Array }>();
  for (const n of g.nodes) {
    const p = params.get(n.id);
    if (!(TRAINABLE_KINDS as readonly string[]).includes(n.kind)) { factor.set(n.id, n.kind === 'input' ? 1 : factor.get(n.inputs[0]) ?? 1); continue; }
    if (!p) throw new ArchitectureFitError(n.id, 'no trained weights were given for it');
    const kernel = Float64Array.from(p.kernel);
    let c = 1;
    if (chain) {
      const kw = n.weights.weights;
      const [lo, hi] = widthRange(kw.width!);
      const limit = Number(pow2(kw.bits - 1) - 1n);
      const target = Math.min(limit, Math.max(Number(hi), -Number(lo))) / 2 ** kw.scale;
      let m = 0;
      for (const v of kernel) m = Math.max(m, Math.abs(v));
      if (m > 0 && Number.isFinite(target / m)) c = target / m;
      // no wider than the architecture's bounds allow: channel spans h·2^s·c·Σ|w| within hi − lo
      const x = byId.get(n.inputs[0])!;
      const h = Number(x.hi > 0n ? x.hi : 0n) - Number(x.lo < 0n ? x.lo : 0n);
      const C = n.shape[n.shape.length - 1];
      const sums = new Array<number>(C).fill(0);
      kernel.forEach((v, i) => { sums[i % C] += Math.abs(v); });
      const widest = Math.max(...sums) * h * 2 ** kw.scale;
      if (widest > 0) c = Math.min(c, (0.97 * Number(n.hi - n.lo)) / widest);
    }
    const fin = factor.get(n.inputs[0]) ?? 1;
    for (let i = 0; i < kernel.length; i++) kernel[i] *= c;
    const bias = p.bias ? Float64Array.from(p.bias, (v) => v * c * fin) : undefined;
    factor.set(n.id, fin * c);
    scaled.set(n.id, { kernel, bias });
  }
  // 2–3. quantize and fit, in topological order (each node's input bounds are the architecture's)
  for (const n of linear) {
    const s = scaled.get(n.id)!;
    fitLinear(n, byId.get(n.inputs[0])!, s.kernel, s.bias);
  }
  for (const n of g.nodes) for (const w of Object.values(n.weights)) delete w.width;
  const want = archHash(arch as Architecture), got = archHash(architectureOf(g));
  if (want !== got) {
    const a = (arch as Architecture).nodes, z = architectureOf(g).nodes;
    const i = a.findIndex((x, k) => JSON.stringify(x) !== JSON.stringify(z[k]));
    throw new ArchitectureFitError(a[i]?.id ?? '?', 'the fitted model has another architecture hash');
  }
  return g;
}
