import type { Address, Hash } from 'viem';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface WithdrawParameters {
  manager: Address;
  account?: AccountLike;
}

export interface WithdrawReturnType {
  amount: bigint;
  hash: Hash;
  gasUsed: bigint;
}

/** Pulls everything credited to the sending account. Throws ContractRevertedError (NothingToWithdraw, TransferFailed). */
export async function withdraw(client: ChainClient, p: WithdrawParameters): Promise<WithdrawReturnType> {
  const r = await sendBountyTx(client, { manager: p.manager, functionName: 'withdraw', args: [], account: p.account });
  const ev = r.events.find((x) => x.eventName === 'Withdrawn');
  return { amount: ev?.eventName === 'Withdrawn' ? ev.args.amount : 0n, hash: r.hash, gasUsed: r.gasUsed };
}

