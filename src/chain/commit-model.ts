import type { Address, Hash } from 'viem';
import type { BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface CommitModelParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  /** Index of the architecture (its accuracy and hand-over circuit ids in the terms). */
  arch: number;
  /** The model commitment (PROTOCOL §2), a field element. */
  commitment: bigint;
  account?: AccountLike;
}

export interface CommitModelReturnType {
  /** 1-based commit order (ties go to the earliest). */
  order: bigint;
  hash: Hash;
  gasUsed: bigint;
}

/**
 * Enters a bounty with a model commitment, staking `terms.stake` (sent as value); one entry per
 * account. Throws ContractRevertedError (TooLate, AlreadyCommitted, BadArchitecture, NotInField, …).
 */
export async function commitModel(client: ChainClient, p: CommitModelParameters): Promise<CommitModelReturnType> {
  const r = await sendBountyTx(client, {
    manager: p.manager, functionName: 'commit', args: [p.bountyId, p.terms, BigInt(p.arch), p.commitment],
    value: p.terms.stake, account: p.account,
  });
  const ev = r.events.find((x) => x.eventName === 'Committed');
  return { order: ev?.eventName === 'Committed' ? ev.args.order : 0n, hash: r.hash, gasUsed: r.gasUsed };
}
