import { defineTemplate, checkBits, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

/** Fused max(floor(in / 2^S), 0) on one decomposition; output in [0, 2^(B-1-S)). B + 1 constraints. */
export const RescaleReLU = defineTemplate<{ B: number; S: number }>({
  template: 'RescaleReLU',
  file: 'rescale-relu.circom',
  params: ['B', 'S'],
  validate({ B, S }) {
    checkBits('RescaleReLU', 'B', B, 2);
    checkInt('RescaleReLU', 'S', S, 1);
    if (S >= B) throw new TemplateParamError('RescaleReLU', 'S', `must be smaller than B=${B}`, S);
  },
  constraints: ({ B }) => B + 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
