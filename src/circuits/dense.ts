import { defineTemplate, checkInt } from './signature.js';

export const Dense = defineTemplate<{ N_IN: number; N_OUT: number }>({
  template: 'Dense',
  file: 'dense.circom',
  params: ['N_IN', 'N_OUT'],
  validate({ N_IN, N_OUT }) {
    checkInt('Dense', 'N_IN', N_IN, 1);
    checkInt('Dense', 'N_OUT', N_OUT, 1);
  },
  /** One constraint per multiply-accumulate. */
  constraints: ({ N_IN, N_OUT }) => N_IN * N_OUT,
  inputs: ({ N_IN, N_OUT }) => ({ in: [N_IN], weights: [N_IN, N_OUT], bias: [N_OUT] }),
  outputs: ({ N_OUT }) => ({ out: [N_OUT] }),
});
