import { concat, numberToHex, parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import type { Proof, PublicSignals } from 'snarkjs';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { claimHashFromSignalsHash, PROOF_WORDS, toVerifyArgs, type Scheme } from './calldata.js';
import { ChainError, ContractRevertedError, toChainError } from './errors.js';
import { clientUrl, resolveAccount, type AccountLike, type ChainClient } from './types.js';

/**
 * The gas limit every verification is sent with. snarkjs's PLONK/FFLONK verifiers return
 * false (rather than revert) when a precompile runs out of gas, so eth_estimateGas can settle
 * on too little; the transaction always carries an explicit limit instead. Measured use is
 * ~0.25M (Groth16) to ~0.5M (PLONK); the limit only caps what can be spent.
 */
export const VERIFY_GAS_LIMIT = 1_500_000n;

/**
 * The default limit for a proof with `nPublic` public signals: VERIFY_GAS_LIMIT, raised for large
 * Groth16 keys, whose check needs ~200k + 6.5k per full-width signal (Groth16.gasNeeded) — e.g.
 * 3.0M for the largest key the registry takes (375 signals). PLONK/FFLONK costs barely depend on it.
 */
export function verifyGasLimit(nPublic: number): bigint {
  const scaled = 400_000n + 7_000n * BigInt(Math.max(0, Math.ceil(nPublic)));
  return scaled > VERIFY_GAS_LIMIT ? scaled : VERIFY_GAS_LIMIT;
}

export interface VerifyOnChainParameters {
  registry: Address;
  circuitId: Hex;
  scheme: Scheme;
  /** snarkjs proof JSON (or the 8/24 words already converted). */
  proof: Proof | Record<string, unknown> | readonly bigint[];
  publicSignals: PublicSignals | readonly bigint[];
  account?: AccountLike;
  /** Gas limit; default verifyGasLimit(publicSignals.length) (VERIFY_GAS_LIMIT up to 157 signals). Never estimated. */
  gas?: bigint;
  /**
   * Run the call first (eth_call, same gas limit) and throw its decoded custom error without
   * sending anything when it would revert. Default true.
   */
  simulate?: boolean;
}

export interface ProofVerifiedEvent {
  prover: Address;
  circuitId: Hex;
  publicSignalsHash: Hex;
  /** Not in the log: keccak256(circuitId ‖ publicSignalsHash), computed here from its topics. */
  claimHash: Hex;
}

export interface VerifyOnChainReturnType {
  hash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  /** Always true: an invalid proof reverts and throws ContractRevertedError instead. */
  result: true;
  claimHash: Hex;
  event: ProofVerifiedEvent;
}

/**
 * Verifies a proof on chain through VerifierRegistry.verify, which records the claim. Sends with
 * an explicit gas limit, waits for the receipt, and returns the decoded ProofVerified event.
 * Throws ContractRevertedError (errorName e.g. InvalidProof, UnknownCircuit,
 * ClaimAlreadyRecorded, SignalNotInField, VerifierOutOfGas), NoChainError,
 * TransactionRejectedError or WrongChainError.
 */
export async function verifyOnChain(client: ChainClient, params: VerifyOnChainParameters): Promise<VerifyOnChainReturnType> {
  const { registry, circuitId } = params;
  const ctx = { url: clientUrl(client), functionName: 'verify' };
  const args = Array.isArray(params.proof)
    ? { proof: params.proof as readonly bigint[], publicSignals: (params.publicSignals as readonly unknown[]).map((s) => BigInt(s as string)) }
    : toVerifyArgs(params.scheme, params.proof as Proof, params.publicSignals);
  const gas = params.gas ?? verifyGasLimit(args.publicSignals.length);
  // A Groth16 proof goes through verifyGroth16, the compact layout (calldata.ts encodeVerifyGroth16:
  // the ABI head selector ‖ circuitId ‖ 8 proof words, then the signals as a suffix, ~570 gas
  // less); anything else (PLONK/FFLONK, or a malformed proof, so that the contract names the
  // problem) through verify.
  const verifyCall = { address: registry, abi: verifierRegistryAbi, functionName: 'verify', args: [circuitId, args.proof, args.publicSignals], gas } as const;
  const compact = params.scheme === 'groth16' && args.proof.length === PROOF_WORDS.groth16;
  // (typed as verify's call for viem's overloads; the shapes differ only in name, args and suffix)
  const call: typeof verifyCall = compact
    ? ({
      address: registry, abi: verifierRegistryAbi, functionName: 'verifyGroth16',
      args: [circuitId, args.proof as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]],
      dataSuffix: args.publicSignals.length ? concat(args.publicSignals.map((x) => numberToHex(x, { size: 32 }))) : undefined,
      gas,
    } as unknown as typeof verifyCall)
    : verifyCall;
  let hash: Hash | undefined;
  try {
    const account = resolveAccount(client, params.account);
    if (params.simulate !== false) await simulateContract(client, { ...call, account });
    hash = await writeContract(client, { ...call, account, chain: client.chain ?? null });
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success') {
      // Replay on the block's state for the reason (e.g. a claim recorded earlier in the block).
      let decoded: ContractRevertedError | undefined;
      try {
        await simulateContract(client, { ...call, account, blockNumber: receipt.blockNumber });
      } catch (e) {
        const err = toChainError(e, ctx);
        if (err instanceof ContractRevertedError) decoded = err;
      }
      throw new ContractRevertedError({
        functionName: 'verify', errorName: decoded?.errorName, args: decoded?.args,
        reason: decoded ? undefined : 'reverted on chain', txHash: hash, gasUsed: receipt.gasUsed,
      });
    }
    const [ev] = parseEventLogs({ abi: verifierRegistryAbi, eventName: 'ProofVerified', logs: receipt.logs })
      .filter((l) => l.address.toLowerCase() === registry.toLowerCase());
    if (!ev) throw new ChainError('verify succeeded but emitted no ProofVerified event', { details: { hash } });
    // The event carries circuitId and publicSignalsHash; the claim hash is derived from them.
    const event: ProofVerifiedEvent = { ...ev.args, claimHash: claimHashFromSignalsHash(ev.args.circuitId, ev.args.publicSignalsHash) };
    return { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, gasLimit: gas, result: true, claimHash: event.claimHash, event };
  } catch (e) {
    throw toChainError(e, { ...ctx, txHash: hash });
  }
}
