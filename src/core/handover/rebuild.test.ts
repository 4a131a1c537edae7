import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ZkmlError } from '../errors.js';
import { loadModel, type ModelFile } from '../keras/load-model.js';
import { transpile, type TranspileOptions } from '../transpile.js';
import { architectureOf } from '../commit/architecture.js';
import { modelCommitment, modelLimbs, modelParams } from '../commit/model.js';
import { infer, quantizeInput } from '../witness/run.js';
import type { QGraph } from '../quantize/types.js';
import { tinyModelFiles, TINY_INPUT } from '../../../tests/helpers/tiny-model.js';
import { hasShared, MNIST_H5, mnistImage, mnistLabels, nested28, SKIP_REASON } from '../../../tests/helpers/mnist.js';
import { generateKeyPair, encryptModel, CommitmentMismatchError, HandoverDataError, WrongKeyError } from './index.js';
import {
  rebuildGraph, openAndRebuild, floatModelOf, rebuiltModelFiles, recoverTranspileOptions, kerasModelOf, paramShapeOf,
  UnrebuildableModelError, FloatPrecisionError, RequantizationError,
} from './rebuild.js';

const FIX = join(process.cwd(), 'tests/fixtures/models');
const dir = (name: string): ModelFile[] => ['model.json', 'weights.bin'].map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(FIX, name, f))) }));
const RANGE: TranspileOptions = { inputRange: [0, 1] };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

async function original(files: ModelFile[], opts: TranspileOptions = RANGE) {
  const { q } = transpile(await loadModel(files), opts);
  return { q, commitment: modelCommitment(q), arch: clone(architectureOf(q)), params: modelParams(q) };
}

/** The exported .h5 and tfjs files, loaded through the project's loader and transpiled with the recorded options. */
async function reloaded(g: QGraph) {
  const out = await rebuiltModelFiles(g);
  const h5 = transpile(await loadModel([{ name: 'model.h5', bytes: out.h5 }]), out.record.transpile).q;
  const tfjs = transpile(await loadModel([{ name: 'model.json', bytes: out.modelJson }, { name: 'weights.bin', bytes: out.weightsBin }]), out.record.transpile).q;
  return { out, h5, tfjs };
}

const predict = (g: QGraph, x: unknown) => infer(g, quantizeInput(g, x)).output;

describe('rebuild the committed model from its architecture and weights (tiny model)', () => {
  it('decrypt → commitment check → exact quantized graph with the same integer predictions', async () => {
    const o = await original(tinyModelFiles());
    const provider = generateKeyPair(), hunter = generateKeyPair();
    const { weightLimbs, biasLimbs } = modelLimbs(o.q);
    const ct = encryptModel([...weightLimbs, ...biasLimbs], provider.pub, hunter.sk, 77n);
    const base = { ciphertext: ct, providerSk: provider.sk, hunterPub: hunter.pub, nonce: 77n, architecture: o.arch, commitment: o.commitment };
    const r = openAndRebuild(base);
    expect(r.weights).toEqual(o.params.weights);
    expect(r.biases).toEqual(o.params.biases);
    expect(modelCommitment(r.graph)).toBe(o.commitment);
    expect(architectureOf(r.graph)).toEqual(o.arch);
    const inputs = [TINY_INPUT, ...Array.from({ length: 20 }, (_, k) => TINY_INPUT.map((row, i) => row.map((c, j) => [((k * 7 + i * 3 + j * 5) % 11) / 10])))];
    for (const x of inputs) expect(predict(r.graph, x)).toEqual(predict(o.q, x));
    // another commitment, another architecture (same parameter shape), another key: typed errors
    expect(() => openAndRebuild({ ...base, commitment: o.commitment + 1n })).toThrow(CommitmentMismatchError);
    const arch2 = clone(o.arch); arch2.nodes[0].hi = String(BigInt(arch2.nodes[0].hi) + 1n);
    expect(() => openAndRebuild({ ...base, architecture: arch2 })).toThrow(CommitmentMismatchError);
    expect(() => openAndRebuild({ ...base, providerSk: generateKeyPair().sk })).toThrow(WrongKeyError);
    expect(paramShapeOf(o.arch)).toEqual({ nWeights: 48, weightBits: 8, nBiases: 7, biasBits: o.params.biasBits });
  });

  it('rebuildGraph refuses other weights, wrong counts, and values outside their committed width', async () => {
    const o = await original(tinyModelFiles());
    expect(modelCommitment(rebuildGraph(o.arch, o.params, o.commitment))).toBe(o.commitment);
    const w = o.params.weights.slice(); w[3] += 1n;
    const e = (() => { try { rebuildGraph(o.arch, { ...o.params, weights: w }, o.commitment); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(CommitmentMismatchError);
    expect(e).toBeInstanceOf(ZkmlError);
    expect(() => rebuildGraph(o.arch, { ...o.params, biases: o.params.biases.slice(1) }, o.commitment)).toThrow(HandoverDataError);
    // a weight beyond the kernel's width changes the recomputed architecture (widths come from the values)
    const wide = o.params.weights.slice(); wide[0] = 1000n;
    expect(() => rebuildGraph(o.arch, { ...o.params, weights: wide }, o.commitment)).toThrow(CommitmentMismatchError);
  });

  it('the exported .h5 and tfjs files load through the project loader and transpile to the same commitment', async () => {
    const o = await original(tinyModelFiles());
    const { out, h5, tfjs } = await reloaded(rebuildGraph(o.arch, o.params, o.commitment));
    expect(out.record).toMatchObject({ kind: 'zkml/rebuilt-model/v1', commitment: String(o.commitment), transpile: { actBits: 16, weightBits: 8, inputBits: 10, inputRange: [0, 1], raw: false } });
    expect(out.floatModel.layers.map((l) => [l.className, l.name, l.config.activation])).toEqual([
      ['Flatten', 'flatten', undefined], ['Dense', 'd1', 'relu'], ['Dense', 'd2', 'softmax'],
    ]);
    expect(modelCommitment(h5)).toBe(o.commitment);
    expect(modelCommitment(tfjs)).toBe(o.commitment);
    expect(JSON.parse(new TextDecoder().decode(out.modelJson)).userDefinedMetadata.zkml).toEqual(out.record);
    // the kernels are the integers / 2^scale exactly
    const d1 = o.q.nodes.find((n) => n.id === 'd1')!.weights.weights;
    expect(Array.from(out.floatModel.layers[1].weights[0].data)).toEqual(d1.data.map((v) => Number(v) / 2 ** d1.scale));
  });

  it('recovers a non-default activation budget and raw logits from the graph alone', async () => {
    const o = await original(tinyModelFiles(), { inputRange: [-0.5, 1.5], actBits: 12, raw: true });
    const g = rebuildGraph(o.arch, o.params, o.commitment);
    const { out, h5 } = await reloaded(g);
    expect(out.record.transpile).toMatchObject({ actBits: 12, inputRange: [-0.5, 1.5], raw: true });
    expect(modelCommitment(h5)).toBe(o.commitment);
    expect(out.floatModel.layers[2].config.activation).toBe('linear');
    expect(() => recoverTranspileOptions(g, kerasModelOf(floatModelOf(g)), o.commitment + 1n)).toThrow(RequantizationError);
  });

  it('the model.json is a tfjs layers model that tfjs itself loads; its float predictions follow the circuit', async () => {
    const o = await original(tinyModelFiles());
    const { modelJson, weightsBin } = await rebuiltModelFiles(rebuildGraph(o.arch, o.params, o.commitment));
    const j = JSON.parse(new TextDecoder().decode(modelJson));
    const m = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: j.modelTopology, weightSpecs: j.weightsManifest[0].weights, weightData: weightsBin.slice().buffer }));
    const y = m.predict(tf.tensor([TINY_INPUT])) as tf.Tensor;
    expect((await y.argMax(-1).data())[0]).toBe(Number(predict(o.q, TINY_INPUT)[0]));
  });

  it('names the node kinds it cannot rebuild, and refuses weights float32 cannot hold', async () => {
    const zoo = await original(dir('zoo'));
    const z = (() => { try { floatModelOf(zoo.q); } catch (x) { return x; } })() as UnrebuildableModelError;
    expect(z).toBeInstanceOf(UnrebuildableModelError);
    expect(z.details.kinds).toEqual(['pointwiseConv2d']); // SeparableConv2D's pointwise half
    expect(z.details.kinds).not.toContain('leakyRelu');
    expect(z.message).toMatch(/pointwiseConv2d/);
    const o = await original(tinyModelFiles());
    const b = o.params.biases.slice(); b[0] = 1n << 24n;
    const wide = rebuildGraph(o.arch, { ...o.params, biases: b });
    expect(() => floatModelOf(wide)).toThrow(FloatPrecisionError);
  });
});

/** [6,6,1] → ZeroPadding2D → Conv2D → LeakyReLU(0.25) → Conv2D(relu6) → Flatten → Dense(3, softmax), tfjs files. */
function zooFiles(): ModelFile[] {
  const conv = (name: string, filters: number, activation: string) => ({ class_name: 'Conv2D', config: { name, filters, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', activation, use_bias: true } });
  const layers = [
    { class_name: 'ZeroPadding2D', config: { name: 'pad', padding: [[1, 0], [0, 1]], batch_input_shape: [null, 6, 6, 1], dtype: 'float32' } },
    conv('c1', 3, 'linear'), { class_name: 'LeakyReLU', config: { name: 'lr', alpha: 0.25 } }, conv('c2', 2, 'relu6'),
    { class_name: 'Flatten', config: { name: 'flatten' } }, { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'softmax', use_bias: true } },
  ];
  const specs = [['c1/kernel', [3, 3, 1, 3]], ['c1/bias', [3]], ['c2/kernel', [3, 3, 3, 2]], ['c2/bias', [2]], ['d/kernel', [18, 3]], ['d/bias', [3]]] as const;
  const data: number[] = [];
  let k = 1;
  for (const [, sh] of specs) for (let i = 0; i < (sh as readonly number[]).reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 2.3) * 0.7);
  const json = { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { name: 'zoo2', layers } }, weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }] };
  return [{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }, { name: 'weights.bin', bytes: new Uint8Array(Float32Array.from(data).buffer) }];
}

/** [6,6,2] → DepthwiseConv2D(3×3, ×2, relu) → UpSampling2D(2) → Flatten → Dense(3, softmax), tfjs files. */
function depthwiseFiles(): ModelFile[] {
  const layers = [
    { class_name: 'DepthwiseConv2D', config: { name: 'dw', kernel_size: [3, 3], strides: [1, 1], padding: 'valid', depth_multiplier: 2, activation: 'relu', use_bias: true, batch_input_shape: [null, 6, 6, 2], dtype: 'float32' } },
    { class_name: 'UpSampling2D', config: { name: 'up', size: [2, 2] } },
    { class_name: 'Flatten', config: { name: 'flatten' } }, { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'softmax', use_bias: true } },
  ];
  const specs: [string, number[]][] = [['dw/depthwise_kernel', [3, 3, 2, 2]], ['dw/bias', [4]], ['d/kernel', [256, 3]], ['d/bias', [3]]];
  const data: number[] = [];
  let k = 1;
  for (const [, sh] of specs) for (let i = 0; i < sh.reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 1.3) * 0.6);
  const json = { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { name: 'dw', layers } }, weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }] };
  return [{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }, { name: 'weights.bin', bytes: new Uint8Array(Float32Array.from(data).buffer) }];
}

describe('rebuild DepthwiseConv2D and UpSampling2D', () => {
  it('round-trips to the same commitment', async () => {
    const o = await original(depthwiseFiles(), { inputRange: [-1, 1] });
    expect(o.q.nodes.map((n) => n.kind)).toEqual(expect.arrayContaining(['depthwiseConv2d', 'upSampling2d']));
    const { out, h5, tfjs } = await reloaded(rebuildGraph(o.arch, o.params, o.commitment));
    expect(out.floatModel.layers.map((l) => [l.className, l.config.activation])).toEqual([['DepthwiseConv2D', 'relu'], ['UpSampling2D', undefined], ['Flatten', undefined], ['Dense', 'softmax']]);
    expect(modelCommitment(h5)).toBe(o.commitment);
    expect(modelCommitment(tfjs)).toBe(o.commitment);
  });
});

describe('rebuild padding, LeakyReLU and relu6 (clip)', () => {
  it('round-trips to the same commitment, recovering constBits from the LeakyReLU', async () => {
    for (const constBits of [8, 6]) {
      const o = await original(zooFiles(), { inputRange: [-1, 1], constBits });
      expect(o.q.nodes.map((n) => n.kind)).toEqual(expect.arrayContaining(['zeroPadding2d', 'leakyRelu', 'clip']));
      const g = rebuildGraph(o.arch, o.params, o.commitment);
      const { out, h5, tfjs } = await reloaded(g);
      expect(out.record.transpile.constBits).toBe(constBits);
      expect(out.floatModel.layers.map((l) => l.className)).toEqual(['ZeroPadding2D', 'Conv2D', 'LeakyReLU', 'Conv2D', 'ReLU', 'Flatten', 'Dense']);
      expect(modelCommitment(h5)).toBe(o.commitment);
      expect(modelCommitment(tfjs)).toBe(o.commitment);
    }
  });
});

describe('rebuild the trained fixtures (tests/fixtures/models)', () => {
  it.each(['cnn-bn', 'poly', 'mlp', 'same-stride', 'residual'])('%s: the exported .h5 and tfjs files transpile to the same commitment', async (name) => {
    const o = await original(dir(name));
    const { out, h5, tfjs } = await reloaded(rebuildGraph(o.arch, o.params, o.commitment));
    expect(out.floatModel.sequential).toBe(name !== 'residual'); // the residual Add: a functional model
    expect(modelCommitment(h5)).toBe(o.commitment);
    expect(modelCommitment(tfjs)).toBe(o.commitment);
  });
});

describe.skipIf(!hasShared)(`rebuild the keras2circom MNIST CNN${hasShared ? '' : ` (SKIPPED: ${SKIP_REASON})`}`, () => {
  it('same commitment from the exported .h5 and tfjs files; the same integer predictions on MNIST samples', async () => {
    const o = await original([{ name: 'keras2circom-mnist-cnn.h5', bytes: new Uint8Array(readFileSync(MNIST_H5)) }]);
    const g = rebuildGraph(o.arch, o.params, o.commitment);
    const { out, h5, tfjs } = await reloaded(g);
    expect(out.floatModel.layers.map((l) => l.className)).toEqual(['Conv2D', 'MaxPooling2D', 'ReLU', 'Conv2D', 'ReLU', 'AveragePooling2D', 'Flatten', 'Dense']);
    expect(modelCommitment(h5)).toBe(o.commitment);
    expect(modelCommitment(tfjs)).toBe(o.commitment);
    const preds: bigint[][] = [];
    for (let k = 0; k < 30; k++) {
      const x = nested28(mnistImage(k));
      const p = predict(o.q, x);
      expect(predict(g, x), `image ${k}`).toEqual(p);
      expect(predict(h5, x), `image ${k}`).toEqual(p);
      preds.push(p);
    }
    expect(new Set(preds.map((p) => p[0])).size).toBeGreaterThan(5); // real predictions, not a constant
    // what an accuracy proof counts on these samples: the same for the rebuilt model
    const labels = mnistLabels().slice(0, 30);
    const correct = (gr: QGraph) => labels.filter((y, k) => Number(predict(gr, nested28(mnistImage(k)))[0]) === y).length;
    expect(correct(g)).toBe(preds.filter((p, k) => Number(p[0]) === labels[k]).length);
    expect(correct(g)).toBeGreaterThanOrEqual(25);
    // the float model.json as tfjs itself runs it agrees with the circuit's integer predictions
    const j = JSON.parse(new TextDecoder().decode(out.modelJson));
    const m = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: j.modelTopology, weightSpecs: j.weightsManifest[0].weights, weightData: out.weightsBin.slice().buffer }));
    const x = tf.tensor(Array.from({ length: 30 }, (_, k) => nested28(mnistImage(k))));
    const floatPreds = Array.from(await (m.predict(x) as tf.Tensor).argMax(-1).data());
    const agree = floatPreds.filter((c, k) => c === Number(preds[k][0])).length;
    expect(agree).toBeGreaterThanOrEqual(29);
  });
});
