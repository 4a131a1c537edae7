/**
 * The claim of a hashed-input proof (docs/PROTOCOL.md §3a), off-circuit: the one public signal that
 * stands for both commitments, so the proof has two public signals (class, claim).
 *
 *   claim = PoseidonCommit(tag("claim/v1"), modelCommitment, inputCommitment)
 *
 * Whoever is shown the two commitments (a share link, a receipt) recomputes the claim and compares it
 * with the proved signal; equal claims for different commitment pairs would be a Poseidon collision.
 */
import { poseidonCommit } from '../witness/poseidon-commit.js';
import { tag, CLAIM_TAG } from './tags.js';

/** PoseidonCommit(tag("claim/v1"), modelCommitment, inputCommitment). */
export function claimOf(modelCommitment: bigint, inputCommitment: bigint): bigint {
  return poseidonCommit([tag(CLAIM_TAG), modelCommitment, inputCommitment]);
}
