import type { Address, Hash } from 'viem';
import type { BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface SettleBountyParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  /**
   * Which refund, each callable by anyone once its deadline has passed:
   * - `closeUnrevealed`: no reveal by the reveal deadline (or no hunter by the commit deadline):
   *   reward back to the provider, bond to the hunters (through `returnStake`);
   * - `expireHandover`: the winner missed the hand-over deadline: its stake to the provider, reward back;
   * - `returnStake`: a (non-winning) hunter's stake, plus its bond share after a missed reveal.
   */
  action: 'closeUnrevealed' | 'expireHandover' | 'returnStake';
  /** For `returnStake`: whose stake. */
  hunter?: Address;
  account?: AccountLike;
}

export interface SettleBountyReturnType {
  /** Wei credited (to be pulled with `withdraw`), per account. */
  credited: { account: Address; amount: bigint }[];
  hash: Hash;
  gasUsed: bigint;
}

/** Triggers one of the bounty's refund paths (see `action`). Throws ContractRevertedError (TooEarly, WrongState, IsWinner, AlreadySettled, …). */
export async function settleBounty(client: ChainClient, p: SettleBountyParameters): Promise<SettleBountyReturnType> {
  const args = p.action === 'returnStake' ? [p.bountyId, p.terms, p.hunter] : [p.bountyId, p.terms];
  const r = await sendBountyTx(client, { manager: p.manager, functionName: p.action, args, account: p.account });
  const credited = r.events.flatMap((x) => (x.eventName === 'Credited' ? [{ account: x.args.account, amount: x.args.amount }] : []));
  return { credited, hash: r.hash, gasUsed: r.gasUsed };
}
