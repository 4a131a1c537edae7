import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';

/**
 * Argmax of signed B-bit values with the circuit's tie rule: the LOWEST index among equal maxima
 * wins (a strict running comparison, exactly as `ArgMax(N, B)` computes it). Every value must lie
 * in the signed B-bit range.
 */
export function argMax(xs: readonly bigint[], bits: number): { index: number; max: bigint } {
  if (xs.length === 0) throw new RangeError_('argMax: needs at least one value');
  let index = 0;
  let max = xs[0];
  for (let i = 0; i < xs.length; i++) {
    if (!inSignedRange(xs[i], bits)) throw new RangeError_(`argMax: ${xs[i]} is outside the signed ${bits}-bit range`);
    if (xs[i] > max) { max = xs[i]; index = i; }
  }
  return { index, max };
}
