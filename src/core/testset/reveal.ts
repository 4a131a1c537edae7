/**
 * The reveal (docs/PROTOCOL.md §5): the calldata R = P_0 ‖ … ‖ P_{K−1}, its fingerprint (ρ, e) as the
 * contract computes it, and the hunter's reading of R back into a test set.
 *
 *   const R = revealCalldata(ts);                 // the bytes the provider sends
 *   const { rho, e } = revealEval(R);             // what the contract computes
 *   const ts2 = testSetFromReveal(R, { B, S, C }); // what a hunter rebuilds (same testRoot)
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { P } from '../field.js';
import { polyEval } from '../witness/poly-eval.js';
import { batchLeaf } from '../witness/batch-leaf.js';
import { merkleDepth, merkleRoot } from '../witness/merkle-root.js';
import { TestSetError } from './errors.js';
import { ELEMENT_BYTES, SALT_BYTES, bytesToElements, testBatchElements } from './layout.js';
import { checkClasses, type TestSet, type TestSetBatch } from './commit.js';

/** R = P_0 ‖ P_1 ‖ … ‖ P_{K−1}: every batch payload, already padded, in batch order. */
export function revealCalldata(ts: Pick<TestSet, 'batches'>): Uint8Array {
  const total = ts.batches.reduce((n, b) => n + b.payload.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of ts.batches) { out.set(b.payload, at); at += b.payload.length; }
  return out;
}

/** ρ = uint256(keccak256(R)) mod p. */
export function revealRho(R: Uint8Array): bigint {
  let h = 0n;
  for (const b of keccak_256(R)) h = (h << 8n) | BigInt(b);
  return h % P;
}

/**
 * The contract's side of the reveal: ρ = uint256(keccak256(R)) mod p, and e = Σ_i d_i · ρ^i mod p over
 * R read as n = |R| / 31 big-endian 31-byte elements d_i (|R| must be a multiple of 31).
 */
export function revealEval(R: Uint8Array): { rho: bigint; e: bigint; elements: bigint[] } {
  const elements = bytesToElements(R);
  if (elements.length === 0) throw new TestSetError('calldata', 'the reveal is empty');
  const rho = revealRho(R);
  return { rho, e: polyEval(elements, rho), elements };
}

export interface RevealShape {
  /** samples per batch */
  B: number;
  /** bytes per sample */
  S: number;
  /** number of classes */
  C: number;
}

/**
 * A hunter's reading of revealed bytes: splits R into batches of m = 1 + ⌈(B·S + B)/31⌉ elements,
 * refuses a length that is not a whole number of batches, non-zero padding and labels ≥ C (the
 * accuracy circuit could not open such a batch), and recomputes every leaf and the root. Compare
 * `testRoot` with the bounty's before proving anything.
 */
export function testSetFromReveal(R: Uint8Array, { B, S, C }: RevealShape): TestSet {
  checkClasses(C);
  if (!Number.isInteger(B) || B < 1) throw new TestSetError('batch-size', `the batch size must be a positive integer, got ${B}`, { batch: B });
  if (!Number.isInteger(S) || S < 1) throw new TestSetError('sample-size', `the sample size must be a positive integer, got ${S}`, { expected: S });
  const m = testBatchElements(B, S);
  const size = m * ELEMENT_BYTES;
  if (R.length === 0 || R.length % size !== 0) {
    throw new TestSetError('calldata', `${R.length} bytes are not a whole number of ${size}-byte batches`, { length: R.length, batchBytes: size });
  }
  const K = R.length / size;
  const data = SALT_BYTES + B * S + B;
  const batches: TestSetBatch[] = [];
  const salts: Uint8Array[] = [];
  for (let k = 0; k < K; k++) {
    const payload = R.slice(k * size, (k + 1) * size);
    for (let t = data; t < size; t++) {
      if (payload[t] !== 0) throw new TestSetError('calldata', `batch ${k}: padding byte ${t} is not zero`, { batch: k, byte: t });
    }
    for (let b = 0; b < B; b++) {
      const y = payload[SALT_BYTES + B * S + b];
      if (y >= C) throw new TestSetError('label', `batch ${k}: label ${b} (${y}) is not a class in [0, ${C})`, { batch: k, sample: b, label: y, classes: C });
    }
    batches.push({ payload, elements: bytesToElements(payload) });
    salts.push(payload.slice(0, SALT_BYTES));
  }
  const batchRoots = batches.map((b, k) => batchLeaf(k, b.elements));
  const D = merkleDepth(K);
  return { B, S, C, K, m, D, batches, batchRoots, testRoot: merkleRoot(batchRoots, D), salts };
}
