import { defineTemplate, checkInt } from './signature.js';

export const BatchNorm = defineTemplate<{ N: number; C: number }>({
  template: 'BatchNorm',
  file: 'batch-norm.circom',
  params: ['N', 'C'],
  validate({ N, C }) {
    checkInt('BatchNorm', 'N', N, 1);
    checkInt('BatchNorm', 'C', C, 1);
  },
  /** One constraint per element. */
  constraints: ({ N, C }) => N * C,
  inputs: ({ N, C }) => ({ in: [N, C], scale: [C], shift: [C] }),
  outputs: ({ N, C }) => ({ out: [N, C] }),
});
