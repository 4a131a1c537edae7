import { getChainId } from 'viem/actions';
import { NoChainError, WrongChainError, toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface CheckChainParameters {
  /** The chain the contracts are deployed on (e.g. from deployments.json). */
  chainId?: number;
}

export interface CheckChainReturnType {
  chainId: number;
}

/**
 * Asks the node for its chain id. Throws NoChainError when nothing answers and WrongChainError
 * when it is not `chainId`.
 */
export async function checkChain(client: ChainClient, params: CheckChainParameters = {}): Promise<CheckChainReturnType> {
  let chainId: number;
  try {
    chainId = await getChainId(client);
  } catch (e) {
    const err = toChainError(e, { url: clientUrl(client) });
    throw err instanceof NoChainError ? err : new NoChainError(clientUrl(client), { cause: e });
  }
  if (params.chainId !== undefined && chainId !== params.chainId) throw new WrongChainError(params.chainId, chainId);
  return { chainId };
}
