/**
 * PolyEval off-circuit: Σ_i xs[i] · x^i mod p, the value `PolyEval(N)` outputs (Horner's rule,
 * top coefficient first). Inputs are taken modulo p (signed values allowed); the result is the
 * canonical field element in [0, p).
 */
import { P, toField } from '../field.js';
import { RangeError_ } from '../errors.js';

export function polyEval(xs: readonly bigint[], x: bigint): bigint {
  if (xs.length === 0) throw new RangeError_('polyEval: needs at least one coefficient');
  const r = toField(x);
  let acc = 0n;
  for (let i = xs.length - 1; i >= 0; i--) acc = (acc * r + toField(xs[i])) % P;
  return acc;
}
