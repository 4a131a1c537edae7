import { parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import { getLogs, readContract } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { BOUNTY_STATES, type BountyState, type BountyTerms } from './bounty-calldata.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface GetBountyParameters {
  manager: Address;
  bountyId: bigint;
  /** First block to search for the BountyCreated event (default 0; the deployment's block is enough). */
  fromBlock?: bigint;
}

export interface BountyInfo {
  bountyId: bigint;
  terms: BountyTerms;
  termsHash: Hex;
  datasetCid: string;
  state: BountyState;
  hunters: number;
  /** The best hunter so far (the winner once Awarded), null before any batch proof. */
  leader: Address | null;
  leaderCorrect: number;
  /** Wei the bounty still holds; 0 in a final state once every stake is returned. */
  held: bigint;
  /** The creation transaction. */
  createdIn: Hash;
}

/** A bounty's terms (from its BountyCreated event) and current state; null when there is no such bounty. */
export async function getBounty(client: ChainClient, p: GetBountyParameters): Promise<BountyInfo | null> {
  try {
    const [termsHash, state, hunters, leader, leaderCorrect, held] = await readContract(client, {
      address: p.manager, abi: bountyManagerAbi, functionName: 'getBounty', args: [p.bountyId],
    });
    if (state === 0) return null;
    const logs = await getLogs(client, { address: p.manager, fromBlock: p.fromBlock ?? 0n, toBlock: 'latest' });
    const ev = parseEventLogs({ abi: bountyManagerAbi, eventName: 'BountyCreated', logs }).find((l) => l.args.bountyId === p.bountyId);
    if (!ev) return null;
    return {
      bountyId: p.bountyId,
      terms: ev.args.terms as BountyTerms,
      termsHash,
      datasetCid: ev.args.datasetCid,
      state: BOUNTY_STATES[state],
      hunters: Number(hunters),
      leader: Number(leaderCorrect) === 0 && leader === '0x0000000000000000000000000000000000000000' ? null : leader,
      leaderCorrect: Number(leaderCorrect),
      held,
      createdIn: ev.transactionHash,
    };
  } catch (e) {
    throw toChainError(e, { url: clientUrl(client), functionName: 'getBounty' });
  }
}
