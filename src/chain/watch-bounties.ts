import type { Address, Log } from 'viem';
import { watchContractEvent } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import type { BountyEventLog } from './send-bounty-tx.js';
import { toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface WatchBountiesParameters {
  manager: Address;
  /** Decoded BountyManager events as they are mined (every transition emits one), with their raw logs for `rebuildBounties({ logs })`. */
  onEvents: (events: BountyEventLog[], logs: Log[]) => void;
  onError?: (e: Error) => void;
  /** Polling interval in ms (HTTP transports poll). */
  pollingInterval?: number;
  /** Deliver events from this block on (e.g. the deployment's), then the new ones; default: new ones only. */
  fromBlock?: bigint;
}

/** Watches BountyManager's events; returns the function that stops watching. */
export function watchBounties(client: ChainClient, p: WatchBountiesParameters): () => void {
  return watchContractEvent(client, {
    address: p.manager,
    abi: bountyManagerAbi,
    pollingInterval: p.pollingInterval,
    ...(p.fromBlock !== undefined ? { fromBlock: p.fromBlock } : {}),
    onLogs: (logs) => p.onEvents(logs as unknown as BountyEventLog[], logs as unknown as Log[]),
    onError: (e) => p.onError?.(toChainError(e, { url: clientUrl(client), functionName: 'watchBounties' })),
  });
}
