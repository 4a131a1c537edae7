/**
 * Handover off-circuit: the public outputs of `Handover(L_W, L_B)` (src/circuits/handover.circom) and
 * the ciphertext it evaluates, from its private and public inputs (docs/PROTOCOL.md §2, §7).
 *
 *   commitment = PoseidonCommit(tag("model/v1"), archHash, PoseidonCommit(weightLimbs), bC)
 *                bC = PoseidonCommit(biasLimbs), or 0 without bias limbs
 *   hunterPub  = hunterSk·Base8,  shared = hunterSk·providerPub
 *   ciphertext = PoseidonEncrypt(weightLimbs ‖ biasLimbs, (shared.x, shared.y), nonce)
 *   e          = Σ ciphertext[i]·rho^i mod p
 */
import { RangeError_ } from '../errors.js';
import { toField } from '../field.js';
import { tag, MODEL_TAG } from '../commit/tags.js';
import type { Point } from '../handover/babyjub.js';
import { poseidonCommit } from './poseidon-commit.js';
import { poseidonEncrypt } from './poseidon-encrypt.js';
import { polyEval } from './poly-eval.js';
import { ecdh } from './ecdh.js';

/** §2: the model commitment from the limbs of each group and the architecture hash. */
export function modelCommitmentFromLimbs(archHash: bigint, weightLimbs: readonly bigint[], biasLimbs: readonly bigint[]): bigint {
  if (weightLimbs.length === 0) throw new RangeError_('modelCommitmentFromLimbs: needs at least one weight limb');
  const wC = poseidonCommit(weightLimbs);
  const bC = biasLimbs.length ? poseidonCommit(biasLimbs) : 0n;
  return poseidonCommit([tag(MODEL_TAG), toField(archHash), wC, bC]);
}

export interface HandoverOutputs { commitment: bigint; hunterPub: Point; ciphertext: bigint[]; e: bigint }

export function handover(args: {
  weightLimbs: readonly bigint[]; biasLimbs: readonly bigint[]; archHash: bigint; hunterSk: bigint;
  providerPub: Point; nonce: bigint; rho: bigint;
}): HandoverOutputs {
  const { pub, shared } = ecdh(args.hunterSk, args.providerPub);
  const limbs = [...args.weightLimbs, ...args.biasLimbs].map(toField);
  const ciphertext = poseidonEncrypt(limbs, [shared[0], shared[1]], args.nonce);
  return {
    commitment: modelCommitmentFromLimbs(args.archHash, args.weightLimbs, args.biasLimbs),
    hunterPub: pub,
    ciphertext,
    e: polyEval(ciphertext, args.rho),
  };
}
