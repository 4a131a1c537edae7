import { keccak256, parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import type { VerificationKey } from 'snarkjs';
import { getCode, simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { SCHEME_ID, circuitIdOf, groth16VkPublicCount, groth16VkToBytes } from './calldata.js';
import { ChainError, ContractRevertedError, toChainError } from './errors.js';
import { getCircuit, type RegisteredCircuit } from './get-circuit.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';

export type CircuitToRegister =
  /** A Groth16 circuit, by its snarkjs verification key (stored in the registry). */
  | { scheme: 'groth16'; vkey: VerificationKey | Record<string, unknown> }
  /** A deployed snarkjs PLONK/FFLONK verifier contract (see deployVerifier). */
  | { scheme: 'plonk' | 'fflonk'; verifier: Address; nPublic: number };

export type RegisterCircuitParameters = CircuitToRegister & {
  registry: Address;
  account?: AccountLike;
};

export type RegisterCircuitReturnType =
  | { status: 'registered'; circuitId: Hex; circuit: RegisteredCircuit; hash: Hash; gasUsed: bigint }
  /** Someone (maybe this account) registered the same logic before: same id, nothing sent. */
  | { status: 'already-registered'; circuitId: Hex; circuit: RegisteredCircuit };

/**
 * Registers a circuit, or finds it registered. The id is computed locally first (it is the hash
 * of the verification logic, the same on every chain) and compared with what the contract
 * derives; since the contract refuses to register an id twice, an id already present is
 * returned as `already-registered` without a transaction.
 */
export async function registerCircuit(client: ChainClient, params: RegisterCircuitParameters): Promise<RegisterCircuitReturnType> {
  const { registry } = params;
  const ctx = { url: clientUrl(client), functionName: 'register circuit' };
  try {
    let circuitId: Hex;
    let functionName: 'registerGroth16' | 'registerVerifier';
    let send: (account: AccountLike) => Promise<Hash>;
    const base = { address: registry, abi: verifierRegistryAbi } as const;
    if (params.scheme === 'groth16') {
      const vk = groth16VkToBytes(params.vkey);
      circuitId = circuitIdOf('groth16', groth16VkPublicCount(vk), keccak256(vk));
      functionName = 'registerGroth16';
      send = async (account) => {
        const { request } = await simulateContract(client, { ...base, account, functionName: 'registerGroth16', args: [vk] });
        return writeContract(client, { ...request, chain: client.chain ?? null });
      };
    } else {
      const code = await getCode(client, { address: params.verifier });
      if (!code || code === '0x') throw new ChainError(`no contract at ${params.verifier}`, { details: { verifier: params.verifier } });
      circuitId = circuitIdOf(params.scheme, params.nPublic, keccak256(code));
      functionName = 'registerVerifier';
      const args = [SCHEME_ID[params.scheme], params.verifier, params.nPublic] as const;
      send = async (account) => {
        const { request } = await simulateContract(client, { ...base, account, functionName: 'registerVerifier', args });
        return writeContract(client, { ...request, chain: client.chain ?? null });
      };
    }
    const existing = await getCircuit(client, { registry, circuitId });
    if (existing) return { status: 'already-registered', circuitId, circuit: existing };

    const account = resolveAccount(client, params.account);
    const hash = await send(account);
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success') throw new ContractRevertedError({ functionName, reason: 'reverted on chain', txHash: hash, gasUsed: receipt.gasUsed });
    const [ev] = parseEventLogs({ abi: verifierRegistryAbi, eventName: 'CircuitRegistered', logs: receipt.logs }).filter((l) => l.address.toLowerCase() === registry.toLowerCase());
    if (!ev) throw new ChainError('registration emitted no CircuitRegistered event', { details: { hash } });
    if (ev.args.circuitId !== circuitId) {
      throw new ChainError(`the contract derived circuit id ${ev.args.circuitId}, expected ${circuitId}`, { details: { hash } });
    }
    const circuit = await getCircuit(client, { registry, circuitId });
    if (!circuit) throw new ChainError('circuit not found after registration', { details: { hash } });
    return { status: 'registered', circuitId, circuit, hash, gasUsed: receipt.gasUsed };
  } catch (e) {
    throw toChainError(e, ctx);
  }
}
