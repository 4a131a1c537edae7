import { floorDiv } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Floor division by a positive constant (round towards −∞), the DivFloor(B, D) template:
 * x must lie in [−2^(B−1)·D, 2^(B−1)·D), so that the quotient is signed B-bit.
 */
export function divFloor(x: bigint, bits: number, d: bigint | number): bigint {
  const D = BigInt(d);
  if (D < 1n) throw new RangeError_(`divFloor: divisor ${D} must be at least 1`);
  const h = (1n << BigInt(bits - 1)) * D;
  if (x < -h || x >= h) throw new RangeError_(`divFloor: ${x} is outside [−2^${bits - 1}·${D}, 2^${bits - 1}·${D})`);
  return floorDiv(x, D);
}
