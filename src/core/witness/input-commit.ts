/**
 * InputCommit off-circuit (docs/PROTOCOL.md §3): every value checked to [lo, hi], offset by lo, packed
 * as K-bit digits (K = bitlen(hi − lo)) floor(253/K) per limb, little-endian; then
 * PoseidonCommit(tag, limbs...). Identical to `InputCommit(N, LO, HI, TAG)`.
 */
import { RangeError_ } from '../errors.js';
import { intervalCheck } from './interval-check.js';
import { poseidonCommit } from './poseidon-commit.js';
import { inputCommitLayout } from '../../circuits/input-commit.js';

/** The limbs InputCommit hashes after its tag. */
export function packInterval(xs: readonly bigint[], lo: bigint, hi: bigint): bigint[] {
  if (hi <= lo) throw new RangeError_(`packInterval: the interval [${lo}, ${hi}] must hold at least two values`);
  const { digitBits, perLimb } = inputCommitLayout(xs.length, lo, hi);
  const limbs: bigint[] = [];
  xs.forEach((x, i) => {
    intervalCheck(x, lo, hi);
    const j = Math.floor(i / perLimb);
    limbs[j] = (limbs[j] ?? 0n) + ((x - lo) << BigInt(digitBits * (i % perLimb)));
  });
  return limbs;
}

export function inputCommit(xs: readonly bigint[], lo: bigint, hi: bigint, tag: bigint): bigint {
  if (xs.length === 0) throw new RangeError_('inputCommit: needs at least one value');
  return poseidonCommit([tag, ...packInterval(xs, lo, hi)]);
}
