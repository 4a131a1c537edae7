import type { QGraph, QNode, QuantizeOptions, QWeight } from './types.js';
import { bitsFor, absMax, bestScale, quantizeArray, mulBounds, min, max } from './bounds.js';
import type { FloatTensor } from '../ir/types.js';
import { QuantizationError } from './errors.js';

export type NewNode = Omit<QNode, 'bits' | 'constraints'> & { constraints?: number };

/**
 * State shared by the per-layer quantizers: the nodes emitted so far, and the two policies every
 * layer relies on, narrowing (insert a rescale when a tensor is wider than the activation budget)
 * and scale alignment (free multiplications by 2^k).
 */
export class QContext {
  readonly nodes: QNode[] = [];
  private readonly byId = new Map<string, QNode>();
  private readonly narrowed = new Map<string, QNode>();
  constructor(readonly opts: Required<QuantizeOptions>, private readonly estimate: (n: QNode) => number) {}

  get(id: string): QNode {
    const n = this.byId.get(id);
    if (!n) throw new QuantizationError(`internal: tensor ${id} is not quantized yet`);
    return n;
  }

  push(n: NewNode): QNode {
    const bits = bitsFor(n.lo, n.hi);
    if (bits > 250) {
      throw new QuantizationError(`"${n.comment}" needs ${bits}-bit values in the worst case, more than the field allows (250); lower actBits or weightBits`, { node: n.id, bits });
    }
    const q: QNode = { ...n, bits, constraints: 0 };
    q.constraints = n.constraints ?? this.estimate(q);
    this.nodes.push(q);
    this.byId.set(q.id, q);
    return q;
  }

  uniqueId(base: string): string {
    let id = base, k = 2;
    while (this.byId.has(id)) id = `${base}_${k++}`;
    return id;
  }

  /**
   * The tensor at no more than `actBits` signed bits, at the largest scale that fits its worst case:
   * a Rescale (floor after adding 2^(k-1), i.e. round half up) when it is wider, else itself.
   */
  narrow(id: string, bits = this.opts.actBits): QNode {
    const x = this.get(id);
    if (x.bits <= bits) return x;
    const key = `${id}@${bits}`;
    const done = this.narrowed.get(key);
    if (done) return done;
    const r = planRescale(x, bits);
    const n = this.push({
      id: this.uniqueId(`${id}_rs`), kind: 'rescale', comment: `rescale ${id} by 2^-${r.S} (scale 2^${x.scale} → 2^${x.scale - r.S}), rounding half up`,
      inputs: [id], shape: x.shape, scale: x.scale - r.S, lo: r.lo, hi: r.hi, params: { B: r.B, S: r.S, OFFSET: r.OFFSET }, weights: {},
    });
    this.narrowed.set(key, n);
    return n;
  }

  /**
   * The input of a multiply-accumulate layer. With private weights: `narrow` (the products with the
   * weights must stay bounded). With public weights (issue 15) the layer is a linear combination with
   * constants, free whatever the input's width, so a standalone Rescale before it is skipped when it
   * costs more than it saves: its B + 1 constraints per input element, against about S + 2 more per
   * output element downstream (every later range check widens by the S bits not shifted out). The
   * input stays at most 2·actBits wide, so widths cannot grow without bound along a chain.
   */
  macInput(id: string, outElements: number): QNode {
    const x = this.get(id);
    if ((this.opts as { weights?: unknown }).weights !== 'public' || x.bits <= this.opts.actBits) return this.narrow(id);
    if (this.narrowed.has(`${id}@${this.opts.actBits}`) || x.bits > 2 * this.opts.actBits) return this.narrow(id);
    const r = planRescale(x, this.opts.actBits);
    const inElements = x.shape.reduce((a, b) => a * b, 1);
    return inElements * (r.B + 1) > outElements * (r.S + 2) ? x : this.narrow(id);
  }

  /** Bring tensors to one scale by multiplying the coarser ones by 2^k (free: a linear map). */
  align(ids: string[]): QNode[] {
    const xs = ids.map((i) => this.get(i));
    const s = Math.max(...xs.map((x) => x.scale));
    return xs.map((x) => {
      if (x.scale === s) return x;
      const k = s - x.scale, f = 1n << BigInt(k);
      return this.push({
        id: this.uniqueId(`${x.id}_up`), kind: 'scaleUp', comment: `multiply ${x.id} by 2^${k} to scale 2^${s}`,
        inputs: [x.id], shape: x.shape, scale: s, lo: x.lo * f, hi: x.hi * f, params: { K: k }, weights: {}, constraints: 0,
      });
    });
  }

  /** Quantize a float weight tensor at the largest scale whose values fit `weightBits`. */
  weight(t: FloatTensor): QWeight {
    let m = 0;
    for (const v of t.data) m = Math.max(m, Math.abs(v));
    const scale = bestScale(m, this.opts.weightBits);
    return { shape: t.shape, data: quantizeArray(t.data, scale), scale, bits: this.opts.weightBits };
  }

  /** A bias on the accumulator scale (exact to that scale, as wide as it needs). */
  bias(t: FloatTensor | undefined, scale: number, channels: number): QWeight {
    const data = t ? quantizeArray(t.data, scale) : new Array<bigint>(channels).fill(0n);
    let lo = 0n, hi = 0n;
    for (const v of data) { lo = min(lo, v); hi = max(hi, v); }
    return { shape: [channels], data, scale, bits: bitsFor(lo, hi) };
  }

  /**
   * Worst-case bounds of a linear layer's accumulators: for each output channel c, the sum over
   * its weights of the extreme products with an input in [lo, hi] (0 included, for padding), plus
   * the bias. Kernels keep the output channel last: channel = flat index mod C.
   */
  linearBounds(kernel: QWeight, bias: QWeight | null, channels: number, x: QNode, fanInFor?: (flatIndex: number) => boolean): [bigint, bigint] {
    const lo = min(x.lo, 0n), hi = max(x.hi, 0n);
    const los = new Array<bigint>(channels).fill(0n), his = new Array<bigint>(channels).fill(0n);
    kernel.data.forEach((w, i) => {
      if (fanInFor && !fanInFor(i)) return;
      const c = i % channels;
      const [a, b] = mulBounds(w, lo, hi);
      los[c] += a; his[c] += b;
    });
    let L = 0n, H = 0n;
    for (let c = 0; c < channels; c++) {
      const b = bias ? bias.data[c] : 0n;
      L = min(L, los[c] + b); H = max(H, his[c] + b);
    }
    return [L, H];
  }

  graph(base: Omit<QGraph, 'nodes'>): QGraph { return { ...base, nodes: this.nodes }; }
}

/**
 * The smallest shift S such that floor((x + 2^(S-1)) / 2^S) fits `bits` signed bits for every x in
 * the node's bounds; B is the width the Rescale template must decompose (after the offset).
 */
export function planRescale(x: Pick<QNode, 'lo' | 'hi' | 'bits'>, bits: number): { S: number; OFFSET: bigint; B: number; lo: bigint; hi: bigint } {
  for (let k = Math.max(1, x.bits - bits); ; k++) {
    const off = 1n << BigInt(k - 1);
    const lo = floorShift(x.lo + off, k), hi = floorShift(x.hi + off, k);
    if (bitsFor(lo, hi) <= bits) return { S: k, OFFSET: off, B: Math.max(bitsFor(x.lo + off, x.hi + off), k + 1), lo, hi };
  }
}

export function floorShift(x: bigint, k: number): bigint {
  const d = 1n << BigInt(k);
  const q = x / d;
  return x % d !== 0n && x < 0n ? q - 1n : q;
}

export { absMax };
