/**
 * The binary Poseidon Merkle tree of docs/PROTOCOL.md §4 off-circuit, as `MerkleRoot(D)` and
 * `MerklePath(D)` compute it: node = Poseidon(left, right) (circomlib Poseidon(2), poseidon-lite),
 * leaf k at the position whose path bits are the binary of k, least significant bit at the leaf
 * level (bit = 1: the node is the right child), padding leaves 0.
 */
import { poseidon2 } from 'poseidon-lite';
import { toField } from '../field.js';
import { RangeError_ } from '../errors.js';

/** D = max(1, ⌈log2 K⌉): the depth of the tree over K leaves. */
export function merkleDepth(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError_(`merkleDepth: needs at least one leaf, got ${k}`);
  let d = 1;
  while (2 ** d < k) d++;
  return d;
}

/** Every level of the tree of depth `depth` over `leaves` padded with 0: levels[0] = leaves, levels[depth] = [root]. */
export function merkleLevels(leaves: readonly bigint[], depth = merkleDepth(leaves.length)): bigint[][] {
  if (leaves.length === 0 || leaves.length > 2 ** depth) {
    throw new RangeError_(`merkleLevels: ${leaves.length} leaves do not fit a tree of depth ${depth}`);
  }
  const levels: bigint[][] = [[...leaves.map(toField), ...Array<bigint>(2 ** depth - leaves.length).fill(0n)]];
  for (let l = 0; l < depth; l++) {
    const below = levels[l];
    levels.push(Array.from({ length: below.length / 2 }, (_, i) => poseidon2([below[2 * i], below[2 * i + 1]])));
  }
  return levels;
}

/** The root of the tree of depth `depth` (default max(1, ⌈log2 n⌉)) over `leaves`, padded with 0. */
export function merkleRoot(leaves: readonly bigint[], depth?: number): bigint {
  const levels = merkleLevels(leaves, depth);
  return levels[levels.length - 1][0];
}
