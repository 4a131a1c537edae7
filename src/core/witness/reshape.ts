import { RangeError_ } from '../errors.js';

/** Keras Reshape of a flat vector into [D0][D1][D2], row-major. */
export function reshape(x: readonly bigint[], D0: number, D1: number, D2: number): bigint[][][] {
  if (x.length !== D0 * D1 * D2) throw new RangeError_(`reshape: ${x.length} values cannot fill [${D0}][${D1}][${D2}]`);
  return Array.from({ length: D0 }, (_, a) => Array.from({ length: D1 }, (_, b) => x.slice((a * D1 + b) * D2, (a * D1 + b + 1) * D2)));
}
