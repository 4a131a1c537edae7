import { getAddress, type Address, type Hash } from 'viem';
import { deployContract, getChainId, waitForTransactionReceipt } from 'viem/actions';
import { verifierRegistryAbi, verifierRegistryBytecode } from './abi/verifier-registry.js';
import { ChainError, ContractRevertedError, toChainError } from './errors.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';
import type { Deployments } from './deployments.js';

export interface DeployContractsParameters {
  account?: AccountLike;
}

export interface DeployContractsReturnType extends Deployments {
  hash: Hash;
  gasUsed: bigint;
}

/** Deploys VerifierRegistry (the only contract the app needs) and waits for it. */
export async function deployContracts(client: ChainClient, params: DeployContractsParameters = {}): Promise<DeployContractsReturnType> {
  const account = resolveAccount(client, params.account);
  const ctx = { url: clientUrl(client), functionName: 'deploy VerifierRegistry' };
  try {
    const chainId = await getChainId(client);
    const hash = await deployContract(client, { abi: verifierRegistryAbi, bytecode: verifierRegistryBytecode, account, chain: client.chain ?? null });
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new ContractRevertedError({ functionName: ctx.functionName, reason: 'deployment reverted', txHash: hash, gasUsed: receipt.gasUsed });
    }
    const deployer: Address = typeof account === 'string' ? account : account.address;
    return {
      chainId,
      ...(ctx.url ? { rpcUrl: ctx.url } : {}),
      deployer,
      blockNumber: Number(receipt.blockNumber),
      contracts: { VerifierRegistry: getAddress(receipt.contractAddress) },
      hash,
      gasUsed: receipt.gasUsed,
    };
  } catch (e) {
    if (e instanceof ChainError) throw e;
    throw toChainError(e, ctx);
  }
}
