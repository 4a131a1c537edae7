/**
 * Interval bounds on DIFFERENCES of values that a max-pooling window compares (issue 15). A
 * comparator on n bits (GreaterThan(n), n + 1 constraints) is exact when the two values differ by
 * less than 2^n, whatever the values themselves are; so its width follows from the spread of a
 * window, not from the width of its values. For a convolution's output the spread is much smaller
 * than the value range suggests when the two outputs overlap: y[p] − y[p+δ] is itself a linear
 * form of the input, Σ_u (w[u] − w[u − Δ]) · x[u], whose interval bound is exact for a single layer.
 */
import type { QWeight } from './types.js';

/** Smallest n ≥ 1 with 2^n > m (m ≥ 0): a difference d with |d| ≤ m is exact in an n-bit comparator. */
export const spreadBits = (m: bigint): number => {
  let n = 1;
  while ((1n << BigInt(n)) <= m) n++;
  return n;
};

/**
 * Bounds [L, H] of y[p] − y[p + δ] over every position p and output channel, for y = conv2d(x, w) + b
 * with kernel shape [KH, KW, CI, CO], strides (SH, SW) and every input value in [lo, hi] (callers
 * join 0 for same padding, whose padded positions read 0). δ = (dr, dc) is an offset in OUTPUT
 * positions, Δ = (dr·SH, dc·SW) in input positions. The bias cancels.
 */
export function convDiffBounds(kernel: Pick<QWeight, 'shape' | 'data'>, SH: number, SW: number, dr: number, dc: number, lo: bigint, hi: bigint): [bigint, bigint] {
  const [KH, KW, CI, CO] = kernel.shape;
  const DR = dr * SH, DC = dc * SW;
  const w = (i: number, j: number, ci: number, co: number): bigint =>
    i < 0 || j < 0 || i >= KH || j >= KW ? 0n : kernel.data[((i * KW + j) * CI + ci) * CO + co];
  let L = 0n, H = 0n;
  for (let co = 0; co < CO; co++) {
    let l = 0n, h = 0n;
    // u ranges over the union of the two kernels' supports: rows min(0, DR)..max(KH, KH+DR)
    for (let i = Math.min(0, DR); i < Math.max(KH, KH + DR); i++) {
      for (let j = Math.min(0, DC); j < Math.max(KW, KW + DC); j++) {
        for (let ci = 0; ci < CI; ci++) {
          const c = w(i, j, ci, co) - w(i - DR, j - DC, ci, co);
          const a = c * lo, b = c * hi;
          if (a < b) { l += a; h += b; } else { l += b; h += a; }
        }
      }
    }
    if (co === 0 || l < L) L = l;
    if (co === 0 || h > H) H = h;
  }
  return [L, H];
}

/**
 * Comparator widths of a PH×PW max-pool (rows reduced first, see max-pooling2d.circom) over values
 * in [lo, hi]: B for any two values of a window, BR (≤ B) for two values of one window row. When the
 * values are a conv2d's output (`conv` given), the differences' own bounds are used where narrower.
 */
export function maxPoolWidths(
  lo: bigint, hi: bigint, PH: number, PW: number,
  conv?: { kernel: Pick<QWeight, 'shape' | 'data'>; SH: number; SW: number; inLo: bigint; inHi: bigint },
): { B: number; BR: number } {
  const generic = spreadBits(hi - lo);
  if (!conv) return { B: generic, BR: generic };
  const bound = (offsets: [number, number][]) => {
    let m = 0n;
    for (const [dr, dc] of offsets) {
      const [L, H] = convDiffBounds(conv.kernel, conv.SH, conv.SW, dr, dc, conv.inLo, conv.inHi);
      m = [m, -L, H].reduce((a, b) => (a > b ? a : b));
    }
    return spreadBits(m);
  };
  // δ and −δ have mirrored bounds: within a row δ = (0, 1..PW−1); across rows dr ≥ 1, any dc
  const rowOffsets: [number, number][] = [];
  for (let dc = 1; dc < PW; dc++) rowOffsets.push([0, dc]);
  const crossOffsets: [number, number][] = [];
  for (let dr = 1; dr < PH; dr++) for (let dc = -(PW - 1); dc < PW; dc++) crossOffsets.push([dr, dc]);
  const BR = Math.min(generic, rowOffsets.length ? bound(rowOffsets) : 1);
  const B = Math.max(BR, Math.min(generic, crossOffsets.length ? bound(crossOffsets) : 1));
  return { B, BR };
}
