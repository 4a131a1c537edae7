import { shape3 } from './pool-window.js';

/** Keras ZeroPadding2D on x[H][W][C] → [TOP+H+BOTTOM][LEFT+W+RIGHT][C]. */
export function zeroPadding2d(x: readonly (readonly (readonly bigint[])[])[], top: number, bottom: number, left: number, right: number): bigint[][][] {
  const [H, W, C] = shape3(x, 'zeroPadding2d');
  return Array.from({ length: top + H + bottom }, (_, i) => Array.from({ length: left + W + right }, (_, j) =>
    i >= top && i < top + H && j >= left && j < left + W ? [...x[i - top][j - left]] : Array.from({ length: C }, () => 0n)));
}
