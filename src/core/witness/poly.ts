import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * The polynomial activation x² + n·x on fixed-point integers: `nScaled` = n·2^s is at the input
 * scale, the result is at twice the input scale. Exact on integers; the circuit `Poly(N)` agrees
 * while |x² + N·x| < p/2 (the caller bounds x), and `RangedPoly(B, N)` also checks x is signed B-bit
 * (pass `bits` for that check here).
 */
export function poly(x: bigint, nScaled: bigint | number, bits?: number): bigint {
  if (bits !== undefined && !inSignedRange(x, bits)) throw new RangeError_(`poly: ${x} is outside the signed ${bits}-bit range`);
  return x * x + BigInt(nScaled) * x;
}
