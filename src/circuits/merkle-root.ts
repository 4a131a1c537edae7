import { defineTemplate, checkInt } from './signature.js';
import { poseidonConstraints } from './poseidon-commit.js';

/** --O2 cost of one Merkle node, circomlib Poseidon(2). */
export const MERKLE_NODE_CONSTRAINTS = poseidonConstraints(2); // 240

/**
 * Exact --O2 constraints of MerkleRoot(D) when its first `variable` leaves are signals and the rest
 * compile-time constants (the protocol's padding zeros): a node over two signals costs 240, a node
 * with one constant child 237 (its first S-box folds), a node over two constants nothing.
 */
export function merkleRootConstraints(D: number, variable = 2 ** D): number {
  let v = variable;
  let n = 0;
  for (let l = 0; l < D; l++) {
    n += Math.floor(v / 2) * MERKLE_NODE_CONSTRAINTS + (v % 2) * (MERKLE_NODE_CONSTRAINTS - 3);
    v = Math.ceil(v / 2);
  }
  return n;
}

/** Root of the binary Poseidon Merkle tree over 2^D leaves (docs/PROTOCOL.md §4). */
export const MerkleRoot = defineTemplate<{ D: number }>({
  template: 'MerkleRoot',
  file: 'merkle-root.circom',
  params: ['D'],
  validate({ D }) {
    checkInt('MerkleRoot', 'D', D, 1, 20);
  },
  constraints: ({ D }) => merkleRootConstraints(D),
  inputs: ({ D }) => ({ leaves: [2 ** D] }),
  outputs: () => ({ root: [] }),
});
