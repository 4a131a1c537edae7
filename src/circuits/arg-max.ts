import { defineTemplate, checkBits, checkInt } from './signature.js';

/** Proven argmax (lowest index wins ties) and maximum of N signed B-bit values. */
export const ArgMax = defineTemplate<{ N: number; B: number }>({
  template: 'ArgMax',
  file: 'arg-max.circom',
  params: ['N', 'B'],
  validate({ N, B }) {
    checkInt('ArgMax', 'N', N, 1);
    checkBits('ArgMax', 'B', B, 1);
  },
  // N−1 comparators of B+1 bits and two products per step, the first index update being free;
  // for N = 1 the single constraint is out = 0.
  constraints: ({ N, B }) => (N === 1 ? 1 : (N - 1) * (B + 3) - 1),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: () => ({ out: [], max: [] }),
});
