/**
 * The commitments behind a proof's public signals, recomputed from the plan and the input the proof
 * was made for (docs/PROTOCOL.md §2, §3, §3a). A hashed-input proof with private weights makes only
 * their fold public (`claim`); the prover keeps the two commitments beside the proof so that a
 * receipt, a share link or the CLI can show them, and a reader can fold them again and compare.
 *
 *   const c = proofCommitments(quantizationJson, nestedInput);
 *   c.claim === BigInt(publicSignals[names.indexOf('claim')])
 */
import { parseQGraph } from '../quantize/serialize.js';
import { quantizeInput } from '../witness/run.js';
import { modelCommitment } from './model.js';
import { inputCommitment, inputDescriptorOf } from './input.js';
import { claimOf } from './claim.js';

export interface ProofCommitments {
  model: bigint;
  input: bigint;
  claim: bigint;
}

/** Model commitment, input commitment and their claim for this plan (quantization.json) and float input. */
export function proofCommitments(quantization: string, input: unknown): ProofCommitments {
  const g = parseQGraph(quantization);
  const model = modelCommitment(g);
  const inp = inputCommitment(inputDescriptorOf(g), quantizeInput(g, input));
  return { model, input: inp, claim: claimOf(model, inp) };
}
