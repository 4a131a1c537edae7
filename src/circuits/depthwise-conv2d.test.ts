import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { depthwiseConv2d } from '../core/witness/depthwise-conv2d.js';
import { conv2d } from '../core/witness/conv2d.js';
import { DepthwiseConv2D, type DepthwiseConv2DParams } from './depthwise-conv2d.js';
import { paddingOf } from '../core/witness/padding.js';

type R = ReturnType<typeof rng>;
type Nested = bigint | Nested[];
const rand = (r: R, shape: number[], bits: number): Nested =>
  shape.length === 0 ? r.signed(bits) : Array.from({ length: shape[0] }, () => rand(r, shape.slice(1), bits));
const fill = (shape: number[], v: bigint): Nested => (shape.length === 0 ? v : Array.from({ length: shape[0] }, () => fill(shape.slice(1), v)));
const flat = (x: Nested): bigint[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const params = ([H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS]: number[]): DepthwiseConv2DParams =>
  ({ H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS });

/** TensorFlow's definition: output channel c·DM + m is a full Conv2D whose kernel is zero off channel c. */
function asBlockDiagonalConv(k: bigint[][][][], cIn: number, dm: number): bigint[][][][] {
  return k.map((row) => row.map((tap) => Array.from({ length: cIn }, (_, ci) =>
    Array.from({ length: cIn * dm }, (_, co) => (Math.floor(co / dm) === ci ? tap[ci][co % dm] : 0n)))));
}

// [H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS], hand-counted real MACs
const SHAPES: [number[], number, string][] = [
  [[5, 4, 2, 2, 3, 2, 2, 1, 1, 1], 196, 'same, stride (2,1), 3×2 kernel, DM 2: TY = 7, TX = 7 → 49·4'],
  [[4, 4, 3, 1, 3, 3, 1, 1, 0, 0], 108, 'valid 3×3, DM 1: 6·6·3'],
  [[4, 5, 2, 1, 2, 4, 2, 2, 1, 0], 72, 'same, stride 2, 2×4 kernel: TY = 4, TX = 3+4+2 → 36·2'],
];

describe('DepthwiseConv2D(H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS)', () => {
  const circuits: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const [a] of SHAPES) circuits.push(await compileTemplate('depthwise-conv2d.circom', 'DepthwiseConv2D', a));
  });

  it('costs exactly one constraint per real (non-padded) multiply-accumulate', () => {
    SHAPES.forEach(([a, literal, label], i) => {
      expect(circuits[i].nConstraints, label).toBe(DepthwiseConv2D.constraints(params(a)));
      expect(circuits[i].nConstraints, label).toBe(literal);
    });
  });

  it('matches the TypeScript reference (and TF\'s block-diagonal Conv2D definition) on random, negative and edge inputs', async () => {
    const r = rng(41);
    for (const [i, [a, , label]] of SHAPES.entries()) {
      const p = params(a);
      const C_OUT = p.C_IN * p.DEPTH_MULT;
      const opts = { strideH: p.STRIDE_H, strideW: p.STRIDE_W, padding: paddingOf(p.PADDING) };
      const inShape = [p.H, p.W, p.C_IN], kShape = [p.KH, p.KW, p.C_IN, p.DEPTH_MULT];
      const cases = [
        { in: fill(inShape, -2048n), weights: fill(kShape, -128n), bias: fill([C_OUT], (1n << 19n) - 1n) },
        { in: fill(inShape, 2047n), weights: fill(kShape, -128n), bias: fill([C_OUT], -(1n << 19n)) },
        ...Array.from({ length: 5 }, () => ({ in: rand(r, inShape, 12), weights: rand(r, kShape, 8), bias: rand(r, [C_OUT], 20) })),
      ];
      for (const x of cases) {
        const bias = p.USE_BIAS ? (x.bias as bigint[]) : null;
        const w = await circuits[i].witness(p.USE_BIAS ? x : { in: x.in, weights: x.weights });
        expect(w.satisfies(), label).toBe(true);
        const ref = depthwiseConv2d(x.in as bigint[][][], x.weights as bigint[][][][], bias, opts);
        expect(ref, label).toEqual(conv2d(x.in as bigint[][][], asBlockDiagonalConv(x.weights as bigint[][][][], p.C_IN, p.DEPTH_MULT), bias, opts));
        expect(w.getArray('out'), label).toEqual(flat(ref as Nested));
      }
    }
  });

  it('orders output channels as Keras does: c_out = c_in·DEPTH_MULT + m', async () => {
    const p = params(SHAPES[0][0]);
    // input channel 0 is all 1, channel 1 all 0; filter m of channel c is the constant 10·c + m + 1
    const input = fill([p.H, p.W, 1], 0n) as bigint[][][];
    const x = input.map((row) => row.map(() => [1n, 0n]));
    const k = fill([p.KH, p.KW], 0n) as bigint[][];
    const weights = k.map((row) => row.map(() => [[1n, 2n], [11n, 12n]]));
    const w = await circuits[0].witness({ in: x, weights, bias: [0n, 0n, 0n, 0n] });
    const taps = 2n * 2n; // out[0][0]: 2 real rows × 2 real columns
    expect(w.getArray('out').slice(0, 4)).toEqual([1n * taps, 2n * taps, 0n, 0n]);
  });

  it('rejects forged outputs and forged products', async () => {
    const r = rng(42);
    const c = circuits[0], p = params(SHAPES[0][0]);
    const w = await c.witness({ in: rand(r, [p.H, p.W, p.C_IN], 12), weights: rand(r, [p.KH, p.KW, p.C_IN, p.DEPTH_MULT], 8), bias: rand(r, [4], 20) });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[1][2][3]', 'out[2][3][1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // out[0][0][0] reads 2×2 real taps of channel 0: prod[0..4)
    const survivors = Array.from({ length: 4 }, (_, n) => `prod[${n}]`).filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.length).toBeGreaterThanOrEqual(3);
    for (const s of survivors) {
      expect(w.forge({ [s]: w.get(s) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [s]: w.get(s) + 1n, 'out[0][0][0]': w.get('out[0][0][0]') + 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const ok = [5, 4, 2, 2, 3, 2, 2, 1, 0, 1];
    const bad = (i: number, v: number) => ok.map((x, j) => (j === i ? v : x));
    const cases: [number[], RegExp, string][] = [
      [bad(6, 0), /STRIDE_H: vertical stride/, 'STRIDE_H'],
      [bad(7, 0), /STRIDE_W: horizontal stride/, 'STRIDE_W'],
      [bad(4, 6), /KH: kernel height must not exceed/, 'KH'],
      [bad(5, 5), /KW: kernel width must not exceed/, 'KW'],
      [bad(2, 0), /C_IN: number of input channels/, 'C_IN'],
      [bad(3, 0), /DEPTH_MULT: depth multiplier/, 'DEPTH_MULT'],
      [bad(8, 2), /PADDING: must be 0/, 'PADDING'],
    ];
    for (const [a, msg, name] of cases) {
      expect(await compileError('depthwise-conv2d.circom', 'DepthwiseConv2D', a)).toMatch(msg);
      expect(() => DepthwiseConv2D.validate(params(a))).toThrow(new RegExp(`parameter ${name} `));
    }
  });
});
