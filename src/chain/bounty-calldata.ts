/**
 * Pure helpers for BountyManager (docs/PROTOCOL.md §4, §5, §7, §8): the terms type and hash, the
 * reveal's ρ and e over 31-byte chunks, the hand-over's ρ and e over ciphertext words, the gas
 * limits of the verify-bearing calls, and the ABI used to decode reverts (the bounty contract's
 * own errors plus the registry's, which bubble up through `verifyProof`).
 */
import { encodeAbiParameters, keccak256, toBytes, type Abi, type Address, type Hex } from 'viem';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { BN254_R } from './calldata.js';
import { verifyGasLimit } from './verify-on-chain.js';

/** The immutable terms of a bounty, as the contract's `Terms` struct (viem's types: uint32 → number, wider → bigint). */
export interface BountyTerms {
  provider: Address;
  reward: bigint;
  bond: bigint;
  stake: bigint;
  testRoot: bigint;
  n: number;
  batchSize: number;
  sampleBytes: number;
  /** C: the contract refuses a reveal with a label ≥ C (or non-zero padding). */
  classes: number;
  threshold: number;
  commitDeadline: bigint;
  revealDeadline: bigint;
  proveDeadline: bigint;
  handoverDeadline: bigint;
  providerPubX: bigint;
  providerPubY: bigint;
  revealCircuitId: Hex;
  accuracyCircuitIds: readonly Hex[];
  handoverCircuitIds: readonly Hex[];
}

/** States of a bounty, indexed by the contract's `State` enum. */
export const BOUNTY_STATES = ['None', 'Open', 'Revealed', 'Awarded', 'NoWinner', 'Unrevealed', 'HandedOver', 'HandoverMissed'] as const;
export type BountyState = (typeof BOUNTY_STATES)[number];
/** States in which nothing more happens but stake returns and withdrawals. */
export const FINAL_STATES: readonly BountyState[] = ['NoWinner', 'Unrevealed', 'HandedOver', 'HandoverMissed'];

/** BountyManager's ABI plus VerifierRegistry's errors, so that a revert inside `verifyProof` decodes too. */
export const bountyErrorsAbi = [
  ...bountyManagerAbi,
  ...verifierRegistryAbi.filter((x) => x.type === 'error' && !bountyManagerAbi.some((y) => y.type === 'error' && y.name === x.name)),
] as const satisfies Abi;

const termsParam = bountyManagerAbi.find((x) => x.type === 'function' && x.name === 'createBounty')!.inputs[0];

/** keccak256(abi.encode(terms)): what the contract stores and checks on every call. */
export function termsHash(t: BountyTerms): Hex {
  return keccak256(encodeAbiParameters([termsParam], [t as never]));
}

/** Bytes of a reveal: K batches of ⌈(31 + B·S + B)/31⌉ chunks of 31 bytes (PROTOCOL §4). */
export function revealLength(n: number, batchSize: number, sampleBytes: number): number {
  const chunks = Math.ceil((31 + batchSize * sampleBytes + batchSize) / 31);
  return (n / batchSize) * chunks * 31;
}

/** The big-endian 31-byte chunks d_i of `data` (its length a multiple of 31). */
export function chunks31(data: Uint8Array): bigint[] {
  if (data.length % 31 !== 0) throw new RangeError(`the test set is ${data.length} bytes, not a multiple of 31`);
  const out: bigint[] = [];
  for (let i = 0; i < data.length; i += 31) {
    let x = 0n;
    for (let j = i; j < i + 31; j++) x = (x << 8n) | BigInt(data[j]);
    out.push(x);
  }
  return out;
}

/** Σ x_i ρ^i mod p (Horner from the end, as the contract). */
export function evaluateAt(xs: readonly bigint[], rho: bigint): bigint {
  let e = 0n;
  for (let i = xs.length - 1; i >= 0; i--) e = (e * rho + xs[i]) % BN254_R;
  return e;
}

/** ρ = keccak256(R) mod p and e = Σ d_i ρ^i over R's 31-byte chunks (PROTOCOL §5). */
export function revealChallenge(data: Uint8Array | Hex): { dataHash: Hex; rho: bigint; e: bigint; chunks: bigint[] } {
  const bytes = typeof data === 'string' ? toBytes(data) : data;
  const dataHash = keccak256(bytes);
  const rho = BigInt(dataHash) % BN254_R;
  const chunks = chunks31(bytes);
  return { dataHash, rho, e: evaluateAt(chunks, rho), chunks };
}

/** ρ = keccak256(abi.encodePacked(ciphertext)) mod p and e = Σ c_i ρ^i (PROTOCOL §7). */
export function handoverChallenge(ciphertext: readonly bigint[]): { rho: bigint; e: bigint } {
  const packed = encodeAbiParameters(ciphertext.map(() => ({ type: 'uint256' })), ciphertext as bigint[]);
  const rho = BigInt(keccak256(packed)) % BN254_R;
  return { rho, e: evaluateAt(ciphertext, rho) };
}

/**
 * Gas limits of the verify-bearing calls, never estimated (a snarkjs verifier short of gas answers
 * `false`; anvil applies the EIP-7623 calldata floor of 40 gas per non-zero byte).
 */
export const BOUNTY_GAS = {
  /** A batch proof: one verification with 6 public signals plus the bounty's bookkeeping. */
  batchProof: verifyGasLimit(6) + 200_000n,
  /** The reveal of `bytes` of test set: floor-priced calldata, hashing, the evaluation, one verification. */
  reveal: (bytes: number): bigint => {
    const words = BigInt(Math.ceil(bytes / 32));
    return verifyGasLimit(3) + 300_000n + 44n * BigInt(bytes) + 80n * BigInt(Math.ceil(bytes / 31)) + (words * words) / 512n;
  },
  /** A hand-over with `words` ciphertext words: calldata (floor-priced), the event, one verification. */
  handOver: (words: number): bigint => verifyGasLimit(8) + 300_000n + 1_700n * BigInt(words),
} as const;
