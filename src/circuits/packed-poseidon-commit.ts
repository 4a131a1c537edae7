import { defineTemplate, checkBits, checkInt } from './signature.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';
import { valuesPerLimb } from '../core/witness/packed-poseidon-commit.js';

/** Exact --O2 constraints of PackedPoseidonCommit(n, bits): n·bits range-check bits + PoseidonCommit(limbs). */
export function packedPoseidonCommitConstraints(n: number, bits: number): number {
  return n * bits + poseidonCommitConstraints(Math.ceil(n / valuesPerLimb(bits)));
}

/** Commitment to N signed B-bit integers, range-checked and packed floor(253/B) per field element. */
export const PackedPoseidonCommit = defineTemplate<{ N: number; B: number }>({
  template: 'PackedPoseidonCommit',
  file: 'packed-poseidon-commit.circom',
  params: ['N', 'B'],
  validate({ N, B }) {
    checkInt('PackedPoseidonCommit', 'N', N, 1);
    checkBits('PackedPoseidonCommit', 'B', B, 1);
  },
  constraints: ({ N, B }) => packedPoseidonCommitConstraints(N, B),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: () => ({ out: [] }),
});

export interface CommitChoice {
  template: 'PoseidonCommit' | 'PackedPoseidonCommit';
  /** Template parameters, in the template's order. */
  params: number[];
  constraints: number;
  /** true when the chosen template also proves every value is `bits`-bit. */
  rangeChecked: boolean;
}

/**
 * The cheaper way to commit to n signed bits-bit values. Packing pays n·bits for the range checks
 * and saves about 40.6·n·(1 − 1/K) in Poseidon (K = floor(253/bits)), so it wins up to 34 bits for
 * n ≥ 1000 (35 at n = 100, 22 at n = 5..10, never at n = 1); ties go to the packed form, which also
 * proves the range.
 */
export function cheapestCommit(n: number, bits: number): CommitChoice {
  checkInt('cheapestCommit', 'n', n, 1);
  checkBits('cheapestCommit', 'bits', bits, 1);
  const plain = poseidonCommitConstraints(n);
  const packed = packedPoseidonCommitConstraints(n, bits);
  return packed <= plain
    ? { template: 'PackedPoseidonCommit', params: [n, bits], constraints: packed, rangeChecked: true }
    : { template: 'PoseidonCommit', params: [n], constraints: plain, rangeChecked: false };
}
