/**
 * BatchLeaf off-circuit (docs/PROTOCOL.md §4): leaf_k = PoseidonCommit(tag("batch/v1"), k, d_0, …, d_{m−1}).
 */
import { tag, BATCH_TAG } from '../commit/tags.js';
import { poseidonCommit } from './poseidon-commit.js';
import { RangeError_ } from '../errors.js';

export function batchLeaf(k: bigint | number, d: readonly bigint[]): bigint {
  if (d.length === 0) throw new RangeError_('batchLeaf: the payload needs at least one element');
  return poseidonCommit([tag(BATCH_TAG), BigInt(k), ...d]);
}
