/**
 * Public models (issue 15): `weights: 'public'` makes the quantized weights and biases constants of the
 * circuit. Every multiply-accumulate is then linear (0 constraints at --O2), there is no weight input
 * and no model commitment, and the verification key pins the model. The soundness checks that do not
 * involve the weights (input interval, rescale remainders, ReLU, argmax) stay as in the private circuit.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../keras/load-model.js';
import type { KerasModel } from '../keras/types.js';
import { transpile } from '../transpile.js';
import { witnessFromPlan } from '../transpile-files.js';
import { serializeQGraph } from '../quantize/serialize.js';
import { quantizeInput, infer, witnessInput } from '../witness/run.js';
import { inputCommitment, inputDescriptorOf, inputTag } from '../commit/input.js';
import { inputCommit } from '../witness/input-commit.js';
import { compileSource, Witness } from '../../circuits/test/harness.js';
import { generateCircuit, PUBLIC_FREE_KINDS, CodegenError } from './index.js';
import { toField } from '../field.js';
import { hasShared, MNIST_H5, mnistImage, mnistLabels, nested28 } from '../../../tests/helpers/mnist.js';

const MLP = join(process.cwd(), 'tests/fixtures/models/mlp');
const mlpFiles = () => ['model.json', 'weights.bin'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(MLP, name))) }));

describe('public model: the MLP fixture', () => {
  let km: KerasModel;
  beforeAll(async () => { await tf.setBackend('cpu'); km = await loadModel(mlpFiles()); });

  it('drops the weight inputs and the model commitment; the MAC layers cost nothing in the estimate', () => {
    const priv = transpile(km, { inputRange: [0, 1], input: 'hashed' });
    const pub = transpile(km, { inputRange: [0, 1], input: 'hashed', weights: 'public' });
    expect(pub.plan.weights).toBe('public');
    expect(priv.plan.weights).toBe('private');
    expect(pub.plan.publicSignals).toEqual(['out', 'inputCommitment']);
    expect(priv.plan.publicSignals).not.toEqual(pub.plan.publicSignals); // the private circuit publishes its model commitment (folded into `claim` with the input's)
    expect(pub.plan.source).not.toMatch(/signal input (weights|biases)/);
    expect(pub.plan.source).not.toMatch(/commitment <==|PackedPoseidonCommit\(/);
    expect(pub.plan.source).toMatch(/var weights\[\d+\] = \[/);
    expect(pub.plan.estimate.commitment).toBe(0);
    // the estimate: the private circuit minus the commitment and every MAC layer
    const macs = priv.q.nodes.filter((n) => PUBLIC_FREE_KINDS.has(n.kind)).reduce((a, n) => a + n.constraints, 0);
    expect(macs).toBeGreaterThan(0);
    // (the private circuit's extra costs: its model commitment, and the fold of both commitments into one `claim`)
    const claim = (priv.plan.estimate as { claim?: number }).claim ?? 0;
    expect(pub.plan.estimate.total).toBe(priv.plan.estimate.total - priv.plan.estimate.commitment - claim - macs);
    expect(pub.layers.filter((l) => PUBLIC_FREE_KINDS.has(l.kind)).every((l) => l.constraints === 0)).toBe(true);
    expect(() => generateCircuit(pub.q, { weights: 'secret' as never })).toThrow(CodegenError);
  });

  for (const input of ['hashed', 'public'] as const) {
    it(`${input} input: compiles to exactly the estimate; the witness matches integer inference; forgeries fail`, async () => {
      const r = transpile(km, { inputRange: [0, 1], input, weights: 'public' });
      const c = await compileSource(r.plan.source, `mlp-public-weights-${input}`);
      expect(c.nConstraints).toBe(r.plan.estimate.total);
      const inNode = r.q.nodes.find((n) => n.kind === 'input')!;
      for (const k of [0, 1]) {
        const x = Array.from(mnistLikeImage(k));
        const ints = quantizeInput(r.q, nested28f(x));
        const wi = witnessInput(r.q, ints, 'public');
        expect(Object.keys(wi)).toEqual(['in']);
        // witnessFromPlan reads the mode from quantization.json
        expect((await witnessFromPlan(serializeQGraph(r.q), nested28f(x))).input).toEqual(wi);
        const w = await c.witness(wi);
        expect(w.satisfies()).toBe(true);
        expect(w.get('out')).toBe(infer(r.q, ints).output[0]);
        if (input === 'hashed') expect(toField(w.get('inputCommitment'))).toBe(inputCommitment(inputDescriptorOf(r.q), ints));
        // another class, another input commitment, or an input outside [lo, hi]: refused by the R1CS
        expect(w.forge({ out: (w.get('out') + 1n) % 10n }).satisfies()).toBe(false);
        if (input === 'hashed') expect(w.forge({ inputCommitment: w.get('inputCommitment') + 1n }).satisfies()).toBe(false);
        if (input === 'public') expect(w.forge({ 'in[0]': inNode.hi + 1n }).satisfies()).toBe(false);
      }
    });
  }

  it('the weights are in the R1CS: a model with one weight changed is another circuit', async () => {
    const r = transpile(km, { inputRange: [0, 1], input: 'hashed', weights: 'public' });
    const q2 = structuredClone(r.q);
    const dense = q2.nodes.find((n) => n.kind === 'dense')!;
    dense.weights.weights.data[0] += 1n;
    const src2 = generateCircuit(q2, { input: 'hashed', weights: 'public', name: km.name }).source;
    expect(src2).not.toBe(r.plan.source);
    const [a, b] = [await compileSource(r.plan.source, 'mlp-public-weights-hashed'), await compileSource(src2, 'mlp-public-weights-tweaked')];
    expect(b.nConstraints).toBe(a.nConstraints);
    // same shape of circuit, different coefficients: the witness of one does not satisfy the other
    const x = nested28f(Array.from(mnistLikeImage(0)));
    const ints = quantizeInput(r.q, x);
    const wa = await a.witness(witnessInput(r.q, ints, 'public'));
    const wb = await b.witness(witnessInput(q2, ints, 'public'));
    expect(wa.satisfies() && wb.satisfies()).toBe(true);
    // same wires, other coefficients: the honest witness of one model does not satisfy the other's R1CS
    expect(wa.values.length).toBe(wb.values.length);
    expect(new Witness(b, wa.values).satisfies()).toBe(false);
    expect(new Witness(a, wb.values).satisfies()).toBe(false);
  });
});

describe.skipIf(!hasShared)('public model: the keras2circom MNIST CNN with a hashed input', () => {
  const cnn = async () => {
    await tf.setBackend('cpu');
    const km = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(readFileSync(MNIST_H5)) }]);
    return transpile(km, { inputRange: [0, 1], input: 'hashed', weights: 'public' });
  };
  it('costs 64,523 constraints, within 2^16 (the figure in docs/BENCHMARKS.md): no MAC, no model commitment, no rescale before the dense layer, a byte input', async () => {
    const r = await cnn();
    expect(r.plan.estimate.total).toBe(64_523);
    expect(r.plan.estimate.total).toBeLessThanOrEqual(65_536);
    // the input as bytes (PROTOCOL §3): 784 · 8 + PoseidonCommit(27) − 3 = 7,418, was InputCommit(784, 0, 256) = 9,016
    expect(r.plan.inputEncoding).toBe('u8');
    expect(r.plan.estimate.input).toBe(7_418);
    expect(r.plan.source).toMatch(/ByteInputCommit\(784, 8, \d+\)/);
    // public weights: the dense layer reads the 18-bit window sums directly (a rescale of 72 × 19 would cost more than the 2 wider bits of argmax)
    expect(r.q.nodes.map((n) => n.id)).not.toContain('flatten_rs');
    expect(r.q.nodes.find((n) => n.kind === 'maxPool2d')!.params).toMatchObject({ B: 17, BR: 16 });
    expect(r.plan.estimate.byNode.filter((n) => n.kind === 'conv2d' || n.kind === 'dense').every((n) => n.constraints === 0)).toBe(true);
    expect(r.ptauPower).toBe(16); // 2^16: the issue 15 target
  });
  // Compiling the CNN's public circuit takes about 4 minutes on 2 busy cores (--O2 folds ~35k products with
  // constants): run with ZKML_HEAVY=1 (it passed when the figure was pinned, 2026-12-04, and with the byte input: 64,523, 241 s under load).
  it.skipIf(!process.env.ZKML_HEAVY)('compiles to exactly the estimate and proves the right class; a forged class fails', async () => {
    const r = await cnn();
    const c = await compileSource(r.plan.source, 'keras2circom-mnist-public-weights');
    expect(c.nConstraints).toBe(r.plan.estimate.total);
    const labels = mnistLabels();
    const ints = quantizeInput(r.q, nested28(mnistImage(0)));
    const w = await c.witness(witnessInput(r.q, ints, 'public'));
    expect(w.satisfies()).toBe(true);
    expect(Number(w.get('out'))).toBe(labels[0]);
    expect(w.forge({ out: BigInt((labels[0] + 1) % 10) }).satisfies()).toBe(false);
    // the public commitment is the one of the picture's bytes
    const d = inputDescriptorOf(r.q);
    expect(toField(w.get('inputCommitment'))).toBe(inputCommitment(d, ints));
    expect(inputCommitment(d, ints)).toBe(inputCommit(Array.from(mnistImage(0), (v) => BigInt(Math.round(v * 255))), 0n, 255n, inputTag(d)));
  }, 900_000);
});

/** A deterministic MNIST-shaped image (no ../shared needed): a bright stroke on a dark field. */
function mnistLikeImage(k: number): Float32Array {
  return Float32Array.from({ length: 784 }, (_, i) => ((i % 28) - 14 + k) ** 2 + (Math.floor(i / 28) - 14) ** 2 < 40 ? 0.9 : 0.02 * ((i * (k + 3)) % 7));
}
const nested28f = (x: ArrayLike<number>) => Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, c) => [x[y * 28 + c]]));
