import { floorDiv, inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Fused rescale + ReLU: max(floor(x / 2^s), 0), which equals relu(rescale(x)) because floor
 * preserves the sign. `x` must lie in the signed B-bit range (the circuit is unsatisfiable otherwise).
 */
export function rescaleRelu(x: bigint, bits: number, shift: number): bigint {
  if (!inSignedRange(x, bits)) throw new RangeError_(`rescaleRelu: ${x} is outside the signed ${bits}-bit range`);
  const q = floorDiv(x, 1n << BigInt(shift));
  return q > 0n ? q : 0n;
}
