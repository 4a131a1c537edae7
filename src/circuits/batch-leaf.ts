import { defineTemplate, checkInt } from './signature.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';

/** Constraints of BatchLeaf(M) with a signal index k: PoseidonCommit(M + 2) with the tag a constant lane. */
export function batchLeafConstraints(M: number): number {
  return poseidonCommitConstraints(M + 2) - 3;
}

/** Salted test-set batch leaf PoseidonCommit(tag("batch/v1"), k, d[0..M)) (docs/PROTOCOL.md §4). */
export const BatchLeaf = defineTemplate<{ M: number }>({
  template: 'BatchLeaf',
  file: 'batch-leaf.circom',
  params: ['M'],
  validate({ M }) {
    checkInt('BatchLeaf', 'M', M, 1);
  },
  constraints: ({ M }) => batchLeafConstraints(M),
  inputs: ({ M }) => ({ k: [], d: [M] }),
  outputs: () => ({ out: [] }),
});
