import { parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import type { PublicSignals } from 'snarkjs';
import { getLogs, readContract } from 'viem/actions';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { claimHash as claimHashOf, claimHashFromSignalsHash, publicSignalsHash } from './calldata.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export type GetClaimParameters =
  | { registry: Address; claimHash: Hex }
  | { registry: Address; circuitId: Hex; publicSignals: PublicSignals | readonly bigint[] };

export interface RecordedClaim {
  claimHash: Hex;
  circuitId: Hex;
  publicSignalsHash: Hex;
  /** The first account that verified it. */
  prover: Address;
  blockNumber: bigint;
  /** The verify transaction (null only if the node has pruned the block's logs). */
  transactionHash: Hash | null;
}

export type GetClaimReturnType = RecordedClaim | null;

/**
 * Whether a claim (circuit + public signals) was verified on chain, by whom, in which block and
 * transaction. Null when it never was.
 */
export async function getClaim(client: ChainClient, params: GetClaimParameters): Promise<GetClaimReturnType> {
  const ctx = { url: clientUrl(client), functionName: 'getClaim' };
  try {
    const hash = 'claimHash' in params ? params.claimHash : claimHashOf(params.circuitId, params.publicSignals);
    const [prover, blockNumber] = await readContract(client, {
      address: params.registry, abi: verifierRegistryAbi, functionName: 'getClaim', args: [hash],
    });
    if (blockNumber === 0n) return null;
    const block = BigInt(blockNumber);
    const logs = await getLogs(client, { address: params.registry, fromBlock: block, toBlock: block });
    const ev = parseEventLogs({ abi: verifierRegistryAbi, eventName: 'ProofVerified', logs })
      .find((l) => claimHashFromSignalsHash(l.args.circuitId, l.args.publicSignalsHash) === hash);
    return {
      claimHash: hash,
      circuitId: ev?.args.circuitId ?? ('circuitId' in params ? params.circuitId : ('0x' as Hex)),
      publicSignalsHash: ev?.args.publicSignalsHash ?? ('publicSignals' in params ? publicSignalsHash(params.publicSignals) : ('0x' as Hex)),
      prover,
      blockNumber: block,
      transactionHash: ev?.transactionHash ?? null,
    };
  } catch (e) {
    throw toChainError(e, ctx);
  }
}
