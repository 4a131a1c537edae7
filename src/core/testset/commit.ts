/**
 * The provider's test-set commitment (docs/PROTOCOL.md §4): salted batch leaves and their Merkle
 * root. Pure and isomorphic (browser, worker, Node): no I/O; salts come from crypto.getRandomValues.
 *
 *   const ts = commitTestSet(samples, labels, 10, { classes: 10 });
 *   ts.testRoot        // publish at bounty creation
 *   ts.salts           // keep secret until the reveal
 *   testSetPath(ts, 3) // Merkle siblings of batch 3
 */
import { batchLeaf } from '../witness/batch-leaf.js';
import { merkleDepth, merkleRoot } from '../witness/merkle-root.js';
import { merkleSiblings } from '../witness/merkle-path.js';
import { TestSetError } from './errors.js';
import { SALT_BYTES, batchPayload, bytesToElements, testBatchElements } from './layout.js';

export interface TestSetBatch {
  /** P_k: salt ‖ samples ‖ labels ‖ zero padding, 31·m bytes. */
  payload: Uint8Array;
  /** d_{k,0..m}: the payload as big-endian 31-byte field elements (d_{k,0} is the salt). */
  elements: bigint[];
}

export interface TestSet {
  /** samples per batch */
  B: number;
  /** bytes per sample (the model's input size) */
  S: number;
  /** number of classes; every label is < C */
  C: number;
  /** number of batches, N / B */
  K: number;
  /** elements per batch payload, 1 + ⌈(B·S + B) / 31⌉ */
  m: number;
  /** Merkle depth, max(1, ⌈log2 K⌉) */
  D: number;
  batches: TestSetBatch[];
  /** batchRoot_k = PoseidonCommit(tag("batch/v1"), k, d_{k,0..m}) */
  batchRoots: bigint[];
  testRoot: bigint;
  /** the provider's secret until the reveal: 31 random bytes per batch */
  salts: Uint8Array[];
}

export interface CommitOptions {
  /** number of classes C ∈ [2, 256]; every label must be < C */
  classes: number;
  /** K salts of 31 bytes (default: fresh from crypto.getRandomValues) */
  salts?: readonly Uint8Array[];
  /** expected bytes per sample (default: the first sample's length) */
  sampleSize?: number;
}

/** A fresh salt: 31 bytes from crypto.getRandomValues. */
export function randomSalt(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

function checkClasses(C: number): void {
  if (!Number.isInteger(C) || C < 2 || C > 256) throw new TestSetError('classes', `the number of classes must be an integer in [2, 256], got ${C}`, { classes: C });
}

/** Validates the set and builds every batch payload, leaf and the root. */
export function commitTestSet(samples: readonly Uint8Array[], labels: readonly number[], B: number, opts: CommitOptions): TestSet {
  const C = opts.classes;
  checkClasses(C);
  if (samples.length !== labels.length) {
    throw new TestSetError('count', `${samples.length} samples but ${labels.length} labels`, { samples: samples.length, labels: labels.length });
  }
  const N = samples.length;
  if (!Number.isInteger(B) || B < 1 || N === 0 || N % B !== 0) {
    throw new TestSetError('batch-size', `the number of samples (${N}) must be a positive multiple of the batch size B = ${B}`, { samples: N, batch: B });
  }
  const S = opts.sampleSize ?? samples[0].length;
  if (!Number.isInteger(S) || S < 1) throw new TestSetError('sample-size', `the sample size must be a positive integer, got ${S}`, { expected: S });
  samples.forEach((x, i) => {
    if (x.length !== S) throw new TestSetError('sample-size', `sample ${i} has ${x.length} bytes, expected ${S}`, { sample: i, length: x.length, expected: S });
  });
  labels.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= C) throw new TestSetError('label', `label ${i} (${y}) is not a class in [0, ${C})`, { sample: i, label: y, classes: C });
  });
  const K = N / B;
  const salts = opts.salts ? opts.salts.map((s) => Uint8Array.from(s)) : Array.from({ length: K }, randomSalt);
  if (salts.length !== K) throw new TestSetError('salt', `${salts.length} salts for ${K} batches`, { salts: salts.length, batches: K });
  salts.forEach((s, k) => {
    if (s.length !== SALT_BYTES) throw new TestSetError('salt', `salt ${k} has ${s.length} bytes, expected ${SALT_BYTES}`, { batch: k, length: s.length });
  });
  const batches = salts.map((salt, k): TestSetBatch => {
    const payload = batchPayload(salt, samples.slice(k * B, (k + 1) * B), labels.slice(k * B, (k + 1) * B));
    return { payload, elements: bytesToElements(payload) };
  });
  const batchRoots = batches.map((b, k) => batchLeaf(k, b.elements));
  const D = merkleDepth(K);
  return { B, S, C, K, m: testBatchElements(B, S), D, batches, batchRoots, testRoot: merkleRoot(batchRoots, D), salts };
}

/** The Merkle siblings of batch k (leaf level first): the private path of the accuracy proof. */
export function testSetPath(ts: TestSet, k: number): bigint[] {
  if (!Number.isInteger(k) || k < 0 || k >= ts.K) throw new TestSetError('batch-index', `batch ${k} is outside [0, ${ts.K})`, { batch: k, batches: ts.K });
  return merkleSiblings(ts.batchRoots, k, ts.D);
}

/** The samples and labels of batch k, read back from its payload. */
export function batchContents(ts: Pick<TestSet, 'B' | 'S' | 'batches' | 'K'>, k: number): { samples: Uint8Array[]; labels: number[] } {
  if (!Number.isInteger(k) || k < 0 || k >= ts.K) throw new TestSetError('batch-index', `batch ${k} is outside [0, ${ts.K})`, { batch: k, batches: ts.K });
  const p = ts.batches[k].payload;
  const { B, S } = ts;
  return {
    samples: Array.from({ length: B }, (_, b) => p.slice(SALT_BYTES + b * S, SALT_BYTES + (b + 1) * S)),
    labels: Array.from(p.subarray(SALT_BYTES + B * S, SALT_BYTES + B * S + B)),
  };
}

export { checkClasses };
