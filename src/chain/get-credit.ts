import type { Address } from 'viem';
import { readContract } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

/** Wei credited to `account` and not yet withdrawn. */
export async function getCredit(client: ChainClient, p: { manager: Address; account: Address }): Promise<bigint> {
  try {
    return await readContract(client, { address: p.manager, abi: bountyManagerAbi, functionName: 'credit', args: [p.account] });
  } catch (e) {
    throw toChainError(e, { url: clientUrl(client), functionName: 'credit' });
  }
}
