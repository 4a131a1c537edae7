import { parseEventLogs, type Address, type Hash, type Log, type TransactionReceipt } from 'viem';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { bountyErrorsAbi } from './bounty-calldata.js';
import { ContractRevertedError, toChainError } from './errors.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';

/** A decoded BountyManager event from a receipt. */
export type BountyEventLog = ReturnType<typeof parseEventLogs<typeof bountyManagerAbi>>[number];

export interface BountyTxResult {
  hash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  receipt: TransactionReceipt;
  /** The BountyManager events the transaction emitted. */
  events: BountyEventLog[];
}

/**
 * Sends one BountyManager transaction (internal to the bounty actions): simulates first (same gas
 * limit) so a revert is thrown decoded, without sending; sends; waits; on a mined revert replays
 * it on that block for the reason. Throws ContractRevertedError (errorName from BountyManager or,
 * inside a verification, VerifierRegistry), NoChainError, TransactionRejectedError.
 */
export async function sendBountyTx(
  client: ChainClient,
  p: { manager: Address; functionName: string; args: readonly unknown[]; value?: bigint; gas?: bigint; account?: AccountLike; simulate?: boolean },
): Promise<BountyTxResult> {
  const ctx = { url: clientUrl(client), functionName: p.functionName };
  const call = {
    address: p.manager, abi: bountyErrorsAbi, functionName: p.functionName, args: p.args,
    ...(p.value !== undefined ? { value: p.value } : {}), ...(p.gas !== undefined ? { gas: p.gas } : {}),
  } as never;
  let hash: Hash | undefined;
  try {
    const account = resolveAccount(client, p.account);
    if (p.simulate !== false) await simulateContract(client, { ...(call as object), account } as never);
    hash = await writeContract(client, { ...(call as object), account, chain: client.chain ?? null } as never);
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success') {
      let decoded: ContractRevertedError | undefined;
      try {
        await simulateContract(client, { ...(call as object), account, blockNumber: receipt.blockNumber } as never);
      } catch (e) {
        const err = toChainError(e, ctx);
        if (err instanceof ContractRevertedError) decoded = err;
      }
      throw new ContractRevertedError({
        functionName: p.functionName, errorName: decoded?.errorName, args: decoded?.args,
        reason: decoded ? undefined : 'reverted on chain', txHash: hash, gasUsed: receipt.gasUsed,
      });
    }
    const mine = receipt.logs.filter((l: Log) => l.address.toLowerCase() === p.manager.toLowerCase());
    const events = parseEventLogs({ abi: bountyManagerAbi, logs: mine });
    return { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, receipt, events };
  } catch (e) {
    throw toChainError(e, { ...ctx, txHash: hash });
  }
}
