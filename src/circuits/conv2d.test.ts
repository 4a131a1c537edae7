import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { conv2d } from '../core/witness/conv2d.js';
import { Conv2D, type Conv2DParams } from './conv2d.js';
import { paddingOf } from '../core/witness/padding.js';

type R = ReturnType<typeof rng>;
type Nested = bigint | Nested[];
const rand = (r: R, shape: number[], bits: number): Nested =>
  shape.length === 0 ? r.signed(bits) : Array.from({ length: shape[0] }, () => rand(r, shape.slice(1), bits));
const flat = (x: Nested): bigint[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const params = (a: number[]): Conv2DParams => {
  const [H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS] = a;
  return { H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS };
};

/** Independent naive conv: materialise TensorFlow's zero padding, then a plain valid convolution. */
function naiveConv2d(x: bigint[][][], k: bigint[][][][], b: bigint[] | null, p: Conv2DParams): bigint[][][] {
  const axis = (n: number, kk: number, s: number) => {
    if (p.PADDING === 0) return { out: Math.floor((n - kk) / s) + 1, before: 0, after: 0 };
    const out = Math.ceil(n / s), total = Math.max((out - 1) * s + kk - n, 0);
    return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
  };
  const ay = axis(p.H, p.KH, p.STRIDE_H), ax = axis(p.W, p.KW, p.STRIDE_W);
  const zero = () => Array.from({ length: p.C_IN }, () => 0n);
  const padded: bigint[][][] = [];
  for (let y = -ay.before; y < p.H + ay.after; y++) {
    const row: bigint[][] = [];
    for (let xx = -ax.before; xx < p.W + ax.after; xx++) row.push(y >= 0 && y < p.H && xx >= 0 && xx < p.W ? x[y][xx] : zero());
    padded.push(row);
  }
  return Array.from({ length: ay.out }, (_, oy) => Array.from({ length: ax.out }, (_, ox) => Array.from({ length: p.C_OUT }, (_, co) => {
    let acc = b ? b[co] : 0n;
    for (let ky = 0; ky < p.KH; ky++) for (let kx = 0; kx < p.KW; kx++) for (let ci = 0; ci < p.C_IN; ci++) {
      acc += padded[oy * p.STRIDE_H + ky][ox * p.STRIDE_W + kx][ci] * k[ky][kx][ci][co];
    }
    return acc;
  })));
}

// [H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS], hand-counted real MACs
const SHAPES: [number[], number, string][] = [
  // same, stride 2×1, 3×2 kernel: rows TY = 2+3+2 = 7, cols TX = 2+2+2+1 = 7 → 7·7·2·3
  [[5, 4, 2, 3, 3, 2, 2, 1, 1, 1], 294, 'same, stride (2,1), 3×2 kernel, bias'],
  // valid 3×3 on 5×5: 9·9·1·2
  [[5, 5, 1, 2, 3, 3, 1, 1, 0, 0], 162, 'valid 3×3, no bias'],
  // same, stride 2×2, 2×4 kernel on 4×5: TY = 2+2 (no padding needed), TX = 3+4+2 (PL = 1) → 4·9
  [[4, 5, 1, 1, 2, 4, 2, 2, 1, 0], 36, 'same, stride 2, 2×4 kernel, no bias'],
  // same with a kernel taller than the input: 5×1 on 2×3, TY = 2+2, TX = 3 → 4·3
  [[2, 3, 1, 1, 5, 1, 1, 1, 1, 1], 12, 'same, 5×1 kernel taller than the input'],
  // valid, stride (3,2) leaving the last input row and column unread: OH = OW = 2, TY = 4, TX = 6 → 4·6·2·2
  [[7, 6, 2, 2, 2, 3, 3, 2, 0, 1], 96, 'valid, stride (3,2), 2×3 kernel'],
];

describe('Conv2D(H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS)', () => {
  const circuits: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const [a] of SHAPES) circuits.push(await compileTemplate('conv2d.circom', 'Conv2D', a));
  });

  it('costs exactly one constraint per real (non-padded) multiply-accumulate', () => {
    SHAPES.forEach(([a, literal], i) => {
      expect(circuits[i].nConstraints, SHAPES[i][2]).toBe(Conv2D.constraints(params(a)));
      expect(circuits[i].nConstraints, SHAPES[i][2]).toBe(literal);
    });
  });

  it('matches the TypeScript reference (and a naive padded convolution) on random, negative and edge inputs', async () => {
    const r = rng(21);
    for (const [i, [a, , label]] of SHAPES.entries()) {
      const p = params(a);
      const opts = { strideH: p.STRIDE_H, strideW: p.STRIDE_W, padding: paddingOf(p.PADDING) };
      const inShape = [p.H, p.W, p.C_IN], kShape = [p.KH, p.KW, p.C_IN, p.C_OUT];
      const fill = (shape: number[], v: bigint): Nested => (shape.length === 0 ? v : Array.from({ length: shape[0] }, () => fill(shape.slice(1), v)));
      const cases = [
        // edges: all-minimum input against all-minimum / all-maximum weights
        { in: fill(inShape, -2048n), weights: fill(kShape, -128n), bias: fill([p.C_OUT], (1n << 19n) - 1n) },
        { in: fill(inShape, -2048n), weights: fill(kShape, 127n), bias: fill([p.C_OUT], -(1n << 19n)) },
        ...Array.from({ length: 4 }, () => ({ in: rand(r, inShape, 12), weights: rand(r, kShape, 8), bias: rand(r, [p.C_OUT], 20) })),
      ];
      for (const x of cases) {
        const bias = p.USE_BIAS ? (x.bias as bigint[]) : null;
        const input = p.USE_BIAS ? x : { in: x.in, weights: x.weights };
        const w = await circuits[i].witness(input);
        expect(w.satisfies(), label).toBe(true);
        const ref = conv2d(x.in as bigint[][][], x.weights as bigint[][][][], bias, opts);
        expect(ref, label).toEqual(naiveConv2d(x.in as bigint[][][], x.weights as bigint[][][][], bias, p));
        expect(w.getArray('out'), label).toEqual(flat(ref as Nested));
      }
    }
  });

  it('rejects forged outputs and forged products', async () => {
    const r = rng(22);
    const c = circuits[0], p = params(SHAPES[0][0]);
    const w = await c.witness({ in: rand(r, [p.H, p.W, p.C_IN], 12), weights: rand(r, [p.KH, p.KW, p.C_IN, p.C_OUT], 8), bias: rand(r, [p.C_OUT], 20) });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[1][2][1]', 'out[2][3][2]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // out[0][0][0] reads 2×2 real taps × 2 channels = 8 products, prod[0..8) (order oy, ox, co, ky, kx, ci)
    const survivors = Array.from({ length: 8 }, (_, n) => `prod[${n}]`).filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.length).toBeGreaterThanOrEqual(7);
    for (const s of survivors) {
      expect(w.forge({ [s]: w.get(s) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [s]: w.get(s) + 1n, 'out[0][0][0]': w.get('out[0][0][0]') + 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const ok = [5, 4, 2, 3, 3, 2, 2, 1, 0, 1];
    const bad = (i: number, v: number) => ok.map((x, j) => (j === i ? v : x));
    const cases: [number[], RegExp, string][] = [
      [bad(6, 0), /STRIDE_H: vertical stride/, 'STRIDE_H'],
      [bad(7, 0), /STRIDE_W: horizontal stride/, 'STRIDE_W'],
      [bad(4, 6), /KH: kernel height must not exceed/, 'KH'],
      [bad(5, 5), /KW: kernel width must not exceed/, 'KW'],
      [bad(2, 0), /C_IN: number of input channels/, 'C_IN'],
      [bad(3, 0), /C_OUT: number of output channels/, 'C_OUT'],
      [bad(8, 2), /PADDING: must be 0/, 'PADDING'],
      [bad(9, 2), /USE_BIAS: must be 0 or 1/, 'USE_BIAS'],
      [bad(0, 0), /H: input height/, 'H'],
    ];
    for (const [a, msg, name] of cases) {
      expect(await compileError('conv2d.circom', 'Conv2D', a)).toMatch(msg);
      expect(() => Conv2D.validate(params(a))).toThrow(new RegExp(`parameter ${name} `));
    }
    // same padding accepts a kernel larger than the input
    expect(() => Conv2D.validate(params([2, 3, 1, 1, 5, 1, 1, 1, 1, 1]))).not.toThrow();
  });
});
