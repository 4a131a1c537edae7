import { describe, it, expect } from 'vitest';
import { spreadBits, convDiffBounds, maxPoolWidths } from './diff-bounds.js';
import { conv2d } from '../witness/conv2d.js';
import { maxPooling2d } from '../witness/max-pooling2d.js';
import { rng } from '../../circuits/test/rng.js';

/** A kernel [KH][KW][CI][CO] as the flat QWeight layout and as the nested reference layout. */
function kernel(KH: number, KW: number, CI: number, CO: number, seed: number) {
  const r = rng(seed);
  const data = Array.from({ length: KH * KW * CI * CO }, () => r.signed(8));
  const nested = Array.from({ length: KH }, (_, i) => Array.from({ length: KW }, (_, j) => Array.from({ length: CI }, (_, ci) =>
    Array.from({ length: CO }, (_, co) => data[((i * KW + j) * CI + ci) * CO + co]))));
  return { flat: { shape: [KH, KW, CI, CO], data }, nested };
}

describe('spreadBits', () => {
  it('is the smallest n ≥ 1 with 2^n > m', () => {
    expect([0n, 1n, 2n, 3n, 4n, 65_535n, 65_536n, 89_600n].map(spreadBits)).toEqual([1, 1, 2, 2, 3, 16, 17, 17]);
  });
});

describe('convDiffBounds: y[p] − y[p+δ] of a convolution', () => {
  for (const [SH, SW] of [[1, 1], [2, 1], [1, 2]] as const) {
    it(`is attained exactly by the worst-case input (strides ${SH}×${SW}) and holds on random inputs`, () => {
      const [KH, KW, CI, CO] = [3, 3, 2, 3];
      const k = kernel(KH, KW, CI, CO, 7 + SH * 3 + SW);
      const bias = [5n, -9n, 100n];
      const lo = -3n, hi = 256n;
      for (const [dr, dc] of [[0, 1], [1, 0], [1, 1], [1, -1], [0, 2]] as const) {
        const [L, Hb] = convDiffBounds(k.flat, SH, SW, dr, dc, lo, hi);
        // output p = (1, 1); the input patch both outputs read, the rest zero
        const H = 1 + (1 + dr) * SH + KH + 2, W = (2 + Math.abs(dc)) * SW + KW + 2;
        const p = [1, 1 + (dc < 0 ? -dc : 0)];
        for (const [target, co] of [[Hb, 'max'], [L, 'min']] as const) {
          let best: bigint | null = null;
          for (let c = 0; c < CO; c++) {
            const x = Array.from({ length: H }, () => Array.from({ length: W }, () => new Array<bigint>(CI).fill(0n)));
            for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let ci = 0; ci < CI; ci++) {
              const u = [i - p[0] * SH, j - p[1] * SW];
              const w = (a: number, b: number) => (a < 0 || b < 0 || a >= KH || b >= KW ? 0n : k.nested[a][b][ci][c]);
              const coef = w(u[0], u[1]) - w(u[0] - dr * SH, u[1] - dc * SW);
              x[i][j][ci] = (coef > 0n) === (co === 'max') ? hi : lo;
            }
            const y = conv2d(x, k.nested, bias, { strideH: SH, strideW: SW, padding: 'valid' });
            const d = y[p[0]][p[1]][c] - y[p[0] + dr][p[1] + dc][c];
            if (best === null || (co === 'max' ? d > best : d < best)) best = d;
          }
          expect(best).toBe(target);
        }
        // random inputs stay inside
        const r = rng(99);
        for (let t = 0; t < 20; t++) {
          const x = Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: CI }, () => lo + (r.signed(12) & 0xffffn) % (hi - lo + 1n))));
          const y = conv2d(x, k.nested, bias, { strideH: SH, strideW: SW, padding: 'valid' });
          for (let c = 0; c < CO; c++) {
            const d = y[p[0]][p[1]][c] - y[p[0] + dr][p[1] + dc][c];
            expect(d >= L && d <= Hb).toBe(true);
          }
        }
      }
    });
  }
});

describe('maxPoolWidths', () => {
  it('without a convolution: the spread of [lo, hi] (one bit less than signed for non-negative values)', () => {
    expect(maxPoolWidths(-46_096n, 43_504n, 2, 2)).toEqual({ B: 17, BR: 17 });
    expect(maxPoolWidths(0n, 43_504n, 2, 2)).toEqual({ B: 16, BR: 16 });
    expect(maxPoolWidths(-(1n << 31n), (1n << 31n) - 1n, 2, 2)).toEqual({ B: 32, BR: 32 }); // signed 32-bit: as before
  });

  it('over a convolution: rows by the horizontal differences, across rows by every other offset; never wider than the spread', () => {
    const k = kernel(3, 3, 1, 2, 3);
    const conv = { kernel: k.flat, SH: 1, SW: 1, inLo: 0n, inHi: 256n };
    const w = maxPoolWidths(-1_000_000n, 1_000_000n, 2, 2, conv);
    const m = (offs: [number, number][]) => offs.reduce((a, [dr, dc]) => {
      const [L, H] = convDiffBounds(k.flat, 1, 1, dr, dc, 0n, 256n);
      return [a, -L, H].reduce((x, y) => (x > y ? x : y));
    }, 0n);
    expect(w.BR).toBe(spreadBits(m([[0, 1]])));
    expect(w.B).toBe(Math.max(w.BR, spreadBits(m([[1, -1], [1, 0], [1, 1]]))));
    expect(maxPoolWidths(-5n, 5n, 2, 2, conv)).toEqual({ B: 4, BR: 4 }); // the value spread is tighter here
    expect(maxPoolWidths(-1_000_000n, 1_000_000n, 1, 3, conv).B).toBe(maxPoolWidths(-1_000_000n, 1_000_000n, 1, 3, conv).BR);
  });

  it('the widths it picks let the max-pool reference accept the worst case: conv → pool on extreme inputs', () => {
    const k = kernel(3, 3, 2, 3, 11);
    const bias = [0n, 7n, -7n];
    const lo = 0n, hi = 256n;
    const conv = { kernel: k.flat, SH: 1, SW: 1, inLo: lo, inHi: hi };
    const { B, BR } = maxPoolWidths(-(1n << 40n), 1n << 40n, 2, 2, conv);
    const r = rng(4);
    for (let t = 0; t < 30; t++) {
      const x = Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => Array.from({ length: 2 }, () => (r.signed(2) & 1n ? hi : lo))));
      const y = conv2d(x, k.nested, bias, { strideH: 1, strideW: 1, padding: 'valid' });
      expect(() => maxPooling2d(y, { PH: 2, PW: 2, STRIDE_H: 2, STRIDE_W: 2, PADDING: 0, B, BR })).not.toThrow();
    }
  });
});
