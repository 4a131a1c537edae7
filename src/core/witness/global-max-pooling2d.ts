import { maxN } from './max.js';
import { shape3 } from './pool-window.js';

/** Keras GlobalMaxPooling2D on x[H][W][C] → [C]: the maximum of each channel. Values must be signed B-bit. */
export function globalMaxPooling2d(x: readonly (readonly (readonly bigint[])[])[], B: number): bigint[] {
  const [, , C] = shape3(x, 'globalMaxPooling2d');
  return Array.from({ length: C }, (_, c) => maxN(x.flatMap((row) => row.map((px) => px[c])), B));
}
