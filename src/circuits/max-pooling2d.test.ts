import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { maxPooling2d } from '../core/witness/max-pooling2d.js';
import { MaxPooling2D, type MaxPooling2DParams } from './max-pooling2d.js';
import { templateArgs } from './signature.js';

const P = (H: number, W: number, C: number, PH: number, PW: number, STRIDE_H: number, STRIDE_W: number, PADDING: number, B: number): MaxPooling2DParams =>
  ({ H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B });

const randomTensor = (r: ReturnType<typeof rng>, H: number, W: number, C: number, B: number) =>
  Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: C }, () => r.signed(B))));

const compile = (p: MaxPooling2DParams, publicIn = false) =>
  compileTemplate('max-pooling2d.circom', 'MaxPooling2D', templateArgs(MaxPooling2D, p), publicIn ? { publicInputs: ['in'] } : {});

// Each shape with its constraint count as a literal (checked against the signature's formula too).
const SHAPES: [string, MaxPooling2DParams, number][] = [
  ['2×2 stride 2 valid, B=32 (8 full windows × 102)', P(4, 4, 2, 2, 2, 2, 2, 0, 32), 816],
  ['3×2 same padding, stride 2, non-square', P(5, 4, 1, 3, 2, 2, 2, 1, 8), 220],
  ['2×3 valid, strides 1×2 (stride ≠ pool size)', P(4, 5, 1, 2, 3, 1, 2, 0, 16), 540],
  ['3×3 same, stride 1, pool larger than the input', P(2, 3, 1, 3, 3, 1, 1, 1, 8), 220],
  ['2×2 same, stride 2 on 3×3: windows of 4, 2, 2, 1 real elements', P(3, 3, 2, 2, 2, 2, 2, 1, 32), 340],
];

describe('MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B)', () => {
  const circuits: CompiledCircuit[] = [];
  // 2×2 same padding with stride 2 on 3×3: windows of 4, 2, 2 and 1 real elements; public inputs.
  const pe = P(3, 3, 2, 2, 2, 2, 2, 1, 32);
  let e: CompiledCircuit;
  beforeAll(async () => {
    for (const [, p] of SHAPES) circuits.push(await compile(p));
    e = await compile(pe, true);
  });

  it('costs exactly C·(B+2)·Σ(count−1): 102 per full 2×2 window at B = 32', () => {
    SHAPES.forEach(([, p, literal], k) => {
      expect(circuits[k].nConstraints).toBe(MaxPooling2D.constraints(p));
      expect(circuits[k].nConstraints).toBe(literal);
    });
    expect(816 / 8).toBe(102);
    // The 1-element corner window costs nothing: 2·34·(3 + 1 + 1 + 0) = 340. Only when the inputs
    // are PUBLIC (the forgery circuit below) does its copy out = in stay as one linear constraint
    // per channel, since circom cannot substitute away a signal that is both public and an output.
    expect(e.nConstraints).toBe(MaxPooling2D.constraints(pe) + 2);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(21);
    for (const [k, [, p]] of SHAPES.entries()) {
      const h = 1n << BigInt(p.B - 1);
      const inputs = [
        randomTensor(r, p.H, p.W, p.C, p.B),
        randomTensor(r, p.H, p.W, p.C, p.B),
        Array.from({ length: p.H }, () => Array.from({ length: p.W }, () => Array.from({ length: p.C }, () => -h))),
        Array.from({ length: p.H }, (_, i) => Array.from({ length: p.W }, (_, j) => Array.from({ length: p.C }, (_, c) => (i + j + c) % 2 ? h - 1n : -h))),
      ];
      for (const x of inputs) {
        const w = await circuits[k].witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.getArray('out')).toEqual(maxPooling2d(x, p).flat(2));
      }
    }
  });

  it('ignores same-padding positions (−∞), never reading them as zeros', async () => {
    // 3×3, 2×2 pool, stride 2, same: pad_total = 1, pad_before = 0, windows rows/cols {0,1} and {2}.
    const x = [[[-5n, 1n], [-7n, 2n], [-9n, 3n]], [[-6n, 4n], [-8n, 5n], [-2n, 6n]], [[-3n, 7n], [-4n, 8n], [-1n, 9n]]];
    const expected = [[[-5n, 5n], [-2n, 6n]], [[-3n, 8n], [-1n, 9n]]];
    expect(maxPooling2d(x, pe)).toEqual(expected);
    const w = await e.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    expect(w.getArray('out')).toEqual(expected.flat(2));
  });

  it('rejects forged outputs: out ± 1, and a flipped comparator that crowns the loser', async () => {
    const x = [[[-5n, 1n], [-7n, 2n], [-9n, 3n]], [[-6n, 4n], [-8n, 5n], [-2n, 6n]], [[-3n, 7n], [-4n, 8n], [-1n, 9n]]];
    const w = await e.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[0][1][1]', 'out[1][0][0]', 'out[1][1][1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // Window (0,0), channel 0 holds [-5, -7, -6, -8] (row-major): v4 = max(-5,-7), v5 = max(-6,-8),
    // v6 = max(v4, v5) = out. Flip the final match and claim its loser (-6) as the maximum.
    const s = w.get('mx[0][0][0].gt[2].out');
    expect(s).toBe(1n);
    expect(w.forge({ 'mx[0][0][0].gt[2].out': 0n, 'out[0][0][0]': -6n }).satisfies()).toBe(false);
    // Flip the first match (-5 vs -7) and carry -7 up.
    expect(w.forge({ 'mx[0][0][0].gt[0].out': 0n, 'mx[0][0][0].v[4]': -7n }).satisfies()).toBe(false);
    // A 1-element window is a copy: its output cannot be changed either.
    expect(w.forge({ 'out[1][1][0]': 0n }).satisfies()).toBe(false);
  });

  it('rejects inputs too far apart to compare instead of wrapping around the field', async () => {
    const x = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => [0n, 0n]));
    x[0][0][0] = 1n << 33n;
    x[0][1][0] = -(1n << 31n);
    expect(await witnessFails(e, { in: x })).toBe(true);
    const y = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => [0n, 0n]));
    y[1][1][1] = -(1n << 40n);
    expect(await witnessFails(e, { in: y })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const bad: [MaxPooling2DParams, RegExp, RegExp][] = [
      [P(4, 4, 1, 2, 2, 0, 2, 0, 8), /STRIDE_H: vertical stride/, /parameter STRIDE_H/],
      [P(4, 4, 1, 2, 2, 2, 0, 1, 8), /STRIDE_W: horizontal stride/, /parameter STRIDE_W/],
      [P(4, 4, 1, 5, 2, 1, 1, 0, 8), /PH: pool height must not exceed H/, /parameter PH/],
      [P(4, 4, 1, 2, 5, 1, 1, 0, 8), /PW: pool width must not exceed W/, /parameter PW/],
      [P(4, 4, 1, 2, 2, 2, 2, 2, 8), /PADDING: 0 = valid, 1 = same/, /parameter PADDING/],
      [P(4, 4, 1, 2, 2, 2, 2, 0, 252), /B: bit width/, /parameter B/],
      [P(4, 4, 0, 2, 2, 2, 2, 0, 8), /C: channels/, /parameter C/],
    ];
    for (const [p, circom, ts] of bad) {
      expect(await compileError('max-pooling2d.circom', 'MaxPooling2D', templateArgs(MaxPooling2D, p))).toMatch(circom);
      expect(() => MaxPooling2D.validate(p)).toThrow(ts);
    }
    // A pool larger than the input is fine with same padding.
    expect(() => MaxPooling2D.validate(P(2, 3, 1, 3, 3, 1, 1, 1, 8))).not.toThrow();
  });
});
