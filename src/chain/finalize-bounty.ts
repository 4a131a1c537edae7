import { zeroAddress, type Address, type Hash } from 'viem';
import type { BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface FinalizeBountyParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  account?: AccountLike;
}

export interface FinalizeBountyReturnType {
  /** The winner, or null when no hunter reached the threshold (the reward is then refunded). */
  winner: Address | null;
  correct: bigint;
  hash: Hash;
  gasUsed: bigint;
}

/** Anyone, after the prove deadline: awards the bounty to the leader if it reached the threshold. */
export async function finalizeBounty(client: ChainClient, p: FinalizeBountyParameters): Promise<FinalizeBountyReturnType> {
  const r = await sendBountyTx(client, { manager: p.manager, functionName: 'finalize', args: [p.bountyId, p.terms], account: p.account });
  const ev = r.events.find((x) => x.eventName === 'Finalized');
  const winner = ev?.eventName === 'Finalized' && ev.args.winner !== zeroAddress ? ev.args.winner : null;
  return { winner, correct: ev?.eventName === 'Finalized' ? ev.args.correct : 0n, hash: r.hash, gasUsed: r.gasUsed };
}
