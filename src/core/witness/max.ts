import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Maximum of signed B-bit values (the MaxN template). Every value must lie in the signed B-bit
 * range: the circuit's comparators are exact there and nowhere else guaranteed.
 */
export function maxN(xs: readonly bigint[], bits: number): bigint {
  if (xs.length === 0) throw new RangeError_('maxN: needs at least one value');
  let m = xs[0];
  for (const x of xs) {
    if (!inSignedRange(x, bits)) throw new RangeError_(`maxN: ${x} is outside the signed ${bits}-bit range`);
    if (x > m) m = x;
  }
  return m;
}
