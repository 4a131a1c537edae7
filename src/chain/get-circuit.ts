import { zeroAddress, type Address, type Hex } from 'viem';
import { readContract } from 'viem/actions';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { SCHEME_BY_ID, type Scheme } from './calldata.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface GetCircuitParameters {
  registry: Address;
  circuitId: Hex;
}

export interface RegisteredCircuit {
  circuitId: Hex;
  scheme: Scheme;
  /** Groth16: the key's data contract; PLONK/FFLONK: the verifier contract. */
  logic: Address;
  nPublic: number;
  /** Who registered it. */
  owner: Address;
}

export type GetCircuitReturnType = RegisteredCircuit | null;

/** The registered circuit under `circuitId`, or null. */
export async function getCircuit(client: ChainClient, params: GetCircuitParameters): Promise<GetCircuitReturnType> {
  try {
    const [scheme, logic, nPublic, owner] = await readContract(client, {
      address: params.registry, abi: verifierRegistryAbi, functionName: 'getCircuit', args: [params.circuitId],
    });
    const s = SCHEME_BY_ID[scheme];
    if (!s || logic === zeroAddress) return null;
    return { circuitId: params.circuitId, scheme: s, logic, nPublic, owner };
  } catch (e) {
    throw toChainError(e, { url: clientUrl(client), functionName: 'getCircuit' });
  }
}
