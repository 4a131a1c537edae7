import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { maxPooling2d } from '../core/witness/max-pooling2d.js';
import { MaxPooling2D, type MaxPooling2DParams } from './max-pooling2d.js';
import { templateArgs } from './signature.js';

const P = (H: number, W: number, C: number, PH: number, PW: number, STRIDE_H: number, STRIDE_W: number, PADDING: number, B: number, BR = B): MaxPooling2DParams =>
  ({ H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B, BR });

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
  // the keras2circom CNN's widths: rows at BR = 16, across rows at B = 17: 2·18 + 19 = 55 a window
  ['2×2 stride 2 valid, B=17, BR=16 (8 full windows × 55)', P(4, 4, 2, 2, 2, 2, 2, 0, 17, 16), 440],
  ['3×2 same padding, rows at BR=5 < B=8', P(5, 4, 1, 3, 2, 2, 2, 1, 8, 5), 178],
];

describe('MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B, BR)', () => {
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
      if (p.BR < p.B) continue; // narrower rows: their own test below
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
    // Window (0,0), channel 0 holds rows [-5, -7] and [-6, -8]: row[0] = max(-5,-7), row[1] = max(-6,-8),
    // out = mx = max(row[0], row[1]). Flip the final match and claim its loser (-6) as the maximum.
    const s = w.get('mx[0][0][0].gt[0].out');
    expect(s).toBe(1n);
    expect(w.forge({ 'mx[0][0][0].gt[0].out': 0n, 'out[0][0][0]': -6n }).satisfies()).toBe(false);
    // Flip the first row's match (-5 vs -7) so that -7 wins the row, and -6 (the other row's) the window.
    expect(w.forge({ 'row[0][0][0][0].gt[0].out': 0n, 'out[0][0][0]': -6n }).satisfies()).toBe(false);
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

  it('narrow rows (BR < B): exact where the spreads fit, forgeries refused, a row spread of 2^BR refused', async () => {
    const k = SHAPES.findIndex(([name]) => name.startsWith('2×2 stride 2 valid, B=17, BR=16'));
    const p = SHAPES[k][1], c = circuits[k];
    const r = rng(5);
    // values of one row within 2^16 of each other, rows apart by up to 2^17 - 1 (values not 16-bit)
    const x = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, () => Array.from({ length: 2 }, () =>
      (i % 2 ? 60_000n : -40_000n) + (r.signed(16) >> 1n))));
    x[0][0][0] = 65_535n - 40_000n; x[0][1][0] = -40_000n; // a row spread of 2^16 - 1: the edge, still exact
    x[1][0][0] = 156_606n; x[1][1][0] = 106_606n; // row maxima 25_535 and 156_606: 2^17 - 1 apart, the edge
    const w = await c.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    expect(w.getArray('out')).toEqual(maxPooling2d(x, p).flat(2));
    expect(w.get('out[0][0][0]')).toBe(156_606n);
    // crown the other row, or carry a row's loser up: refused
    expect(w.forge({ 'mx[0][0][0].gt[0].out': 0n, 'out[0][0][0]': 25_535n }).satisfies()).toBe(false);
    // row 1 crowning its loser (106_606), still the window's maximum
    expect(w.forge({ 'row[0][0][0][1].gt[0].out': 0n, 'out[0][0][0]': 106_606n }).satisfies()).toBe(false);
    expect(w.forge({ 'out[0][0][0]': w.get('out[0][0][0]') + 1n }).satisfies()).toBe(false);
    // past the edges: the reference and the circuit both refuse (no wrap-around). (GreaterThan(n) also
    // accepts a gap of exactly 2^n in one orientation; the reference refuses every spread ≥ 2^n.)
    const y = structuredClone(x); y[0][1][0] = -40_002n;
    expect(() => maxPooling2d(y, p)).toThrow(/differ by 2\^16/);
    expect(await witnessFails(c, { in: y })).toBe(true);
    const z = structuredClone(x); z[1][0][0] = 156_607n;
    expect(() => maxPooling2d(z, p)).toThrow(/differ by 2\^17/);
    expect(await witnessFails(c, { in: z })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const bad: [MaxPooling2DParams, RegExp, RegExp][] = [
      [P(4, 4, 1, 2, 2, 0, 2, 0, 8), /STRIDE_H: vertical stride/, /parameter STRIDE_H/],
      [P(4, 4, 1, 2, 2, 2, 0, 1, 8), /STRIDE_W: horizontal stride/, /parameter STRIDE_W/],
      [P(4, 4, 1, 5, 2, 1, 1, 0, 8), /PH: pool height must not exceed H/, /parameter PH/],
      [P(4, 4, 1, 2, 5, 1, 1, 0, 8), /PW: pool width must not exceed W/, /parameter PW/],
      [P(4, 4, 1, 2, 2, 2, 2, 2, 8), /PADDING: 0 = valid, 1 = same/, /parameter PADDING/],
      [P(4, 4, 1, 2, 2, 2, 2, 0, 252), /B: bit width/, /parameter B/],
      [P(4, 4, 1, 2, 2, 2, 2, 0, 8, 9), /BR: bit width of the differences in a window row/, /parameter BR/],
      [P(4, 4, 1, 2, 2, 2, 2, 0, 8, 0), /BR: bit width of the differences in a window row/, /parameter BR/],
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
