import { parseEventLogs, zeroAddress, type Address, type Hash, type Hex, type Log } from 'viem';
import { getLogs } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import type { BountyState, BountyTerms } from './bounty-calldata.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface HunterView {
  hunter: Address;
  order: number;
  arch: number;
  commitment: bigint;
  correct: number;
  /** Batch indices proved, in the order they were proved. */
  batches: number[];
  /** Stake paid out (returned, or with the reward, or to the provider). */
  settled: boolean;
}

export interface BountyView {
  bountyId: bigint;
  provider: Address;
  terms: BountyTerms;
  termsHash: Hex;
  datasetCid: string;
  state: BountyState;
  hunters: HunterView[];
  reveal?: { dataHash: Hex; rho: bigint; e: bigint; transactionHash: Hash };
  winner?: Address;
  winnerCorrect?: number;
  handOver?: { hunterPubX: bigint; hunterPubY: bigint; nonce: bigint; ciphertext: readonly bigint[]; transactionHash: Hash };
  /** Wei credited from this bounty, per account. */
  credited: Map<Address, bigint>;
}

export interface RebuildBountiesParameters {
  manager: Address;
  /** First block to read (the deployment's block). */
  fromBlock?: bigint;
  toBlock?: bigint;
  /** Logs already fetched (e.g. by a watcher), instead of reading them. */
  logs?: Log[];
}

/**
 * Rebuilds every bounty from BountyManager's events alone (every transition emits one): terms,
 * hunters and their totals, the reveal, the winner, the hand-over's ciphertext, credits. The state
 * equals the contract's `getBounty` state at the same block (src/chain/bounty.test.ts checks it).
 */
export async function rebuildBounties(client: ChainClient, p: RebuildBountiesParameters): Promise<Map<bigint, BountyView>> {
  try {
    const logs = p.logs ?? await getLogs(client, { address: p.manager, fromBlock: p.fromBlock ?? 0n, toBlock: p.toBlock ?? 'latest' });
    const events = parseEventLogs({ abi: bountyManagerAbi, logs: logs.filter((l) => l.address.toLowerCase() === p.manager.toLowerCase()) });
    const out = new Map<bigint, BountyView>();
    const hunter = (b: BountyView, a: Address) => b.hunters.find((h) => h.hunter.toLowerCase() === a.toLowerCase());
    for (const ev of events) {
      if (ev.eventName === 'Withdrawn') continue;
      const id = ev.args.bountyId;
      if (ev.eventName === 'BountyCreated') {
        out.set(id, {
          bountyId: id, provider: ev.args.provider, terms: ev.args.terms as BountyTerms, termsHash: ev.args.termsHash,
          datasetCid: ev.args.datasetCid, state: 'Open', hunters: [], credited: new Map(),
        });
        continue;
      }
      const b = out.get(id);
      if (!b) continue; // created before fromBlock
      switch (ev.eventName) {
        case 'Committed':
          b.hunters.push({ hunter: ev.args.hunter, order: Number(ev.args.order), arch: Number(ev.args.arch), commitment: ev.args.commitment, correct: 0, batches: [], settled: false });
          break;
        case 'TestSetRevealed':
          b.state = 'Revealed';
          b.reveal = { dataHash: ev.args.dataHash, rho: ev.args.rho, e: ev.args.e, transactionHash: ev.transactionHash };
          break;
        case 'BatchProved': {
          const h = hunter(b, ev.args.hunter);
          if (h) { h.correct = Number(ev.args.total); h.batches.push(Number(ev.args.batchIndex)); }
          break;
        }
        case 'Finalized':
          if (ev.args.winner === zeroAddress) b.state = 'NoWinner';
          else { b.state = 'Awarded'; b.winner = ev.args.winner; b.winnerCorrect = Number(ev.args.correct); }
          break;
        case 'ModelHandedOver': {
          b.state = 'HandedOver';
          b.handOver = { hunterPubX: ev.args.hunterPubX, hunterPubY: ev.args.hunterPubY, nonce: ev.args.nonce, ciphertext: ev.args.ciphertext, transactionHash: ev.transactionHash };
          const h = hunter(b, ev.args.winner);
          if (h) h.settled = true;
          break;
        }
        case 'HandoverMissed': {
          b.state = 'HandoverMissed';
          const h = hunter(b, ev.args.winner);
          if (h) h.settled = true;
          break;
        }
        case 'RevealMissed':
          b.state = 'Unrevealed';
          break;
        case 'StakeReturned': {
          const h = hunter(b, ev.args.hunter);
          if (h) h.settled = true;
          break;
        }
        case 'Credited':
          b.credited.set(ev.args.account, (b.credited.get(ev.args.account) ?? 0n) + ev.args.amount);
          break;
      }
    }
    return out;
  } catch (e) {
    throw toChainError(e, { url: clientUrl(client), functionName: 'rebuildBounties' });
  }
}
