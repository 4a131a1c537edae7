import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { conv1d } from '../core/witness/conv1d.js';
import { Conv1D, type Conv1DParams } from './conv1d.js';
import { paddingOf } from '../core/witness/padding.js';

type R = ReturnType<typeof rng>;
type Nested = bigint | Nested[];
const rand = (r: R, shape: number[], bits: number): Nested =>
  shape.length === 0 ? r.signed(bits) : Array.from({ length: shape[0] }, () => rand(r, shape.slice(1), bits));
const fill = (shape: number[], v: bigint): Nested => (shape.length === 0 ? v : Array.from({ length: shape[0] }, () => fill(shape.slice(1), v)));
const flat = (x: Nested): bigint[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const params = ([L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS]: number[]): Conv1DParams => ({ L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS });

/** Independent naive conv: materialise TensorFlow's zero padding, then a plain valid convolution. */
function naiveConv1d(x: bigint[][], k: bigint[][][], b: bigint[] | null, p: Conv1DParams): bigint[][] {
  let out = Math.floor((p.L - p.K) / p.STRIDE) + 1, before = 0, after = 0;
  if (p.PADDING === 1) {
    out = Math.ceil(p.L / p.STRIDE);
    const total = Math.max((out - 1) * p.STRIDE + p.K - p.L, 0);
    before = Math.floor(total / 2); after = total - before;
  }
  const padded = [...Array.from({ length: before }, () => Array(p.C_IN).fill(0n)), ...x, ...Array.from({ length: after }, () => Array(p.C_IN).fill(0n))];
  return Array.from({ length: out }, (_, o) => Array.from({ length: p.C_OUT }, (_, co) => {
    let acc = b ? b[co] : 0n;
    for (let t = 0; t < p.K; t++) for (let ci = 0; ci < p.C_IN; ci++) acc += padded[o * p.STRIDE + t][ci] * k[t][ci][co];
    return acc;
  }));
}

// [L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS], hand-counted real MACs
const SHAPES: [number[], number, string][] = [
  [[7, 2, 3, 3, 2, 1, 1], 60, 'same, stride 2, K=3: T = 2+3+3+2 = 10 → 10·2·3'],
  [[6, 1, 2, 4, 1, 0, 0], 24, 'valid, K=4: T = 3·4 → 12·2'],
  [[5, 2, 1, 4, 2, 1, 0], 18, 'same, stride 2, even K=4 (PB=1): T = 3+4+2 → 9·2'],
  [[3, 1, 1, 6, 1, 1, 1], 9, 'same, kernel longer than the input: T = 3+3+3'],
];

describe('Conv1D(L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS)', () => {
  const circuits: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const [a] of SHAPES) circuits.push(await compileTemplate('conv1d.circom', 'Conv1D', a));
  });

  it('costs exactly one constraint per real (non-padded) multiply-accumulate', () => {
    SHAPES.forEach(([a, literal, label], i) => {
      expect(circuits[i].nConstraints, label).toBe(Conv1D.constraints(params(a)));
      expect(circuits[i].nConstraints, label).toBe(literal);
    });
  });

  it('matches the TypeScript reference (and a naive padded convolution) on random, negative and edge inputs', async () => {
    const r = rng(31);
    for (const [i, [a, , label]] of SHAPES.entries()) {
      const p = params(a);
      const inShape = [p.L, p.C_IN], kShape = [p.K, p.C_IN, p.C_OUT];
      const cases = [
        { in: fill(inShape, -2048n), weights: fill(kShape, -128n), bias: fill([p.C_OUT], (1n << 19n) - 1n) },
        { in: fill(inShape, 2047n), weights: fill(kShape, -128n), bias: fill([p.C_OUT], -(1n << 19n)) },
        ...Array.from({ length: 5 }, () => ({ in: rand(r, inShape, 12), weights: rand(r, kShape, 8), bias: rand(r, [p.C_OUT], 20) })),
      ];
      for (const x of cases) {
        const bias = p.USE_BIAS ? (x.bias as bigint[]) : null;
        const w = await circuits[i].witness(p.USE_BIAS ? x : { in: x.in, weights: x.weights });
        expect(w.satisfies(), label).toBe(true);
        const ref = conv1d(x.in as bigint[][], x.weights as bigint[][][], bias, { stride: p.STRIDE, padding: paddingOf(p.PADDING) });
        expect(ref, label).toEqual(naiveConv1d(x.in as bigint[][], x.weights as bigint[][][], bias, p));
        expect(w.getArray('out'), label).toEqual(flat(ref as Nested));
      }
    }
  });

  it('rejects forged outputs and forged products', async () => {
    const r = rng(32);
    const c = circuits[0], p = params(SHAPES[0][0]);
    const w = await c.witness({ in: rand(r, [p.L, p.C_IN], 12), weights: rand(r, [p.K, p.C_IN, p.C_OUT], 8), bias: rand(r, [p.C_OUT], 20) });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0]', 'out[1][2]', 'out[3][1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // out[0][0] reads 2 real taps × 2 channels = prod[0..4)
    const survivors = Array.from({ length: 4 }, (_, n) => `prod[${n}]`).filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.length).toBeGreaterThanOrEqual(3);
    for (const s of survivors) {
      expect(w.forge({ [s]: w.get(s) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [s]: w.get(s) + 1n, 'out[0][0]': w.get('out[0][0]') + 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const ok = [7, 2, 3, 3, 2, 0, 1];
    const bad = (i: number, v: number) => ok.map((x, j) => (j === i ? v : x));
    const cases: [number[], RegExp, string][] = [
      [bad(4, 0), /STRIDE: stride, must be at least 1/, 'STRIDE'],
      [bad(3, 8), /K: kernel size must not exceed/, 'K'],
      [bad(3, 0), /K: kernel size, must be at least 1/, 'K'],
      [bad(1, 0), /C_IN: number of input channels/, 'C_IN'],
      [bad(2, 0), /C_OUT: number of output channels/, 'C_OUT'],
      [bad(5, 2), /PADDING: must be 0/, 'PADDING'],
      [bad(6, 3), /USE_BIAS: must be 0 or 1/, 'USE_BIAS'],
    ];
    for (const [a, msg, name] of cases) {
      expect(await compileError('conv1d.circom', 'Conv1D', a)).toMatch(msg);
      expect(() => Conv1D.validate(params(a))).toThrow(new RegExp(`parameter ${name} `));
    }
    expect(() => Conv1D.validate(params([3, 1, 1, 6, 1, 1, 1]))).not.toThrow();
  });
});
