import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as snarkjs from 'snarkjs';
import { compileSource, witnessFails, type CompiledCircuit } from '../../circuits/test/harness.js';
import { devGroth16Setup } from '../../zk/dev-setup.js';
import { toField } from '../field.js';
import { loadModel } from '../keras/load-model.js';
import { transpile, type TranspileResult } from '../transpile.js';
import { modelCommitment } from '../commit/model.js';
import { infer } from '../witness/run.js';
import { byteToFixed } from '../witness/byte-to-fixed.js';
import { commitTestSet, accuracyWitness, bytesToElements, batchContents, type TestSet } from '../testset/index.js';
import { generateAccuracyCircuit, ACCURACY_PUBLIC_SIGNALS, type AccuracyPlan } from './accuracy.js';
import { CodegenError } from './errors.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { removeTmpAndTerminateCurve } from '../../../tests/helpers/circuits.js';

const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;

/** 6 samples of the tiny model's 3×3 input, labelled so that batch 1 has exactly 2 of 3 right. */
function tinySet(t: TranspileResult): { samples: Uint8Array[]; labels: number[] } {
  let s = 17;
  const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
  const samples = Array.from({ length: 6 }, () => Uint8Array.from({ length: 9 }, next));
  const pred = samples.map((x) => Number(infer(t.q, Array.from(x, (v) => byteToFixed(v, t.q.inputScale))).output[0]));
  const labels = pred.map((p, i) => (i === 4 ? (p + 1) % 3 : p)); // sample 4 (batch 1) mislabelled on purpose
  return { samples, labels };
}

describe('accuracy circuit (PROTOCOL §6) on the tiny model', () => {
  let t: TranspileResult;
  let acc: AccuracyPlan;
  let ts: TestSet;
  let c: CompiledCircuit;
  beforeAll(async () => {
    t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    acc = generateAccuracyCircuit(t.q, t.plan, { batch: 3, batches: 2, name: 'tiny' });
    const { samples, labels } = tinySet(t);
    ts = commitTestSet(samples, labels, 3, { classes: 3 });
    c = await compileSource(acc.source, 'AccuracyTiny');
  });

  it('has exactly the estimated constraints, and the public signals [correct, commitment, testRoot, batchIndex, beneficiary, bountyId]', () => {
    expect([acc.B, acc.S, acc.C, acc.D, acc.F, acc.m, acc.output]).toEqual([3, 9, 3, 1, 8, 2, 'class']);
    expect(c.nConstraints).toBe(acc.estimate.total);
    const e = acc.estimate;
    expect(e.total).toBe(3 * e.inference + e.opening + e.count + e.commitment + e.bindings);
    // one inference costs what the model's own layers cost; the batch adds its opening and count
    expect(e.inference).toBe(t.plan.estimate.byNode.reduce((a, n) => a + n.constraints, 0));
    expect(e.commitment).toBe(t.plan.estimate.commitment);
    // r1cs: 2 public outputs then 4 public inputs, wires 1..6 in this order
    expect(c.r1cs.nPubOut).toBe(2);
    expect(c.r1cs.nPubIn).toBe(4);
    expect(acc.publicSignals).toEqual(ACCURACY_PUBLIC_SIGNALS);
    ACCURACY_PUBLIC_SIGNALS.forEach((name, i) => expect(c.sym.get(`main.${name}`), name).toBe(i + 1));
  });

  it('an honest batch: correct counts argmax == label, commitment is the model\'s (PROTOCOL §2)', async () => {
    for (const k of [0, 1]) {
      const aw = accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: 7 });
      const w = await c.witness(aw.input);
      expect(w.satisfies()).toBe(true);
      expect(ACCURACY_PUBLIC_SIGNALS.map((n) => toField(w.get(n)))).toEqual(aw.publicSignals.map(toField));
      expect(aw.commitment).toBe(modelCommitment(t.q));
      expect(aw.correct).toBe(k === 0 ? 3n : 2n);
    }
  });

  it('refuses a wrong count, a sample not in the batch, a wrong batch index, a wrong label, a label ≥ C', async () => {
    const aw = accuracyWitness(t.q, acc, ts, 1, { beneficiary: BENEFICIARY, bountyId: 7 });
    const w = await c.witness(aw.input);
    // wrong label count
    expect(w.forge({ correct: 3n }).satisfies()).toBe(false);
    expect(w.forge({ correct: 1n }).satisfies()).toBe(false);
    // another commitment
    expect(w.forge({ commitment: aw.commitment + 1n }).satisfies()).toBe(false);
    // a sample not in the committed batch: one pixel changed
    const p = ts.batches[1].payload.slice();
    p[31 + 4] ^= 0x40;
    expect(await witnessFails(c, { ...aw.input, d: bytesToElements(p) })).toBe(true);
    // batch 0's payload presented as batch 1, and batch 1's as batch 0
    expect(await witnessFails(c, { ...aw.input, d: ts.batches[0].elements })).toBe(true);
    expect(await witnessFails(c, { ...aw.input, batchIndex: 0n })).toBe(true);
    expect(await witnessFails(c, { ...aw.input, batchIndex: 2n })).toBe(true);
    // the mislabelled sample relabelled to the prediction: not the committed payload
    const q = ts.batches[1].payload.slice();
    q[31 + 27 + 1] = aw.predictions[1];
    expect(await witnessFails(c, { ...aw.input, d: bytesToElements(q) })).toBe(true);
    // a committed label ≥ C cannot be counted: the batch is unprovable (the contract should refuse it at reveal)
    const samples = [0, 1].flatMap((k) => batchContents(ts, k).samples);
    const badSet = commitTestSet(samples, [3, 1, 2, 0, 1, 2], 3, { classes: 4 });
    const input = { ...aw.input, d: badSet.batches[0].elements, batchIndex: 0n, testRoot: badSet.testRoot, siblings: [badSet.batchRoots[1]] };
    expect(await witnessFails(c, input)).toBe(true);
    expect(() => accuracyWitness(t.q, acc, badSet, 0, { beneficiary: BENEFICIARY, bountyId: 7 })).toThrow(/not one of the model's 3 classes/);
  });

  it('refuses models and batches it cannot honour', async () => {
    const wide = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 0.5] });
    expect(() => generateAccuracyCircuit(wide.q, wide.plan, { batch: 3, batches: 2 })).toThrow(CodegenError);
    expect(() => generateAccuracyCircuit(t.q, t.plan, { batch: 0, batches: 2 })).toThrow(/batch size/);
    expect(() => generateAccuracyCircuit(t.q, t.plan, { batch: 3, batches: 0 })).toThrow(/number of batches/);
    const other = commitTestSet(Array.from({ length: 4 }, () => new Uint8Array(9)), [0, 1, 2, 0], 2, { classes: 3 });
    expect(() => accuracyWitness(t.q, acc, other, 0, { beneficiary: BENEFICIARY, bountyId: 7 })).toThrow(/does not fit/);
  });

  describe('Groth16 proof against the verifier (development ptau)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'zkml-accuracy-'));
    afterAll(() => removeTmpAndTerminateCurve(tmp));

    it('an honest batch proves and verifies; a swapped beneficiary, bounty, count, root or index does not verify', async () => {
      const power = Math.ceil(Math.log2(c.nConstraints + 7));
      expect(power).toBeLessThanOrEqual(12);
      // the key snarkjs newZKey writes from circuits-prebuilt/dev-ptau/pot<power>_dev.ptau, byte for byte
      // (src/zk/dev-setup.test.ts), computed from the public dev secret: several times faster than newZKey
      const zkey = { data: await devGroth16Setup(new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs'))), { power: Math.max(power, 8), contribution: false }) };
      const vk = await snarkjs.zKey.exportVerificationKey(zkey.data!);
      const aw = accuracyWitness(t.q, acc, ts, 1, { beneficiary: BENEFICIARY, bountyId: 7 });
      const input = Object.fromEntries(Object.entries(aw.input).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, join(c.dir, 'circuit_js', 'circuit.wasm'), zkey.data!);
      expect(publicSignals).toEqual(aw.publicSignals.map((x) => toField(x).toString()));
      expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
      const swap = (i: number, v: bigint) => publicSignals.map((s, j) => (j === i ? v.toString() : s));
      expect(await snarkjs.groth16.verify(vk, swap(4, BigInt(OTHER)), proof)).toBe(false); // beneficiary
      expect(await snarkjs.groth16.verify(vk, swap(5, 8n), proof)).toBe(false); // bountyId
      expect(await snarkjs.groth16.verify(vk, swap(0, 3n), proof)).toBe(false); // correct
      expect(await snarkjs.groth16.verify(vk, swap(2, ts.testRoot + 1n), proof)).toBe(false); // testRoot
      expect(await snarkjs.groth16.verify(vk, swap(3, 0n), proof)).toBe(false); // batchIndex
      expect(readFileSync(join(c.dir, 'circuit.r1cs')).length).toBeGreaterThan(0);
    }, 600_000);
  });
});

describe('accuracy circuit on a logits model (the circuit adds ArgMax(C, bits) per sample)', () => {
  it('costs exactly the estimate and counts like the integer reference; ties go to the lowest index', async () => {
    const t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1], raw: true });
    expect(t.plan.layers.output).toBe('logits');
    const acc = generateAccuracyCircuit(t.q, t.plan, { batch: 2, batches: 3 });
    expect([acc.B, acc.S, acc.C, acc.D, acc.output]).toEqual([2, 9, 3, 2, 'logits']);
    const c = await compileSource(acc.source, 'AccuracyTinyLogits');
    expect(c.nConstraints).toBe(acc.estimate.total);
    const last = t.q.nodes.find((n) => n.id === t.q.output)!;
    expect(acc.estimate.inference).toBe(t.plan.estimate.byNode.reduce((a, n) => a + n.constraints, 0) + (3 - 1) * (last.bits + 3) - 1);
    // all-zero samples give equal logits only if the biases tie; whatever they give, the reference decides
    const samples = [new Uint8Array(9), new Uint8Array(9).fill(255), ...Array.from({ length: 4 }, (_, i) => Uint8Array.from({ length: 9 }, (_, j) => (37 * i + 91 * j) & 0xff))];
    const ts = commitTestSet(samples, [0, 1, 2, 0, 1, 2], 2, { classes: 3 });
    for (const k of [0, 1, 2]) {
      const aw = accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: 1n });
      const w = await c.witness(aw.input);
      expect(w.satisfies()).toBe(true);
      expect(ACCURACY_PUBLIC_SIGNALS.map((n) => toField(w.get(n)))).toEqual(aw.publicSignals.map(toField));
      expect(w.forge({ correct: aw.correct + 1n }).satisfies()).toBe(false);
    }
  });
});
