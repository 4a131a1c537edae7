import { maxN } from './max.js';
import { poolWindows, shape3, type Pool2DOptions } from './pool-window.js';

/**
 * Keras MaxPooling2D on x[H][W][C] (channels-last) → [OH][OW][C]. Padding (PADDING 1, TensorFlow's
 * "same") is ignored rather than read as zero: each output is the maximum of its window's real
 * elements. Values must be signed B-bit.
 */
export function maxPooling2d(x: readonly (readonly (readonly bigint[])[])[], o: Pool2DOptions & { B: number }): bigint[][][] {
  const [H, W, C] = shape3(x, 'maxPooling2d');
  const rows = poolWindows(H, o.PH, o.STRIDE_H, o.PADDING);
  const cols = poolWindows(W, o.PW, o.STRIDE_W, o.PADDING);
  return rows.map((r) => cols.map((q) => Array.from({ length: C }, (_, c) => {
    const vals: bigint[] = [];
    for (let i = r.lo; i < r.hi; i++) for (let j = q.lo; j < q.hi; j++) vals.push(x[i][j][c]);
    return maxN(vals, o.B);
  })));
}
