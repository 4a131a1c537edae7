import { getAddress, type Address, type Hash } from 'viem';
import { deployContract, getChainId, waitForTransactionReceipt } from 'viem/actions';
import { verifierRegistryAbi, verifierRegistryBytecode } from './abi/verifier-registry.js';
import { bountyManagerAbi, bountyManagerBytecode } from './abi/bounty-manager.js';
import { ChainError, ContractRevertedError, toChainError } from './errors.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';
import type { Deployments } from './deployments.js';

export interface DeployContractsParameters {
  account?: AccountLike;
}

export interface DeployContractsReturnType extends Deployments {
  /** The registry's deployment transaction. */
  hash: Hash;
  /** Gas of both deployments. */
  gasUsed: bigint;
  contracts: { VerifierRegistry: Address; BountyManager: Address };
}

/** Deploys VerifierRegistry, then BountyManager on it, and waits for both. */
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
    const registry = getAddress(receipt.contractAddress);
    ctx.functionName = 'deploy BountyManager';
    const bmHash = await deployContract(client, { abi: bountyManagerAbi, bytecode: bountyManagerBytecode, args: [registry], account, chain: client.chain ?? null });
    const bm = await waitForTransactionReceipt(client, { hash: bmHash });
    if (bm.status !== 'success' || !bm.contractAddress) {
      throw new ContractRevertedError({ functionName: ctx.functionName, reason: 'deployment reverted', txHash: bmHash, gasUsed: bm.gasUsed });
    }
    const deployer: Address = typeof account === 'string' ? account : account.address;
    return {
      chainId,
      ...(ctx.url ? { rpcUrl: ctx.url } : {}),
      deployer,
      blockNumber: Number(receipt.blockNumber),
      contracts: { VerifierRegistry: registry, BountyManager: getAddress(bm.contractAddress) },
      hash,
      gasUsed: receipt.gasUsed + bm.gasUsed,
    };
  } catch (e) {
    if (e instanceof ChainError) throw e;
    throw toChainError(e, ctx);
  }
}
