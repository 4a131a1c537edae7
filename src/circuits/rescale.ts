import { defineTemplate, checkBits, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

export const Rescale = defineTemplate<{ B: number; S: number }>({
  template: 'Rescale',
  file: 'rescale.circom',
  params: ['B', 'S'],
  validate({ B, S }) {
    checkBits('Rescale', 'B', B, 2);
    checkInt('Rescale', 'S', S, 1);
    if (S >= B) throw new TemplateParamError('Rescale', 'S', `must be smaller than B=${B}`, S);
  },
  constraints: ({ B }) => B,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
