import { defineTemplate, checkBits } from './signature.js';

/** max(in, 0) for a signed B-bit input; output in [0, 2^(B-1)). B + 1 constraints. */
export const ReLU = defineTemplate<{ B: number }>({
  template: 'ReLU',
  file: 'relu.circom',
  params: ['B'],
  validate({ B }) {
    checkBits('ReLU', 'B', B, 2);
  },
  constraints: ({ B }) => B + 1,
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
