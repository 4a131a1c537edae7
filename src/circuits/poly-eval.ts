import { defineTemplate, checkInt } from './signature.js';

/** out = Σ in[i]·x^i mod p by Horner's rule: one product per coefficient after the first. */
export const PolyEval = defineTemplate<{ N: number }>({
  template: 'PolyEval',
  file: 'poly-eval.circom',
  params: ['N'],
  validate({ N }) {
    checkInt('PolyEval', 'N', N, 1);
  },
  constraints: ({ N }) => N - 1,
  inputs: ({ N }) => ({ in: [N], x: [] }),
  outputs: () => ({ out: [] }),
});
