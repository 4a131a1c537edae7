import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';
import { divFloor } from './div-floor.js';
import { poolWindows, shape3, type Pool2DOptions } from './pool-window.js';

/**
 * Keras AveragePooling2D on x[H][W][C] → [OH][OW][C], rounded towards −∞: floor(sum / count) over
 * the window's real elements (same padding neither sums nor counts padded positions, as in Keras).
 * Values must be signed B-bit.
 */
export function averagePooling2d(x: readonly (readonly (readonly bigint[])[])[], o: Pool2DOptions & { B: number }): bigint[][][] {
  const [H, W, C] = shape3(x, 'averagePooling2d');
  const rows = poolWindows(H, o.PH, o.STRIDE_H, o.PADDING);
  const cols = poolWindows(W, o.PW, o.STRIDE_W, o.PADDING);
  return rows.map((r) => cols.map((q) => Array.from({ length: C }, (_, c) => {
    let s = 0n;
    for (let i = r.lo; i < r.hi; i++) {
      for (let j = q.lo; j < q.hi; j++) {
        if (!inSignedRange(x[i][j][c], o.B)) throw new RangeError_(`averagePooling2d: ${x[i][j][c]} is outside the signed ${o.B}-bit range`);
        s += x[i][j][c];
      }
    }
    return divFloor(s, o.B, (r.hi - r.lo) * (q.hi - q.lo));
  })));
}
