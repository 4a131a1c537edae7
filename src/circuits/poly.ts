import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

function int(t: string, v: number | bigint): bigint {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new TemplateParamError(t, 'N', 'must be an integer', v);
  return BigInt(v);
}

/**
 * out = in² + N·in (N = n·2^s at the input scale; output at twice the input scale). 1 constraint.
 * in is not range-checked: the caller bounds it (e.g. it comes out of a Rescale) so the square
 * cannot wrap; use `RangedPoly` otherwise.
 */
export const Poly = defineTemplate<{ N: number | bigint }>({
  template: 'Poly',
  file: 'poly.circom',
  params: ['N'],
  validate({ N }) {
    const n = int('Poly', N);
    const h = 1n << 125n;
    if (n <= -h || n >= h) throw new TemplateParamError('Poly', 'N', 'must satisfy |N| < 2^125', N);
  },
  constraints: () => 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});

/** Poly(N) preceded by RangeCheck(B) on in: in ∈ [-2^(B-1), 2^(B-1)), |N| ≤ 2^(B-1). B + 1 constraints. */
export const RangedPoly = defineTemplate<{ B: number; N: number | bigint }>({
  template: 'RangedPoly',
  file: 'poly.circom',
  params: ['B', 'N'],
  validate({ B, N }) {
    checkInt('RangedPoly', 'B', B, 2, 125);
    const n = int('RangedPoly', N);
    const h = 1n << BigInt(B - 1);
    if (n < -h || n >= h) throw new TemplateParamError('RangedPoly', 'N', `must lie in the signed ${B}-bit range`, N);
  },
  constraints: ({ B }) => B + 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
