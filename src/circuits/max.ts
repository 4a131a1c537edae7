import { defineTemplate, checkBits, checkInt } from './signature.js';

/** Cost of the max of `n` signed B-bit values (MaxN): one GreaterThan(B) (B+1) and one selection per match. */
export const maxNConstraints = (n: number, B: number): number => (n - 1) * (B + 2);

export const MaxN = defineTemplate<{ N: number; B: number }>({
  template: 'MaxN',
  file: 'max.circom',
  params: ['N', 'B'],
  validate({ N, B }) {
    checkInt('MaxN', 'N', N, 1);
    checkBits('MaxN', 'B', B, 1);
  },
  constraints: ({ N, B }) => maxNConstraints(N, B),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: () => ({ out: [] }),
});
