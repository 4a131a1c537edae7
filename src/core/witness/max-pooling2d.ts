import { RangeError_ } from '../errors.js';
import { poolWindows, shape3, type Pool2DOptions } from './pool-window.js';

/**
 * Keras MaxPooling2D on x[H][W][C] (channels-last) → [OH][OW][C]. Padding (PADDING 1, TensorFlow's
 * "same") is ignored rather than read as zero: each output is the maximum of its window's real
 * elements. The template compares within a window row at BR bits and the row maxima at B bits, so
 * the values of one row must differ by less than 2^BR and the row maxima by less than 2^B (BR
 * defaults to B; signed B-bit values always qualify): otherwise this refuses, as the circuit would
 * (GreaterThan(n) also takes a gap of exactly 2^n in one orientation, which this refuses).
 */
export function maxPooling2d(x: readonly (readonly (readonly bigint[])[])[], o: Pool2DOptions & { B: number; BR?: number }): bigint[][][] {
  const [H, W, C] = shape3(x, 'maxPooling2d');
  const BR = o.BR ?? o.B;
  const rows = poolWindows(H, o.PH, o.STRIDE_H, o.PADDING);
  const cols = poolWindows(W, o.PW, o.STRIDE_W, o.PADDING);
  return rows.map((r) => cols.map((q) => Array.from({ length: C }, (_, c) => {
    const rowMax: bigint[] = [];
    for (let i = r.lo; i < r.hi; i++) {
      const vals: bigint[] = [];
      for (let j = q.lo; j < q.hi; j++) vals.push(x[i][j][c]);
      rowMax.push(spreadMax(vals, BR));
    }
    return spreadMax(rowMax, o.B);
  })));
}

/** max(xs), refusing values whose spread max − min is not below 2^bits (the comparators' exact range). */
function spreadMax(xs: readonly bigint[], bits: number): bigint {
  if (xs.length === 0) throw new RangeError_('maxPooling2d: a window needs at least one value');
  let lo = xs[0], hi = xs[0];
  for (const v of xs) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (hi - lo >= 1n << BigInt(bits)) throw new RangeError_(`maxPooling2d: values ${lo} and ${hi} of one window differ by 2^${bits} or more`);
  return hi;
}
