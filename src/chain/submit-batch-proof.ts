import type { Address, Hash } from 'viem';
import { BOUNTY_GAS, type BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface SubmitBatchProofParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  batchIndex: number;
  /** The proof's `correct` output (the other public signals are the contract's). */
  correct: number;
  /** Accuracy Groth16 proof, 8 words; public signals [correct, commitment, testRoot, batchIndex, beneficiary = the sender, bountyId]. */
  proof: readonly bigint[];
  account?: AccountLike;
  /** Default BOUNTY_GAS.batchProof; never estimated. */
  gas?: bigint;
}

export interface SubmitBatchProofReturnType {
  /** The hunter's total correct after this batch. */
  total: bigint;
  hash: Hash;
  gasUsed: bigint;
}

/**
 * Counts one batch's accuracy proof for the sending hunter. Throws ContractRevertedError
 * (InvalidProof, BatchAlreadyProved, NotCommitted, BadBatch, BadCorrect, TooLate, WrongState, …).
 */
export async function submitBatchProof(client: ChainClient, p: SubmitBatchProofParameters): Promise<SubmitBatchProofReturnType> {
  const r = await sendBountyTx(client, {
    manager: p.manager, functionName: 'submitBatchProof',
    args: [p.bountyId, p.terms, BigInt(p.batchIndex), BigInt(p.correct), p.proof],
    gas: p.gas ?? BOUNTY_GAS.batchProof, account: p.account,
  });
  const ev = r.events.find((x) => x.eventName === 'BatchProved');
  return { total: ev?.eventName === 'BatchProved' ? ev.args.total : 0n, hash: r.hash, gasUsed: r.gasUsed };
}
