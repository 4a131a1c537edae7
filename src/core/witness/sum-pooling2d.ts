import { poolWindows, shape3, type Pool2DOptions } from './pool-window.js';

/** Sum of the real elements of every pooling window of x[H][W][C] → [OH][OW][C] (padding adds nothing). */
export function sumPooling2d(x: readonly (readonly (readonly bigint[])[])[], o: Pool2DOptions): bigint[][][] {
  const [H, W, C] = shape3(x, 'sumPooling2d');
  const rows = poolWindows(H, o.PH, o.STRIDE_H, o.PADDING);
  const cols = poolWindows(W, o.PW, o.STRIDE_W, o.PADDING);
  return rows.map((r) => cols.map((q) => Array.from({ length: C }, (_, c) => {
    let s = 0n;
    for (let i = r.lo; i < r.hi; i++) for (let j = q.lo; j < q.hi; j++) s += x[i][j][c];
    return s;
  })));
}
