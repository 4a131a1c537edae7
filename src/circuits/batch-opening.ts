import { defineTemplate, checkInt } from './signature.js';
import { batchLeafConstraints } from './batch-leaf.js';
import { MerklePath } from './merkle-path.js';
import { byteToFixedConstraints } from './byte-to-fixed.js';
import { testBatchElements } from '../core/witness/batch-opening.js';

/**
 * Exact constraints of BatchOpening(B, S, D, F): the payload's bytes (248 per element after the salt,
 * minus 8 per zero-padding byte, whose bits are constants), the leaf, the Merkle path and B·S ByteToFixed(F).
 */
export function batchOpeningConstraints(B: number, S: number, D: number, F: number): number {
  const m = testBatchElements(B, S);
  const pad = 31 * (m - 1) - B * (S + 1);
  return 248 * (m - 1) - 8 * pad + batchLeafConstraints(m) + MerklePath.constraints({ D }) + B * S * byteToFixedConstraints(F);
}

/** Opens batch batchIndex of the test set under testRoot; outputs the model inputs x[B][S] and the labels. */
export const BatchOpening = defineTemplate<{ B: number; S: number; D: number; F: number }>({
  template: 'BatchOpening',
  file: 'batch-opening.circom',
  params: ['B', 'S', 'D', 'F'],
  validate({ B, S, D, F }) {
    checkInt('BatchOpening', 'B', B, 1);
    checkInt('BatchOpening', 'S', S, 1);
    checkInt('BatchOpening', 'D', D, 1, 32);
    checkInt('BatchOpening', 'F', F, 0, 64);
  },
  constraints: ({ B, S, D, F }) => batchOpeningConstraints(B, S, D, F),
  inputs: ({ B, S, D }) => ({ d: [testBatchElements(B, S)], batchIndex: [], siblings: [D], testRoot: [] }),
  outputs: ({ B, S }) => ({ x: [B, S], label: [B] }),
});
