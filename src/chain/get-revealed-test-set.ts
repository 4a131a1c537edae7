import { decodeFunctionData, hexToBytes, keccak256, parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import { getLogs, getTransaction } from 'viem/actions';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { ChainError, toChainError } from './errors.js';
import { clientUrl, type ChainClient } from './types.js';

export interface GetRevealedTestSetParameters {
  manager: Address;
  bountyId: bigint;
  fromBlock?: bigint;
}

export interface RevealedTestSet {
  /** R (PROTOCOL §5), read from the reveal transaction's calldata and checked against the logged hash. */
  data: Uint8Array;
  dataHash: Hex;
  rho: bigint;
  e: bigint;
  transactionHash: Hash;
}

/**
 * The revealed test set of a bounty (null before the reveal): the contract logs only keccak256(R);
 * R itself is read from the reveal transaction's input (a contract wallet calling through another
 * contract is not supported: the reveal must be a direct call).
 */
export async function getRevealedTestSet(client: ChainClient, p: GetRevealedTestSetParameters): Promise<RevealedTestSet | null> {
  try {
    const logs = await getLogs(client, { address: p.manager, fromBlock: p.fromBlock ?? 0n, toBlock: 'latest' });
    const ev = parseEventLogs({ abi: bountyManagerAbi, eventName: 'TestSetRevealed', logs }).find((l) => l.args.bountyId === p.bountyId);
    if (!ev) return null;
    const tx = await getTransaction(client, { hash: ev.transactionHash });
    const call = decodeFunctionData({ abi: bountyManagerAbi, data: tx.input });
    if (call.functionName !== 'reveal') throw new ChainError(`transaction ${ev.transactionHash} is not a direct reveal call`, { details: { hash: ev.transactionHash } });
    const data = hexToBytes(call.args[2]);
    if (keccak256(data) !== ev.args.dataHash) throw new ChainError('the reveal calldata does not match the logged hash', { details: { hash: ev.transactionHash } });
    return { data, dataHash: ev.args.dataHash, rho: ev.args.rho, e: ev.args.e, transactionHash: ev.transactionHash };
  } catch (e) {
    throw toChainError(e, { url: clientUrl(client), functionName: 'getRevealedTestSet' });
  }
}
