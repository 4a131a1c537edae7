import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { pointwiseConv2d } from '../core/witness/pointwise-conv2d.js';
import { conv2d } from '../core/witness/conv2d.js';
import { PointwiseConv2D, type PointwiseConv2DParams } from './pointwise-conv2d.js';

type R = ReturnType<typeof rng>;
type Nested = bigint | Nested[];
const rand = (r: R, shape: number[], bits: number): Nested =>
  shape.length === 0 ? r.signed(bits) : Array.from({ length: shape[0] }, () => rand(r, shape.slice(1), bits));
const fill = (shape: number[], v: bigint): Nested => (shape.length === 0 ? v : Array.from({ length: shape[0] }, () => fill(shape.slice(1), v)));
const flat = (x: Nested): bigint[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const params = ([H, W, C_IN, C_OUT, USE_BIAS]: number[]): PointwiseConv2DParams => ({ H, W, C_IN, C_OUT, USE_BIAS });

// [H, W, C_IN, C_OUT, USE_BIAS], H·W·C_IN·C_OUT
const SHAPES: [number[], number][] = [
  [[3, 2, 3, 2, 1], 36],
  [[2, 2, 1, 4, 0], 16],
  [[1, 1, 5, 1, 1], 5],
];

describe('PointwiseConv2D(H, W, C_IN, C_OUT, USE_BIAS)', () => {
  const circuits: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const [a] of SHAPES) circuits.push(await compileTemplate('pointwise-conv2d.circom', 'PointwiseConv2D', a));
  });

  it('costs exactly one constraint per multiply-accumulate', () => {
    SHAPES.forEach(([a, literal], i) => {
      expect(circuits[i].nConstraints).toBe(PointwiseConv2D.constraints(params(a)));
      expect(circuits[i].nConstraints).toBe(literal);
    });
  });

  it('matches the TypeScript reference (and a 1×1 Conv2D) on random, negative and edge inputs', async () => {
    const r = rng(51);
    for (const [i, [a]] of SHAPES.entries()) {
      const p = params(a);
      const inShape = [p.H, p.W, p.C_IN], kShape = [p.C_IN, p.C_OUT];
      const cases = [
        { in: fill(inShape, -2048n), weights: fill(kShape, -128n), bias: fill([p.C_OUT], (1n << 19n) - 1n) },
        { in: fill(inShape, 2047n), weights: fill(kShape, -128n), bias: fill([p.C_OUT], -(1n << 19n)) },
        ...Array.from({ length: 5 }, () => ({ in: rand(r, inShape, 12), weights: rand(r, kShape, 8), bias: rand(r, [p.C_OUT], 20) })),
      ];
      for (const x of cases) {
        const bias = p.USE_BIAS ? (x.bias as bigint[]) : null;
        const w = await circuits[i].witness(p.USE_BIAS ? x : { in: x.in, weights: x.weights });
        expect(w.satisfies()).toBe(true);
        const ref = pointwiseConv2d(x.in as bigint[][][], x.weights as bigint[][], bias);
        const asConv = conv2d(x.in as bigint[][][], [[x.weights as bigint[][]]], bias, { strideH: 1, strideW: 1, padding: 'valid' });
        expect(ref).toEqual(asConv);
        expect(w.getArray('out')).toEqual(flat(ref as Nested));
      }
    }
  });

  it('rejects forged outputs and forged products', async () => {
    const r = rng(52);
    const c = circuits[0], p = params(SHAPES[0][0]);
    const w = await c.witness({ in: rand(r, [p.H, p.W, p.C_IN], 12), weights: rand(r, [p.C_IN, p.C_OUT], 8), bias: rand(r, [p.C_OUT], 20) });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[2][1][1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    const survivors = Array.from({ length: p.C_IN }, (_, ci) => `prod[0][0][0][${ci}]`).filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.length).toBe(p.C_IN - 1);
    for (const s of survivors) {
      expect(w.forge({ [s]: w.get(s) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [s]: w.get(s) + 1n, 'out[0][0][0]': w.get('out[0][0][0]') + 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const cases: [number[], RegExp, string][] = [
      [[3, 2, 0, 2, 1], /C_IN: number of input channels/, 'C_IN'],
      [[3, 2, 3, 0, 1], /C_OUT: number of output channels/, 'C_OUT'],
      [[0, 2, 3, 2, 1], /H: input height/, 'H'],
      [[3, 2, 3, 2, 2], /USE_BIAS: must be 0 or 1/, 'USE_BIAS'],
    ];
    for (const [a, msg, name] of cases) {
      expect(await compileError('pointwise-conv2d.circom', 'PointwiseConv2D', a)).toMatch(msg);
      expect(() => PointwiseConv2D.validate(params(a))).toThrow(new RegExp(`parameter ${name} `));
    }
  });
});
