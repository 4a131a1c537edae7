import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Leaky ReLU with slope alpha = alphaNum / 2^alphaShift, exact and unrounded, at the input scale
 * times 2^alphaShift:  x·2^alphaShift for x ≥ 0, x·alphaNum for x < 0.
 * Rescale by alphaShift afterwards for the value at the input scale. `x` must be signed B-bit.
 */
export function leakyRelu(x: bigint, bits: number, alphaNum: bigint | number, alphaShift: number): bigint {
  if (!inSignedRange(x, bits)) throw new RangeError_(`leakyRelu: ${x} is outside the signed ${bits}-bit range`);
  return x >= 0n ? x << BigInt(alphaShift) : x * BigInt(alphaNum);
}
