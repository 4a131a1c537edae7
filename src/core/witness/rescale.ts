import { floorDiv, inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Fixed-point rescale by a power of two: floor(x / 2^s) (round towards −∞, i.e. an arithmetic
 * shift right). Round-half-up is obtained by adding 2^(s-1) before the shift; the transpiler
 * folds that constant into the preceding bias, so the circuit needs only the floor.
 * `x` must lie in the signed B-bit range.
 */
export function rescale(x: bigint, bits: number, shift: number): bigint {
  if (!inSignedRange(x, bits)) throw new RangeError_(`rescale: ${x} is outside the signed ${bits}-bit range`);
  return floorDiv(x, 1n << BigInt(shift));
}
