import type { Address, Hash, Hex } from 'viem';
import { ChainError } from './errors.js';
import { termsHash, type BountyTerms } from './bounty-calldata.js';
import { sendBountyTx } from './send-bounty-tx.js';
import type { AccountLike, ChainClient } from './types.js';

export interface CreateBountyParameters {
  manager: Address;
  /** `terms.provider` must be the sending account. */
  terms: BountyTerms;
  /** Public dataset CID (optional; only logged in BountyCreated). */
  datasetCid?: string;
  account?: AccountLike;
}

export interface CreateBountyReturnType {
  bountyId: bigint;
  termsHash: Hex;
  hash: Hash;
  gasUsed: bigint;
}

/**
 * Creates a bounty, escrowing reward + bond (sent as value). The contract checks every circuit id
 * is registered with its protocol's number of public signals, the deadlines' order and the
 * provider's BabyJubJub key. Throws ContractRevertedError (e.g. CircuitNotRegistered,
 * CircuitSignalCount, BadTerms, BadProviderKey, NotProvider, WrongValue).
 */
export async function createBounty(client: ChainClient, p: CreateBountyParameters): Promise<CreateBountyReturnType> {
  const r = await sendBountyTx(client, {
    manager: p.manager, functionName: 'createBounty', args: [p.terms, p.datasetCid ?? ''],
    value: p.terms.reward + p.terms.bond, account: p.account ?? client.account ?? p.terms.provider,
  });
  const ev = r.events.find((x) => x.eventName === 'BountyCreated');
  if (!ev || ev.eventName !== 'BountyCreated') throw new ChainError('createBounty emitted no BountyCreated event', { details: { hash: r.hash } });
  const h = termsHash(p.terms);
  if (ev.args.termsHash !== h) throw new ChainError(`the contract stored terms hash ${ev.args.termsHash}, expected ${h}`, { details: { hash: r.hash } });
  return { bountyId: ev.args.bountyId, termsHash: h, hash: r.hash, gasUsed: r.gasUsed };
}
