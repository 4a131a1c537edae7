import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../keras/load-model.js';
import { transpile, type TranspileResult } from '../transpile.js';
import type { KerasModel } from '../keras/types.js';
import { generateAccuracyCircuit } from '../codegen/accuracy.js';
import { commitTestSet, accuracyWitness } from '../testset/index.js';
import { evaluateAccuracy, circuitClass, EvaluationError } from './evaluate.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { hasShared, SKIP_REASON, MNIST_H5, mnistImage, mnistLabels } from '../../../tests/helpers/mnist.js';

const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;

describe('evaluateAccuracy on the tiny model', () => {
  let km: KerasModel;
  let t: TranspileResult;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    km = await loadModel(tinyModelFiles());
    t = transpile(km, { inputRange: [0, 1] });
  });

  it('float and circuit accuracy; the circuit counts per batch equal the accuracy witness\'s public count', async () => {
    let s = 99;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
    const samples = Array.from({ length: 12 }, () => Uint8Array.from({ length: 9 }, next));
    const pred = samples.map((x) => circuitClass(t.q, x));
    const labels = pred.map((p, i) => (i % 4 === 0 ? (p + 1) % 3 : p)); // 3 of 12 wrong for the circuit
    const seen: number[] = [];
    const e = await evaluateAccuracy(km, t.q, samples, labels, { batch: 3, onSample: (d) => seen.push(d) });
    expect(e.n).toBe(12);
    expect(e.classes).toBe(3);
    expect(e.circuitCorrect).toBe(9);
    expect(e.circuitAccuracy).toBe(0.75);
    expect(seen.at(-1)).toBe(12);
    // float: tfjs's own predictions on v / 255, counted against the labels
    expect(e.floatCorrect).toBe(e.floatClasses.filter((c, i) => c === labels[i]).length);
    expect(e.floatAccuracy).toBeCloseTo(e.floatCorrect / 12);
    expect(e.agreement).toBeGreaterThanOrEqual(0.75); // the tiny model is quantized coarsely; most agree
    // what the proofs will show, batch by batch
    const acc = generateAccuracyCircuit(t.q, t.plan, { batch: 3, batches: 4 });
    const ts = commitTestSet(samples, labels, 3, { classes: 3 });
    expect(e.batches).toEqual([0, 1, 2, 3].map((k) => ({ batch: k, correct: Number(accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: 1 }).correct) })));
  });

  it('refuses a dataset that does not fit, naming the problem', async () => {
    const x = [new Uint8Array(9), new Uint8Array(9)];
    await expect(evaluateAccuracy(km, t.q, x, [0])).rejects.toThrow(EvaluationError);
    await expect(evaluateAccuracy(km, t.q, [new Uint8Array(8)], [0])).rejects.toThrow(/8 bytes/);
    await expect(evaluateAccuracy(km, t.q, x, [0, 3])).rejects.toThrow(/label 1 \(3\) is not one of the model's 3 classes/);
    await expect(evaluateAccuracy(km, t.q, x, [0, 1], { batch: 3 })).rejects.toMatchObject({ details: { reason: 'batch' } });
    await expect(evaluateAccuracy(km, t.q, [], [])).rejects.toMatchObject({ details: { reason: 'empty' } });
  });
});

describe.skipIf(!hasShared)('evaluateAccuracy on the keras2circom MNIST CNN (40 fixture images)', () => {
  it('float and circuit accuracy on real digits', async () => {
    if (!hasShared) { console.warn(SKIP_REASON); return; }
    await tf.setBackend('cpu');
    const km = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(readFileSync(MNIST_H5)) }]);
    const r = transpile(km, { inputRange: [0, 1] });
    const samples = Array.from({ length: 40 }, (_, k) => Uint8Array.from(mnistImage(k), (v) => Math.round(v * 255)));
    const labels = mnistLabels().slice(0, 40);
    const e = await evaluateAccuracy(km, r.q, samples, labels, { batch: 10 });
    console.log(`MNIST CNN, 40 images: float ${e.floatAccuracy}, circuit ${e.circuitAccuracy}, agreement ${e.agreement}, ms`, e.ms);
    expect(e.floatAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(e.circuitAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(e.agreement).toBeGreaterThanOrEqual(0.95);
    expect(e.batches!.reduce((a, b) => a + b.correct, 0)).toBe(e.circuitCorrect);
  }, 600_000);
});
if (!hasShared) console.warn(SKIP_REASON);
