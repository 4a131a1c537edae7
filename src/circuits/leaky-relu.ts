import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

type P = { B: number; ALPHA_NUM: number | bigint; ALPHA_SHIFT: number };

/**
 * Leaky ReLU with slope ALPHA_NUM / 2^ALPHA_SHIFT, unrounded at the input scale × 2^ALPHA_SHIFT:
 * in·2^ALPHA_SHIFT for in ≥ 0, in·ALPHA_NUM for in < 0. The output lies in
 * [-2^(B-1)·ALPHA_NUM, (2^(B-1)-1)·2^ALPHA_SHIFT], inside the signed (B + ALPHA_SHIFT)-bit range, so
 * `Rescale(B + ALPHA_SHIFT, ALPHA_SHIFT)` brings it back to the input scale. B + 1 constraints.
 */
export const LeakyReLU = defineTemplate<P>({
  template: 'LeakyReLU',
  file: 'leaky-relu.circom',
  params: ['B', 'ALPHA_NUM', 'ALPHA_SHIFT'],
  validate({ B, ALPHA_NUM, ALPHA_SHIFT }) {
    checkInt('LeakyReLU', 'B', B, 2, 250);
    checkInt('LeakyReLU', 'ALPHA_SHIFT', ALPHA_SHIFT, 1, 251 - B);
    if (typeof ALPHA_NUM === 'number' && !Number.isSafeInteger(ALPHA_NUM)) {
      throw new TemplateParamError('LeakyReLU', 'ALPHA_NUM', 'must be an integer', ALPHA_NUM);
    }
    const a = BigInt(ALPHA_NUM);
    if (a < 0n || a >= 1n << BigInt(ALPHA_SHIFT)) {
      throw new TemplateParamError('LeakyReLU', 'ALPHA_NUM', `must be in [0, 2^ALPHA_SHIFT = ${1n << BigInt(ALPHA_SHIFT)})`, ALPHA_NUM);
    }
  },
  constraints: ({ B }) => B + 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});

/**
 * The LeakyReLU parameters for a real slope (Keras `negative_slope`, default 0.3 in Keras 3):
 * ALPHA_NUM = round(alpha·2^shift). Throws TemplateParamError if alpha is not in [0, 1).
 */
export function leakyReluParams(B: number, alpha: number, shift = 16): P {
  if (!(alpha >= 0 && alpha < 1)) throw new TemplateParamError('LeakyReLU', 'ALPHA_NUM', 'needs a slope alpha in [0, 1)', alpha);
  const ALPHA_NUM = Math.min(Math.round(alpha * 2 ** shift), 2 ** shift - 1);
  const p = { B, ALPHA_NUM, ALPHA_SHIFT: shift };
  LeakyReLU.validate(p);
  return p;
}
