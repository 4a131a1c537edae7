import { defineTemplate, checkInt } from './signature.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';
import { poseidonEncryptConstraints } from './poseidon-encrypt.js';
import { ECDH_CONSTRAINTS } from './ecdh.js';
import { PolyEval } from './poly-eval.js';

/** The public signals of Handover, in snarkjs order (outputs, then public inputs). */
export const HANDOVER_PUBLIC_SIGNALS = ['commitment', 'hunterPubX', 'hunterPubY', 'e', 'providerPubX', 'providerPubY', 'nonce', 'rho'] as const;
/** The public inputs, for `component main {public [...]}`. */
export const HANDOVER_PUBLIC_INPUTS = ['providerPubX', 'providerPubY', 'nonce', 'rho'] as const;

/** Ciphertext words for L limbs: 3·ceil(L/3) + 1. */
export const handoverCiphertextLength = (l: number) => 3 * Math.ceil(l / 3) + 1;

/**
 * Exact --O2 constraints of Handover(L_W, L_B): the weight and bias commitments, the model commitment
 * PoseidonCommit(4) (318, minus 3 per constant input: the tag always, bC = 0 when L_B = 0), Ecdh,
 * PoseidonEncrypt(L_W + L_B) and PolyEval over the ciphertext.
 */
export function handoverConstraints(lw: number, lb: number): number {
  const l = lw + lb;
  return poseidonCommitConstraints(lw) + (lb > 0 ? poseidonCommitConstraints(lb) : 0)
    + poseidonCommitConstraints(4) - 3 * (lb > 0 ? 1 : 2)
    + ECDH_CONSTRAINTS + poseidonEncryptConstraints(l) + PolyEval.constraints({ N: handoverCiphertextLength(l) });
}

/** The winner's encrypted hand-over of its committed model to the bounty provider (docs/PROTOCOL.md §7). */
export const Handover = defineTemplate<{ L_W: number; L_B: number }>({
  template: 'Handover',
  file: 'handover.circom',
  params: ['L_W', 'L_B'],
  validate({ L_W, L_B }) {
    checkInt('Handover', 'L_W', L_W, 1);
    checkInt('Handover', 'L_B', L_B, 0);
  },
  constraints: ({ L_W, L_B }) => handoverConstraints(L_W, L_B),
  inputs: ({ L_W, L_B }) => ({
    modelLimbs: [L_W + L_B], archHash: [], hunterSk: [], providerPubX: [], providerPubY: [], nonce: [], rho: [],
  }),
  outputs: () => ({ commitment: [], hunterPubX: [], hunterPubY: [], e: [] }),
});
