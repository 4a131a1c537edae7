import { defineTemplate, checkInt } from './signature.js';

/** circomlib's partial-round counts, indexed by width t − 2 (t = inputs + 1). */
export const POSEIDON_PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68] as const;

/** --O2 constraints of circomlib `Poseidon(n)` with n variable inputs: 8 full rounds of t S-boxes and the partial rounds, 3 each, minus the constant capacity lane's first S-box. */
export function poseidonConstraints(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new RangeError(`circomlib Poseidon takes 1..16 inputs, got ${n}`);
  return 24 * n + 21 + 3 * POSEIDON_PARTIAL_ROUNDS[n - 1];
}

/** Exact --O2 constraints of PoseidonCommit(n): (K−1)·609 + Poseidon(r+1) − 3 (h_0 = n is a constant lane). */
export function poseidonCommitConstraints(n: number): number {
  const k = Math.ceil(n / 15);
  const r = n - 15 * (k - 1);
  return (k - 1) * poseidonConstraints(16) + poseidonConstraints(r + 1) - 3;
}

/** Commitment to N field elements: a length-prefixed chain of circomlib Poseidon calls. */
export const PoseidonCommit = defineTemplate<{ N: number }>({
  template: 'PoseidonCommit',
  file: 'poseidon-commit.circom',
  params: ['N'],
  validate({ N }) {
    checkInt('PoseidonCommit', 'N', N, 1);
  },
  constraints: ({ N }) => poseidonCommitConstraints(N),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: () => ({ out: [] }),
});
