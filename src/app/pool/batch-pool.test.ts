/**
 * proveBatches in Node with real proofs (`ResidentProver`, what each browser pool worker runs, in-process:
 * keys loaded once, from a Blob, for every batch) of the tiny model's accuracy
 * circuit, 3 batches of 2: progress and time left, cancel keeps what was proved and a rerun resumes
 * it, a stored proof for another batch is refused, a proof with unexpected public signals and a
 * failing witness are typed errors; poolSize. (The browser side, IndexedDB and a reload:
 * tests/e2e/accuracy-pool.test.ts.)
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as snarkjs from 'snarkjs';
import { compileSource, ROOT } from '../../circuits/test/harness.js';
import { loadModel } from '../../core/keras/load-model.js';
import { transpile } from '../../core/transpile.js';
import { generateAccuracyCircuit } from '../../core/codegen/accuracy.js';
import { commitTestSet, accuracyWitness } from '../../core/testset/index.js';
import { circuitClass } from '../../core/float/evaluate.js';
import { ResidentProver, ResidentKeyError } from './resident-prover.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { removeTmpAndTerminateCurve } from '../../../tests/helpers/circuits.js';
import {
  proveBatches, poolSize, proofMiBOf, PROOF_MEMORY_FACTOR, circuitId, MemoryBatchProofStore, BatchPoolError, type BatchJob, type BatchProver, type PoolProgress,
} from './batch-pool.js';

const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;

describe('proveBatches (Node, real Groth16 proofs)', () => {
  let jobs: BatchJob[];
  let prover: BatchProver;
  let vkey: snarkjs.VerificationKey;
  let key: { bountyId: string; circuit: string };
  let resident: ResidentProver;
  let wasm: Uint8Array;
  let zkeyBytes: Uint8Array;
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-pool-'));
  afterAll(() => removeTmpAndTerminateCurve(tmp));

  beforeAll(async () => {
    const t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    const acc = generateAccuracyCircuit(t.q, t.plan, { batch: 2, batches: 3, name: 'tiny-pool' });
    let s = 5;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
    const samples = Array.from({ length: 6 }, () => Uint8Array.from({ length: 9 }, next));
    const labels = samples.map((x, i) => (i % 3 === 1 ? (circuitClass(t.q, x) + 1) % 3 : circuitClass(t.q, x)));
    const ts = commitTestSet(samples, labels, 2, { classes: 3 });
    const c = await compileSource(acc.source, 'AccuracyPoolTiny');
    const power = Math.max(8, Math.ceil(Math.log2(c.nConstraints + 7)));
    const zkey: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.zKey.newZKey(join(c.dir, 'circuit.r1cs'), join(ROOT, 'circuits-prebuilt/dev-ptau', `pot${power}_dev.ptau`), zkey);
    vkey = await snarkjs.zKey.exportVerificationKey(zkey.data!);
    wasm = new Uint8Array(readFileSync(join(c.dir, 'circuit_js', 'circuit.wasm')));
    zkeyBytes = zkey.data!;
    jobs = [0, 1, 2].map((k) => {
      const w = accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: 7 });
      return { input: Object.fromEntries(Object.entries(w.input).map(([n, v]) => [n, Array.isArray(v) ? v.map(String) : String(v)])), publicSignals: w.publicSignals };
    });
    resident = await ResidentProver.load({ wasm, zkey: new Blob([zkey.data! as Uint8Array<ArrayBuffer>]) });
    prover = async (input, { onProgress }) => resident.prove(input as never, (p) => onProgress(p.fraction, p.stage));
    key = { bountyId: '7', circuit: await circuitId(vkey) };
  }, 600_000);

  const verify = async (p: { proof: unknown; publicSignals: string[] }) => snarkjs.groth16.verify(vkey, p.publicSignals, p.proof as snarkjs.Groth16Proof);

  it('cancel after the first batch keeps it; the rerun resumes it, proves the rest, reports progress and time left; all verify', async () => {
    const store = new MemoryBatchProofStore();
    const ac = new AbortController();
    const first = proveBatches({ key, batches: 3, job: (k) => jobs[k]!, provers: [prover], store, signal: ac.signal, onProgress: (p) => { if (p.done === 1) ac.abort('stop'); } });
    await expect(first).rejects.toMatchObject({ name: 'BatchPoolError', reason: 'cancelled' });
    await expect(first).rejects.toBeInstanceOf(BatchPoolError);
    expect([...store.records.values()].map((r) => r.batch)).toEqual([0]);

    const log: PoolProgress[] = [];
    const r = await proveBatches({ key, batches: 3, job: (k) => jobs[k]!, provers: [prover], store, verify, onProgress: (p) => log.push(p) });
    expect(r.resumed).toEqual([0]);
    expect(r.proved).toEqual([1, 2]);
    expect(log.at(-1)).toMatchObject({ done: 3, total: 3, resumed: 1, fraction: 1 });
    expect(log.some((p) => p.batches[1]!.state === 'proving' && p.batches[1]!.fraction > 0 && p.batches[1]!.fraction < 1)).toBe(true);
    expect(log.some((p) => p.etaMs !== undefined && p.done < 3)).toBe(true);
    for (const [k, p] of r.proofs.entries()) {
      expect(p.publicSignals).toEqual(jobs[k]!.publicSignals.map(String));
      expect(await verify(p)).toBe(true);
    }
    // batch 0's proof put where batch 1's was: refused (its signals say batch 0) and proved again
    const b0 = (await store.get(key, 0))!;
    await store.put({ ...b0, batch: 1 });
    const again = await proveBatches({ key, batches: 3, job: (k) => jobs[k]!, provers: [prover], store, verify });
    expect(again.resumed).toEqual([0, 2]);
    expect(again.proved).toEqual([1]);
    // one load of the keys served every proof (the cancelled run's first batch, then 1 and 2, then 1 again)
    expect(resident.proofs).toBe(4);
    expect(resident.info.zkeyBytes).toBe(zkeyBytes.byteLength);
  }, 600_000);

  it('resident keys: a key that is not a Groth16 zkey, or a URL that does not answer, is a ResidentKeyError', async () => {
    const notZkey = await ResidentProver.load({ wasm, zkey: wasm }).catch((e: unknown) => e);
    expect(notZkey).toBeInstanceOf(ResidentKeyError);
    expect(notZkey).toMatchObject({ details: { key: 'zkey' } });
    const noUrl = await ResidentProver.load({ wasm: 'http://127.0.0.1:9/circuit.wasm', zkey: zkeyBytes }).catch((e: unknown) => e);
    expect(noUrl).toBeInstanceOf(ResidentKeyError);
    expect(noUrl).toMatchObject({ details: { key: 'wasm' } });
  });

  it('typed errors: unexpected public signals, a failing witness, no provers', async () => {
    const store = new MemoryBatchProofStore();
    const wrong = (k: number): BatchJob => ({ ...jobs[k]!, publicSignals: jobs[k]!.publicSignals.map((v, i) => (i === 0 ? BigInt(v) + 1n : v)) });
    await expect(proveBatches({ key, batches: 1, job: wrong, provers: [prover], store })).rejects.toMatchObject({ reason: 'mismatch', details: { batch: 0 } });
    expect(store.records.size).toBe(0);
    const broken = (k: number): BatchJob => ({ ...jobs[k]!, input: { ...jobs[k]!.input, batchIndex: '1' } });
    await expect(proveBatches({ key, batches: 1, job: broken, provers: [prover], store })).rejects.toMatchObject({ reason: 'prove', message: /batch 0: witness computation failed/ });
    await expect(proveBatches({ key, batches: 1, job: (k) => jobs[k]!, provers: [], store })).rejects.toMatchObject({ reason: 'options' });
  }, 600_000);
});

describe('poolSize', () => {
  it('two workers from 2 cores (one fills the other\'s single-threaded stages), one per 4 cores above 11, capped by memory and the number of batches', () => {
    expect(poolSize({ hardwareConcurrency: 1, deviceMemory: 8 }).workers).toBe(1);
    expect(poolSize({ hardwareConcurrency: 2, deviceMemory: 8 }).workers).toBe(2);
    expect(poolSize({ hardwareConcurrency: 8, deviceMemory: 8 }).workers).toBe(2);
    expect(poolSize({ hardwareConcurrency: 12, deviceMemory: 8 }).workers).toBe(3);
    expect(poolSize({ hardwareConcurrency: 2, deviceMemory: 8, batches: 1 }).workers).toBe(1);
    expect(poolSize({ hardwareConcurrency: 16, deviceMemory: 8, proofMiB: 512 }).workers).toBe(4);
    expect(poolSize({ hardwareConcurrency: 16, deviceMemory: 4, proofMiB: 1536 }).workers).toBe(1);
    expect(poolSize({ hardwareConcurrency: 16, deviceMemory: 8, batches: 2 }).workers).toBe(2);
    expect(poolSize({}).workers).toBe(1);
    expect(poolSize({ hardwareConcurrency: 4 }).threadsPerWorker).toBe(4);
  });
  it('proofMiBOf: a resident zkey and snarkjs\'s copies of it, plus a fixed part', () => {
    expect(proofMiBOf(0)).toBe(64);
    expect(proofMiBOf(600 * 2 ** 20)).toBe(Math.ceil(600 * PROOF_MEMORY_FACTOR) + 64);
  });
});
