import { getAddress, keccak256, type Address, type Hash, type Hex } from 'viem';
import { deployContract, getCode, waitForTransactionReceipt } from 'viem/actions';
import { ChainError, ContractRevertedError, toChainError } from './errors.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';

export interface DeployVerifierParameters {
  /** Creation bytecode of a compiled snarkjs PLONK/FFLONK verifier (no constructor arguments). */
  bytecode: Hex;
  account?: AccountLike;
}

export interface DeployVerifierReturnType {
  address: Address;
  /** keccak256 of the deployed runtime code: what the circuit id commits to. */
  codeHash: Hex;
  /** Runtime code size in bytes (EIP-170: at most 24,576). */
  size: number;
  hash: Hash;
  gasUsed: bigint;
}

/** Deploys a verifier contract (to register with `registerCircuit`) and reads back its code. */
export async function deployVerifier(client: ChainClient, params: DeployVerifierParameters): Promise<DeployVerifierReturnType> {
  const account = resolveAccount(client, params.account);
  const ctx = { url: clientUrl(client), functionName: 'deploy verifier' };
  try {
    const hash = await deployContract(client, { abi: [], bytecode: params.bytecode, account, chain: client.chain ?? null });
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new ContractRevertedError({ functionName: ctx.functionName, reason: 'deployment reverted (over 24,576 bytes?)', txHash: hash, gasUsed: receipt.gasUsed });
    }
    const code = await getCode(client, { address: receipt.contractAddress });
    if (!code || code === '0x') throw new ChainError('the verifier deployed no code');
    return { address: getAddress(receipt.contractAddress), codeHash: keccak256(code), size: (code.length - 2) / 2, hash, gasUsed: receipt.gasUsed };
  } catch (e) {
    if (e instanceof ChainError) throw e;
    throw toChainError(e, ctx);
  }
}
