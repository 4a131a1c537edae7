/**
 * Merkle paths of the tree of docs/PROTOCOL.md §4 (see merkle-root.ts): the siblings of a leaf and
 * the root `MerklePath(D)` recomputes from a leaf, its index and its siblings.
 */
import { poseidon2 } from 'poseidon-lite';
import { toField } from '../field.js';
import { RangeError_ } from '../errors.js';
import { merkleLevels, merkleDepth } from './merkle-root.js';

/** The D siblings of leaf `index`, leaf level first. */
export function merkleSiblings(leaves: readonly bigint[], index: number, depth = merkleDepth(leaves.length)): bigint[] {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** depth) {
    throw new RangeError_(`merkleSiblings: index ${index} is outside [0, 2^${depth})`);
  }
  const levels = merkleLevels(leaves, depth);
  return Array.from({ length: depth }, (_, l) => levels[l][(index >> l) ^ 1]);
}

/**
 * The root recomputed from a leaf at position `index` and its siblings, as the circuit does; the
 * index must lie in [0, 2^D) (the circuit's Num2Bits(D) refuses any other).
 */
export function merklePathRoot(leaf: bigint, index: bigint | number, siblings: readonly bigint[]): bigint {
  const i = BigInt(index);
  const depth = siblings.length;
  if (i < 0n || i >= 1n << BigInt(depth)) throw new RangeError_(`merklePathRoot: index ${i} is outside [0, 2^${depth})`);
  let node = toField(leaf);
  for (let l = 0; l < depth; l++) {
    const s = toField(siblings[l]);
    node = (i >> BigInt(l)) & 1n ? poseidon2([s, node]) : poseidon2([node, s]);
  }
  return node;
}
