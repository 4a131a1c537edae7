/**
 * What the chain service tells the UI. Plain data (addresses and hashes as 0x strings, big numbers
 * as decimal strings) so it can be kept with a project in IndexedDB and shown as is.
 */
import type * as snarkjs from 'snarkjs';
import type { Scheme } from '../../zk/ptau.js';
import type { StoredOnChainReceipt } from '../store/projects.js';

export type Hex0x = `0x${string}`;

/** An injected browser wallet (EIP-1193, `window.ethereum`). Here, not in eip1193.ts, so the eager UI stays free of viem. */
export interface Eip1193Provider {
  request(args: { method: string; params?: readonly unknown[] | Record<string, unknown> }): Promise<unknown>;
}

export function isEip1193Provider(x: unknown): x is Eip1193Provider {
  return typeof x === 'object' && x !== null && typeof (x as { request?: unknown }).request === 'function';
}

/** Who sends the transactions. */
export type WalletInfo =
  /** anvil's development account #0, signed in the page (deployments.json says `development: true`) */
  | { kind: 'development'; address: Hex0x; label: string }
  /** window.ethereum; `address` once it has shared one, `chainId` the chain it is on now */
  | { kind: 'injected'; address?: Hex0x; chainId?: number; label: string }
  /** reads only: no wallet and not a development chain */
  | { kind: 'none'; label: string };

export type ChainProblem = 'not-configured' | 'unreachable' | 'wrong-chain' | 'no-registry' | 'error';

export type ChainStatus =
  | {
    state: 'ready';
    chainId: number;
    /** the node the app reads from */
    rpcUrl: string;
    registry: Hex0x;
    /** block of the deployment (first block worth searching for events) */
    deploymentBlock: number;
    development: boolean;
    wallet: WalletInfo;
  }
  | { state: 'unavailable'; problem: ChainProblem; message: string; error: unknown };

/** The proof to put on chain (the studio's keys and proof). */
export interface OnChainRequest {
  scheme: Scheme;
  vkey: snarkjs.VerificationKey;
  proof: snarkjs.Proof;
  publicSignals: string[];
}

export type VerifyStage = 'connecting' | 'checking-circuit' | 'registering' | 'verifying' | 'done';

export type Registration =
  | { status: 'registered'; txHash: Hex0x; gasUsed: string }
  | { status: 'already-registered'; owner: Hex0x };

export interface VerifyOutcome {
  /** 'verified': this transaction recorded the claim; 'already-recorded': someone recorded it before (no transaction sent) */
  status: 'verified' | 'already-recorded';
  registration: Registration;
  receipt: StoredOnChainReceipt;
}

export type ClaimLookup =
  | { status: 'recorded'; chainId: number; registry: Hex0x; circuitId: Hex0x; claimHash: Hex0x; prover: Hex0x; blockNumber: string; txHash: Hex0x | null }
  | { status: 'not-recorded'; chainId: number; registry: Hex0x; circuitId: Hex0x; claimHash: Hex0x; circuitRegistered: boolean }
  /** PLONK/FFLONK ids hash the deployed verifier's code, which a link does not carry */
  | { status: 'unsupported'; reason: string }
  | { status: 'unavailable'; problem: ChainProblem; message: string };

/** Whether a key's circuit is registered on the connected chain (share links: a circuit the user can know), and by whom. */
export type CircuitLookup =
  | { status: 'registered'; chainId: number; registry: Hex0x; circuitId: Hex0x; owner: Hex0x }
  | { status: 'not-registered'; chainId: number; registry: Hex0x; circuitId: Hex0x }
  /** PLONK/FFLONK ids hash the deployed verifier's code, which a link does not carry */
  | { status: 'unsupported'; reason: string }
  | { status: 'unavailable'; problem: ChainProblem; message: string };
