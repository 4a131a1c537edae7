/**
 * The deployment file the app reads (written at run time by `npm start` to dist/deployments.json
 * and public/deployments.json, or by `npx tsx scripts/chain.ts`; never committed).
 */
import { getAddress, isAddress, type Address } from 'viem';
import { ChainError } from './errors.js';

export interface Deployments {
  chainId: number;
  /** The node the deployment was made on (a hint for the app; the wallet may use another URL). */
  rpcUrl?: string;
  deployer: Address;
  /** Block of the deployment: the first block worth searching for events. */
  blockNumber: number;
  /** BountyManager (bounties on top of the registry) is absent from deployments made before it existed. */
  contracts: { VerifierRegistry: Address; BountyManager?: Address };
  /** True on a development node (anvil): its accounts' keys are public, nothing there is of value. */
  development?: boolean;
}

/** Validates parsed JSON as Deployments (throws ChainError saying what is wrong). */
export function parseDeployments(json: unknown): Deployments {
  const bad = (m: string): never => { throw new ChainError(`deployments.json: ${m}`); };
  if (typeof json !== 'object' || json === null) return bad('not an object');
  const o = json as Record<string, unknown>;
  if (!Number.isSafeInteger(o.chainId) || (o.chainId as number) <= 0) bad('chainId must be a positive integer');
  if (typeof o.deployer !== 'string' || !isAddress(o.deployer)) bad('deployer must be an address');
  if (!Number.isSafeInteger(o.blockNumber) || (o.blockNumber as number) < 0) bad('blockNumber must be a non-negative integer');
  if (o.rpcUrl !== undefined && typeof o.rpcUrl !== 'string') bad('rpcUrl must be a string');
  if (o.development !== undefined && typeof o.development !== 'boolean') bad('development must be a boolean');
  const c = o.contracts as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) return bad('contracts missing');
  if (typeof c.VerifierRegistry !== 'string' || !isAddress(c.VerifierRegistry)) bad('contracts.VerifierRegistry must be an address');
  if (c.BountyManager !== undefined && (typeof c.BountyManager !== 'string' || !isAddress(c.BountyManager))) bad('contracts.BountyManager must be an address');
  return {
    chainId: o.chainId as number,
    ...(o.rpcUrl !== undefined ? { rpcUrl: o.rpcUrl as string } : {}),
    deployer: getAddress(o.deployer as string),
    blockNumber: o.blockNumber as number,
    contracts: {
      VerifierRegistry: getAddress(c.VerifierRegistry as string),
      ...(c.BountyManager !== undefined ? { BountyManager: getAddress(c.BountyManager as string) } : {}),
    },
    ...(o.development !== undefined ? { development: o.development as boolean } : {}),
  };
}
