import { defineTemplate, checkInt } from './signature.js';

/**
 * Elementwise sum of two same-scale tensors (Keras Add, flattened). The sum of two signed B-bit
 * values needs B + 1 bits: the next range check must be that wide.
 */
export const Add = defineTemplate<{ N: number }>({
  template: 'Add',
  file: 'add.circom',
  params: ['N'],
  validate({ N }) { checkInt('Add', 'N', N, 1); },
  /** Linear. */
  constraints: () => 0,
  inputs: ({ N }) => ({ a: [N], b: [N] }),
  outputs: ({ N }) => ({ out: [N] }),
});
