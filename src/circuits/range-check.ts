import { defineTemplate, checkBits } from './signature.js';

/** Signed B-bit range check: in ∈ [-2^(B-1), 2^(B-1)). No output. B constraints. */
export const RangeCheck = defineTemplate<{ B: number }>({
  template: 'RangeCheck',
  file: 'range-check.circom',
  params: ['B'],
  validate({ B }) {
    checkBits('RangeCheck', 'B', B, 1);
  },
  constraints: ({ B }) => B,
  inputs: () => ({ in: [] }),
  outputs: () => ({}),
});
