import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Signed range check, the reference of `RangeCheck(B)`: returns `x` unchanged when it lies in
 * [-2^(B-1), 2^(B-1)) and throws otherwise (the circuit has no satisfying witness then).
 */
export function rangeCheck(x: bigint, bits: number): bigint {
  if (!inSignedRange(x, bits)) throw new RangeError_(`rangeCheck: ${x} is outside the signed ${bits}-bit range`);
  return x;
}
