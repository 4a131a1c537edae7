import { RangeError_ } from '../errors.js';

/**
 * The reference of `IntervalCheck(LO, HI)`: returns `x` unchanged when LO ≤ x ≤ HI and throws
 * otherwise (the circuit has no satisfying witness then).
 */
export function intervalCheck(x: bigint, lo: bigint, hi: bigint): bigint {
  if (x < lo || x > hi) throw new RangeError_(`intervalCheck: ${x} is outside [${lo}, ${hi}]`, { details: { value: x, lo, hi } });
  return x;
}
