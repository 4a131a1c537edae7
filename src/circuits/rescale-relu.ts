import { defineTemplate, checkBits, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

/** Fused max(floor(in / 2^S), 0) on one decomposition; output in [0, 2^(B-1-S)). B + 1 constraints. */
export const RescaleReLU = defineTemplate<{ B: number; S: number }>({
  template: 'RescaleReLU',
  file: 'rescale-relu.circom',
  params: ['B', 'S'],
  validate({ B, S }) {
    checkBits('RescaleReLU', 'B', B, 3);
    checkInt('RescaleReLU', 'S', S, 1);
    if (S > B - 2) throw new TemplateParamError('RescaleReLU', 'S', `must be at most B-2=${B - 2} (S = B-1 leaves only the sign: out ≡ 0)`, S);
  },
  constraints: ({ B }) => B + 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
