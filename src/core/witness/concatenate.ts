import { RangeError_ } from '../errors.js';
import { shape3 } from './pool-window.js';

/** Keras Concatenate on the channel axis (axis = −1) of a[H][W][C1] and b[H][W][C2] → [H][W][C1+C2]. */
export function concatenate(a: readonly (readonly (readonly bigint[])[])[], b: readonly (readonly (readonly bigint[])[])[]): bigint[][][] {
  const [H, W] = shape3(a, 'concatenate');
  const [H2, W2] = shape3(b, 'concatenate');
  if (H !== H2 || W !== W2) throw new RangeError_(`concatenate: spatial shapes differ ([${H}][${W}] vs [${H2}][${W2}])`);
  return a.map((row, i) => row.map((px, j) => [...px, ...b[i][j]]));
}
