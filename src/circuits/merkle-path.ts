import { defineTemplate, checkInt } from './signature.js';
import { MERKLE_NODE_CONSTRAINTS } from './merkle-root.js';

/** Root recomputed from a leaf, its index (range-checked to D bits) and D siblings: D + D·(1 + 240) = 242·D. */
export const MerklePath = defineTemplate<{ D: number }>({
  template: 'MerklePath',
  file: 'merkle-path.circom',
  params: ['D'],
  validate({ D }) {
    checkInt('MerklePath', 'D', D, 1, 32);
  },
  constraints: ({ D }) => D * (2 + MERKLE_NODE_CONSTRAINTS),
  inputs: ({ D }) => ({ leaf: [], index: [], siblings: [D] }),
  outputs: () => ({ root: [] }),
});
