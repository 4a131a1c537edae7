import { toHex, type Address, type Hash, type Hex } from 'viem';
import { BOUNTY_GAS, revealChallenge, type BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface RevealTestSetParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  /** R = P_0 ‖ … ‖ P_{K−1} (PROTOCOL §4–5), each batch payload padded to 31-byte chunks. */
  data: Uint8Array;
  /** The RevealTestSet Groth16 proof as 8 words (proofToCalldata), public signals [testRoot, e, ρ]. */
  proof: readonly bigint[];
  account?: AccountLike;
  /** Default BOUNTY_GAS.reveal(data.length); never estimated. */
  gas?: bigint;
}

export interface RevealTestSetReturnType {
  dataHash: Hex;
  rho: bigint;
  e: bigint;
  hash: Hash;
  gasUsed: bigint;
}

/**
 * The provider reveals the test set as calldata (only its hash is logged) with the proof that it
 * hashes to the bounty's testRoot; its bond is credited back. ρ and e are what the contract
 * computes (`revealChallenge`), so the proof must be made for them. Throws ContractRevertedError
 * (InvalidProof, BadRevealLength, TooEarly, TooLate, NoHunters, NotProvider, VerifierOutOfGas, …).
 */
export async function revealTestSet(client: ChainClient, p: RevealTestSetParameters): Promise<RevealTestSetReturnType> {
  const { dataHash, rho, e } = revealChallenge(p.data);
  const r = await sendBountyTx(client, {
    manager: p.manager, functionName: 'reveal', args: [p.bountyId, p.terms, toHex(p.data), p.proof],
    gas: p.gas ?? BOUNTY_GAS.reveal(p.data.length), account: p.account ?? client.account ?? p.terms.provider,
  });
  return { dataHash, rho, e, hash: r.hash, gasUsed: r.gasUsed };
}
