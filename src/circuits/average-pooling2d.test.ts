import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { averagePooling2d } from '../core/witness/average-pooling2d.js';
import { AveragePooling2D, type AveragePooling2DParams } from './average-pooling2d.js';
import { divFloorBits } from './div-floor.js';
import { templateArgs } from './signature.js';

const P = (H: number, W: number, C: number, PH: number, PW: number, STRIDE_H: number, STRIDE_W: number, PADDING: number, B: number): AveragePooling2DParams =>
  ({ H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B });

const compile = (p: AveragePooling2DParams, publicIn = false) =>
  compileTemplate('average-pooling2d.circom', 'AveragePooling2D', templateArgs(AveragePooling2D, p), publicIn ? { publicInputs: ['in'] } : {});

const randomTensor = (r: ReturnType<typeof rng>, H: number, W: number, C: number, B: number) =>
  Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: C }, () => r.signed(B))));

const SHAPES: [string, AveragePooling2DParams, number][] = [
  ['2×2 stride 2 valid, B=32 (8 windows × 34)', P(4, 4, 2, 2, 2, 2, 2, 0, 32), 272],
  // counts 4, 2 / 6, 3 / 4, 2: 18 + 17 + 22 + 20 + 18 + 17
  ['3×2 same padding, stride 2, non-square', P(5, 3, 1, 3, 2, 2, 2, 1, 16), 112],
  ['3×3 valid, stride 1 (stride ≠ pool size), count 9', P(4, 4, 1, 3, 3, 1, 1, 0, 16), 96],
  ['2×3 valid, strides 1×2, count 6', P(4, 5, 1, 2, 3, 1, 2, 0, 16), 132],
];

/** Changes making Num2Bits(n) `prefix` recompose to `value`, linear relations kept (see div-floor.test.ts). */
function bitsFor(c: CompiledCircuit, prefix: string, n: number, value: bigint): Record<string, bigint> {
  const alive = (i: number) => (c.sym.get(`main.${prefix}.out[${i}]`) ?? -1) >= 0;
  const m = 1n << BigInt(n);
  const low = ((value % m) + m) % m;
  const ch: Record<string, bigint> = {};
  for (let i = 0; i < n; i++) if (alive(i)) ch[`${prefix}.out[${i}]`] = (low >> BigInt(i)) & 1n;
  const j = [...Array(n).keys()].find(alive)!;
  ch[`${prefix}.out[${j}]`] += (value - low) >> BigInt(j);
  return ch;
}

describe('AveragePooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B)', () => {
  const circuits: CompiledCircuit[] = [];
  let pub: CompiledCircuit;
  const pp = SHAPES[1][1];
  beforeAll(async () => {
    for (const [, p] of SHAPES) circuits.push(await compile(p));
    pub = await compile(pp, true);
  });

  it('costs exactly C·Σ DivFloor(B, count) constraints', () => {
    for (const [k, [, p, literal]] of SHAPES.entries()) {
      expect(circuits[k].nConstraints).toBe(AveragePooling2D.constraints(p));
      expect(circuits[k].nConstraints).toBe(literal);
    }
    expect(pub.nConstraints).toBe(AveragePooling2D.constraints(pp));
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(61);
    for (const [k, [, p]] of SHAPES.entries()) {
      const h = 1n << BigInt(p.B - 1);
      const fill = (f: (i: number, j: number, c: number) => bigint) =>
        Array.from({ length: p.H }, (_, i) => Array.from({ length: p.W }, (_, j) => Array.from({ length: p.C }, (_, c) => f(i, j, c))));
      for (const x of [randomTensor(r, p.H, p.W, p.C, p.B), randomTensor(r, p.H, p.W, p.C, p.B),
        fill(() => -h), fill(() => h - 1n), fill((i, j) => ((i + j) % 2 ? -h : h - 1n)), fill((i, j, c) => -BigInt(1 + i + j + c))]) {
        const w = await circuits[k].witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.getArray('out')).toEqual(averagePooling2d(x, p).flat(2));
      }
    }
  });

  it('averages over the real elements only with same padding (Keras), rounding towards −∞', async () => {
    // 5×3, pool 3×2, stride 2, same: row windows {0,1}, {1,2,3}, {3,4}; column windows {0,1}, {2}.
    const x = Array.from({ length: 5 }, (_, i) => Array.from({ length: 3 }, (_, j) => [BigInt(10 * i + j) - 25n]));
    const avg = (...v: number[]) => BigInt(Math.floor(v.reduce((a, b) => a + b - 25, 0) / v.length));
    const expected = [
      [avg(0, 1, 10, 11), avg(2, 12)],
      [avg(10, 11, 20, 21, 30, 31), avg(12, 22, 32)],
      [avg(30, 31, 40, 41), avg(32, 42)],
    ];
    expect(averagePooling2d(x, pp).map((row) => row.map((px) => px[0]))).toEqual(expected);
    const w = await pub.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    expect(w.getArray('out')).toEqual(expected.flat());
  });

  it('rejects forged outputs: out ± 1 and the circomlib-ml forgery (q + 1, remainder − count)', async () => {
    const x = randomTensor(rng(62), 5, 3, 1, 16);
    const w = await pub.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[0][1][0]', 'out[1][0][0]', 'out[1][1][0]', 'out[2][1][0]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    const B = 16, H = 1n << 15n;
    const sums = [[x[0][0][0] + x[0][1][0] + x[1][0][0] + x[1][1][0], 4], [x[1][0][0] + x[1][1][0] + x[2][0][0] + x[2][1][0] + x[3][0][0] + x[3][1][0], 6]] as const;
    // window (0,0): count 4 = 2^2, one Num2Bits(B+2); window (1,0): count 6, q and remainder checked.
    const [s0, d0] = sums[0];
    const q0 = w.get('out[0][0][0]');
    const r0 = s0 - q0 * BigInt(d0);
    const ok0 = { 'out[0][0][0]': q0, ...bitsFor(pub, 'dv[0][0][0].bits', B + 2, (q0 + H) * 4n + r0) };
    expect(w.forge(ok0).satisfies()).toBe(true);
    expect(w.forge({ 'out[0][0][0]': q0 + 1n, ...bitsFor(pub, 'dv[0][0][0].bits', B + 2, (q0 + 1n + H) * 4n + r0 - 4n) }).satisfies()).toBe(false);
    const [s1, d1] = sums[1];
    const K = divFloorBits(d1);
    const claim = (q: bigint, r: bigint) => w.forge({
      'out[1][0][0]': q,
      ...bitsFor(pub, 'dv[1][0][0].qBits', B, q + H),
      ...bitsFor(pub, 'dv[1][0][0].remLo', K, r),
      ...bitsFor(pub, 'dv[1][0][0].remHi', K, r + (1n << BigInt(K)) - BigInt(d1)),
    });
    const q1 = w.get('out[1][0][0]');
    const r1 = s1 - q1 * BigInt(d1);
    expect(claim(q1, r1).satisfies()).toBe(true);
    expect(claim(q1 + 1n, r1 - BigInt(d1)).satisfies()).toBe(false);
    expect(claim(q1 - 1n, r1 + BigInt(d1)).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs (a window sum outside B bits × count) instead of wrapping', async () => {
    const h = 1n << 15n;
    const all = (v: bigint) => Array.from({ length: 5 }, () => Array.from({ length: 3 }, () => [v]));
    expect(await witnessFails(pub, { in: all(h) })).toBe(true);
    expect(await witnessFails(pub, { in: all(-h - 1n) })).toBe(true);
    const x = all(0n);
    x[2][2][0] = 1n << 40n;
    expect(await witnessFails(pub, { in: x })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const bad: [AveragePooling2DParams, RegExp, RegExp][] = [
      [P(4, 4, 1, 2, 2, 0, 2, 0, 8), /STRIDE_H: vertical stride/, /parameter STRIDE_H/],
      [P(4, 4, 1, 2, 2, 2, 0, 1, 8), /STRIDE_W: horizontal stride/, /parameter STRIDE_W/],
      [P(4, 4, 1, 5, 2, 1, 1, 0, 8), /PH: pool height must not exceed H/, /parameter PH/],
      [P(4, 4, 1, 2, 5, 1, 1, 0, 8), /PW: pool width must not exceed W/, /parameter PW/],
      [P(4, 4, 1, 2, 2, 2, 2, 2, 8), /PADDING: 0 = valid, 1 = same/, /parameter PADDING/],
      [P(4, 4, 1, 2, 2, 2, 2, 0, 0), /B: bit width/, /parameter B/],
      [P(4, 4, 1, 3, 3, 1, 1, 0, 250), /B: too wide for the pool/, /parameter B/],
    ];
    for (const [p, circom, ts] of bad) {
      expect(await compileError('average-pooling2d.circom', 'AveragePooling2D', templateArgs(AveragePooling2D, p))).toMatch(circom);
      expect(() => AveragePooling2D.validate(p)).toThrow(ts);
    }
  });
});
