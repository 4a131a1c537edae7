import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/** ReLU on a signed B-bit integer: max(x, 0). Throws outside [-2^(B-1), 2^(B-1)) like the circuit. */
export function relu(x: bigint, bits: number): bigint {
  if (!inSignedRange(x, bits)) throw new RangeError_(`relu: ${x} is outside the signed ${bits}-bit range`);
  return x > 0n ? x : 0n;
}
