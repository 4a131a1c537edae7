import { defineTemplate, checkInt } from './signature.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';
import { merkleRootConstraints } from './merkle-root.js';
import { merkleDepth } from '../core/witness/merkle-root.js';

/**
 * Exact constraints of RevealTestSet(K, M): K leaves whose tag and index k are both constant lanes
 * (PoseidonCommit(M + 2) − 6 each), the Merkle tree over K signals and 2^D − K constant zeros, and
 * PolyEval(K·M) = K·M − 1.
 */
export function revealTestSetConstraints(K: number, M: number): number {
  return K * (poseidonCommitConstraints(M + 2) - 6) + merkleRootConstraints(merkleDepth(K), K) + K * M - 1;
}

/** Reveal proof of a test set: public signals [testRoot, e, rho] (docs/PROTOCOL.md §5). */
export const RevealTestSet = defineTemplate<{ K: number; M: number }>({
  template: 'RevealTestSet',
  file: 'reveal-test-set.circom',
  params: ['K', 'M'],
  validate({ K, M }) {
    checkInt('RevealTestSet', 'K', K, 1, 2 ** 20);
    checkInt('RevealTestSet', 'M', M, 1);
  },
  constraints: ({ K, M }) => revealTestSetConstraints(K, M),
  inputs: ({ K, M }) => ({ d: [K, M], rho: [] }),
  outputs: () => ({ testRoot: [], e: [] }),
});
