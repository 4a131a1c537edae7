/**
 * RevealTestSet off-circuit (docs/PROTOCOL.md §4, §5): the public outputs of `RevealTestSet(K, M)`
 * for the K batch payloads d[k][0..M) at ρ: testRoot (Merkle root of the batch leaves) and
 * e = Σ_{k,j} d[k][j] · ρ^(k·M + j) mod p.
 */
import { RangeError_ } from '../errors.js';
import { batchLeaf } from './batch-leaf.js';
import { merkleRoot, merkleDepth } from './merkle-root.js';
import { polyEval } from './poly-eval.js';

export function revealTestSet(d: readonly (readonly bigint[])[], rho: bigint): { testRoot: bigint; e: bigint } {
  if (d.length === 0) throw new RangeError_('revealTestSet: needs at least one batch');
  const m = d[0].length;
  if (d.some((row) => row.length !== m)) throw new RangeError_('revealTestSet: every batch must have the same number of elements');
  const leaves = d.map((row, k) => batchLeaf(k, row));
  return { testRoot: merkleRoot(leaves, merkleDepth(d.length)), e: polyEval(d.flat(), rho) };
}
