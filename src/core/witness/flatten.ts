import { shape3 } from './pool-window.js';

/** Keras Flatten of x[H][W][C]: row-major, channels fastest. */
export function flatten(x: readonly (readonly (readonly bigint[])[])[]): bigint[] {
  shape3(x, 'flatten');
  return x.flatMap((row) => row.flatMap((px) => [...px]));
}
