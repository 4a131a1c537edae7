import type { Address } from 'viem';
import { getChainId, getCode } from 'viem/actions';
import { NoChainError, NoRegistryError, WrongChainError, toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface CheckChainParameters {
  /** The chain the contracts are deployed on (e.g. from deployments.json). */
  chainId?: number;
  /** The VerifierRegistry address: when given, it must hold code. */
  registry?: Address;
}

export interface CheckChainReturnType {
  chainId: number;
}

/**
 * Asks the node for its chain id (and the registry's code). Throws NoChainError when nothing
 * answers, WrongChainError when it is not `chainId`, NoRegistryError when `registry` has no code.
 */
export async function checkChain(client: ChainClient, params: CheckChainParameters = {}): Promise<CheckChainReturnType> {
  const url = clientUrl(client);
  const unreachable = (e: unknown) => {
    const err = toChainError(e, { url });
    return err instanceof NoChainError ? err : new NoChainError(url, { cause: e });
  };
  let chainId: number;
  try {
    chainId = await getChainId(client);
  } catch (e) {
    throw unreachable(e);
  }
  if (params.chainId !== undefined && chainId !== params.chainId) throw new WrongChainError(params.chainId, chainId);
  if (params.registry !== undefined) {
    let code: string | undefined;
    try {
      code = await getCode(client, { address: params.registry });
    } catch (e) {
      throw unreachable(e);
    }
    if (!code || code === '0x') throw new NoRegistryError(params.registry, chainId, url);
  }
  return { chainId };
}
