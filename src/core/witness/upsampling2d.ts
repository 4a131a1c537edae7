import { shape3 } from './pool-window.js';

/** Keras UpSampling2D (nearest) on x[H][W][C] → [H·SH][W·SW][C]. */
export function upSampling2d(x: readonly (readonly (readonly bigint[])[])[], SH: number, SW: number): bigint[][][] {
  const [H, W] = shape3(x, 'upSampling2d');
  return Array.from({ length: H * SH }, (_, i) => Array.from({ length: W * SW }, (_, j) => [...x[Math.floor(i / SH)][Math.floor(j / SW)]]));
}
