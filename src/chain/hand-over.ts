import type { Address, Hash } from 'viem';
import { BOUNTY_GAS, type BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface HandOverParameters {
  manager: Address;
  bountyId: bigint;
  terms: BountyTerms;
  /** PoseidonEncrypt(modelLimbs, ECDH(hunterSk, providerPub), nonce) (PROTOCOL §7), words < p. */
  ciphertext: readonly bigint[];
  hunterPubX: bigint;
  hunterPubY: bigint;
  nonce: bigint;
  /** Hand-over Groth16 proof, 8 words; public signals [commitment, hunterPubX, hunterPubY, e, providerPubX, providerPubY, nonce, ρ]. */
  proof: readonly bigint[];
  account?: AccountLike;
  /** Default BOUNTY_GAS.handOver(ciphertext.length); never estimated. */
  gas?: bigint;
}

export interface HandOverReturnType {
  hash: Hash;
  gasUsed: bigint;
}

/**
 * The winner hands its encrypted model over (logged in ModelHandedOver, never stored); the reward
 * and its stake are credited. Throws ContractRevertedError (InvalidProof, NotWinner, TooLate, NotInField, …).
 */
export async function handOver(client: ChainClient, p: HandOverParameters): Promise<HandOverReturnType> {
  const r = await sendBountyTx(client, {
    manager: p.manager, functionName: 'handOver',
    args: [p.bountyId, p.terms, p.ciphertext, p.hunterPubX, p.hunterPubY, p.nonce, p.proof],
    gas: p.gas ?? BOUNTY_GAS.handOver(p.ciphertext.length), account: p.account,
  });
  return { hash: r.hash, gasUsed: r.gasUsed };
}
