import { describe, it, expect } from 'vitest';
import { keccak256, hexToBigInt, toHex } from 'viem';
import { P } from '../field.js';
import { ZkmlError } from '../errors.js';
import { poseidonCommit } from '../witness/poseidon-commit.js';
import { merkleRoot } from '../witness/merkle-root.js';
import { merklePathRoot } from '../witness/merkle-path.js';
import { tag, BATCH_TAG } from '../commit/tags.js';
import { sampleSet as sharedSampleSet } from '../../../tests/helpers/sample-set.js';
import {
  TestSetError, commitTestSet, testSetPath, batchContents, revealCalldata, revealEval, revealRho, testSetFromReveal,
  revealWitness, batchOpeningWitness, bytesToElements, elementsToBytes, testBatchElements, batchPayload, SALT_BYTES,
} from './index.js';

const sampleSet = (N: number, S: number, C: number, seed = 1) => sharedSampleSet(N, S, C, seed);
const fixedSalts = (K: number) => Array.from({ length: K }, (_, k) => Uint8Array.from({ length: 31 }, (_, i) => (k * 31 + i * 7 + 1) & 0xff));

function refused(f: () => unknown, reason: string): TestSetError {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(TestSetError);
  expect(err).toBeInstanceOf(ZkmlError);
  expect((err as TestSetError).reason).toBe(reason);
  expect((err as TestSetError).details.reason).toBe(reason);
  return err as TestSetError;
}

describe('test-set layout (PROTOCOL §4)', () => {
  it('m = 1 + ⌈(B·S + B)/31⌉; 10 MNIST samples a batch: 255 elements', () => {
    expect(testBatchElements(10, 784)).toBe(255);
    expect(testBatchElements(2, 20)).toBe(3);
    expect(testBatchElements(1, 30)).toBe(2);
    expect(testBatchElements(1, 31)).toBe(3);
  });

  it('the payload is salt ‖ samples ‖ labels ‖ zeros, read as big-endian 31-byte elements', () => {
    const salt = Uint8Array.from({ length: 31 }, (_, i) => i + 1);
    const x = [Uint8Array.of(10, 11, 12), Uint8Array.of(20, 21, 22)];
    const p = batchPayload(salt, x, [7, 9]);
    expect(p.length).toBe(31 * testBatchElements(2, 3));
    expect(Array.from(p.subarray(0, 31))).toEqual(Array.from(salt));
    expect(Array.from(p.subarray(31, 39))).toEqual([10, 11, 12, 20, 21, 22, 7, 9]);
    expect(p.subarray(39).every((b) => b === 0)).toBe(true);
    const d = bytesToElements(p);
    expect(d.length).toBe(2);
    expect(d[0]).toBe(hexToBigInt(toHex(salt)));
    expect(d[1]).toBe(BigInt(`0x0a0b0c1415160709${'00'.repeat(23)}`));
    expect(elementsToBytes(d)).toEqual(p);
    refused(() => bytesToElements(new Uint8Array(30)), 'calldata');
    refused(() => elementsToBytes([1n << 248n]), 'calldata');
    refused(() => batchPayload(new Uint8Array(30), x, [7, 9]), 'salt');
  });
});

describe('commitTestSet', () => {
  const { samples, labels } = sampleSet(6, 20, 10);

  it('leaves are PoseidonCommit(tag, k, d…) of the payloads and the root is their padded Merkle root', () => {
    const ts = commitTestSet(samples, labels, 2, { classes: 10, salts: fixedSalts(3) });
    expect([ts.B, ts.S, ts.C, ts.K, ts.m, ts.D]).toEqual([2, 20, 10, 3, 3, 2]);
    ts.batches.forEach((b, k) => {
      expect(b.elements).toEqual(bytesToElements(b.payload));
      expect(b.elements[0]).toBe(hexToBigInt(toHex(ts.salts[k])));
      expect(ts.batchRoots[k]).toBe(poseidonCommit([tag(BATCH_TAG), BigInt(k), ...b.elements]));
      expect(batchContents(ts, k)).toEqual({ samples: samples.slice(2 * k, 2 * k + 2), labels: labels.slice(2 * k, 2 * k + 2) });
      expect(merklePathRoot(ts.batchRoots[k], k, testSetPath(ts, k))).toBe(ts.testRoot);
    });
    expect(ts.testRoot).toBe(merkleRoot([...ts.batchRoots, 0n], 2));
    // deterministic given the salts
    expect(commitTestSet(samples, labels, 2, { classes: 10, salts: fixedSalts(3) }).testRoot).toBe(ts.testRoot);
  });

  it('draws fresh 31-byte salts, so the same data commits to unrelated roots', () => {
    const a = commitTestSet(samples, labels, 2, { classes: 10 });
    const b = commitTestSet(samples, labels, 2, { classes: 10 });
    expect(a.salts.length).toBe(3);
    for (const s of a.salts) expect(s.length).toBe(SALT_BYTES);
    expect(a.testRoot).not.toBe(b.testRoot);
    expect(new Set(a.batchRoots.concat(b.batchRoots)).size).toBe(6);
  });

  it('refuses with typed errors: N not a multiple of B, a label ≥ C, a wrong sample size, counts and salts that do not fit', () => {
    refused(() => commitTestSet(samples, labels, 4, { classes: 10 }), 'batch-size');
    refused(() => commitTestSet(samples, labels, 0, { classes: 10 }), 'batch-size');
    refused(() => commitTestSet([], [], 1, { classes: 10 }), 'batch-size');
    const e = refused(() => commitTestSet(samples, [...labels.slice(0, 5), 10], 2, { classes: 10 }), 'label');
    expect(e.details).toMatchObject({ sample: 5, label: 10, classes: 10 });
    refused(() => commitTestSet(samples, [...labels.slice(0, 5), -1], 2, { classes: 10 }), 'label');
    refused(() => commitTestSet(samples, [...labels.slice(0, 5), 1.5], 2, { classes: 10 }), 'label');
    const bad = samples.slice();
    bad[3] = new Uint8Array(19);
    expect(refused(() => commitTestSet(bad, labels, 2, { classes: 10 }), 'sample-size').details).toMatchObject({ sample: 3, length: 19, expected: 20 });
    refused(() => commitTestSet(samples, labels, 2, { classes: 10, sampleSize: 784 }), 'sample-size');
    refused(() => commitTestSet(samples, labels.slice(1), 2, { classes: 10 }), 'count');
    refused(() => commitTestSet(samples, labels, 2, { classes: 1 }), 'classes');
    refused(() => commitTestSet(samples, labels, 2, { classes: 257 }), 'classes');
    refused(() => commitTestSet(samples, labels, 2, { classes: 10, salts: fixedSalts(2) }), 'salt');
    refused(() => commitTestSet(samples, labels, 2, { classes: 10, salts: [...fixedSalts(2), new Uint8Array(32)] }), 'salt');
    const ts = commitTestSet(samples, labels, 2, { classes: 10 });
    refused(() => testSetPath(ts, 3), 'batch-index');
    refused(() => testSetPath(ts, -1), 'batch-index');
  });
});

describe('reveal (PROTOCOL §5)', () => {
  const { samples, labels } = sampleSet(10, 29, 4, 7); // 2·29 + 2 = 60 data bytes: 2 padding bytes a batch
  const ts = commitTestSet(samples, labels, 2, { classes: 4, salts: fixedSalts(5) });

  it('R is the padded payloads in batch order; ρ = keccak256(R) mod p; e = Σ d_i ρ^i over R', () => {
    const R = revealCalldata(ts);
    expect(R.length).toBe(5 * ts.m * 31);
    expect(R.subarray(ts.m * 31, 2 * ts.m * 31)).toEqual(ts.batches[1].payload);
    const { rho, e, elements } = revealEval(R);
    expect(rho).toBe(hexToBigInt(keccak256(R)) % P); // viem's keccak as a second opinion
    expect(revealRho(R)).toBe(rho);
    expect(elements).toEqual(ts.batches.flatMap((b) => b.elements));
    let acc = 0n;
    let pw = 1n;
    for (const d of elements) { acc = (acc + d * pw) % P; pw = (pw * rho) % P; }
    expect(e).toBe(acc);
    refused(() => revealEval(new Uint8Array(0)), 'calldata');
    refused(() => revealEval(new Uint8Array(32)), 'calldata');
  });

  it('a hunter rebuilds the same test set and root from R alone', () => {
    const R = revealCalldata(ts);
    const back = testSetFromReveal(R, { B: 2, S: 29, C: 4 });
    expect(back.testRoot).toBe(ts.testRoot);
    expect(back.batchRoots).toEqual(ts.batchRoots);
    expect(back.salts).toEqual(ts.salts);
    for (let k = 0; k < 5; k++) expect(batchContents(back, k)).toEqual(batchContents(ts, k));
  });

  it('one changed byte changes ρ, e and the rebuilt root; malformed reveals are refused', () => {
    const R = revealCalldata(ts);
    const { rho, e } = revealEval(R);
    for (const at of [0, 31, 31 * ts.m + 40, R.length - 1 - 31 * (ts.m - 2)]) {
      const R2 = R.slice();
      R2[at] ^= 1;
      const ev = revealEval(R2);
      expect(ev.rho).not.toBe(rho);
      expect(ev.e).not.toBe(e);
    }
    const R2 = R.slice();
    R2[31 + 3] ^= 1; // a sample byte of batch 0
    expect(testSetFromReveal(R2, { B: 2, S: 29, C: 4 }).testRoot).not.toBe(ts.testRoot);
    refused(() => testSetFromReveal(R.subarray(0, R.length - 31), { B: 2, S: 29, C: 4 }), 'calldata');
    const padded = R.slice();
    expect(ts.m).toBe(3);
    padded[ts.m * 31 - 1] = 1; // padding of batch 0
    refused(() => testSetFromReveal(padded, { B: 2, S: 29, C: 4 }), 'calldata');
    const badLabel = R.slice();
    badLabel[31 + 58] = 4; // first label of batch 0
    expect(refused(() => testSetFromReveal(badLabel, { B: 2, S: 29, C: 4 }), 'label').details).toMatchObject({ batch: 0, sample: 0, label: 4 });
  });
});

describe('circuit inputs', () => {
  const { samples, labels } = sampleSet(6, 20, 10, 3);
  const ts = commitTestSet(samples, labels, 2, { classes: 10 });

  it('revealWitness: d per batch, ρ from the calldata, public signals [testRoot, e, ρ]', () => {
    const w = revealWitness(ts);
    expect(w.input.d).toEqual(ts.batches.map((b) => b.elements));
    const { rho, e } = revealEval(w.calldata);
    expect(w.input.rho).toBe(rho);
    expect(w.publicSignals).toEqual([ts.testRoot, e, rho]);
  });

  it('batchOpeningWitness: the payload, index and path of batch k, and the inputs and labels it opens to', () => {
    for (const F of [8, 7]) {
      const w = batchOpeningWitness(ts, 1, F);
      expect(w.input.batchIndex).toBe(1n);
      expect(w.input.d).toEqual(ts.batches[1].elements);
      expect(w.input.siblings.length).toBe(ts.D);
      expect(w.input.testRoot).toBe(ts.testRoot);
      expect(w.label).toEqual(labels.slice(2, 4).map(BigInt));
      expect(w.x[0][5]).toBe(BigInt(Math.round((samples[2][5] / 255) * 2 ** F)));
    }
    refused(() => batchOpeningWitness(ts, 3, 8), 'batch-index');
  });
});
