import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as snarkjs from 'snarkjs';
import { writeWtns } from '../zk/wtns.js';
import { P } from './field.js';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from './keras/load-model.js';
import type { KerasModel } from './keras/types.js';
import { transpile, type TranspileResult, BROWSER_CONSTRAINT_LIMIT } from './transpile.js';
import { quantizeInput, infer, witnessInput, InputShapeError, InputRangeError } from './witness/run.js';
import { evaluateAgreement } from './float/agreement.js';
import { UnsupportedLayerError, ShapeError } from './ir/errors.js';
import { SUPPORTED_LAYERS } from './ir/from-keras.js';
import { compileSource, type CompiledCircuit } from '../circuits/test/harness.js';
import { modelCommitment } from './commit/model.js';
import { claimOf } from './commit/claim.js';
import { inputCommitment, inputDescriptorOf, wireRange } from './commit/input.js';
import { toField } from './field.js';
import { hasShared, SKIP_REASON, MNIST_H5, mnistImage, mnistLabels, nested28 } from '../../tests/helpers/mnist.js';

/** A synthetic one-input model, for the error paths. */
function model(layers: KerasModel['layers'], inputShape = [4]): KerasModel {
  return {
    format: 'tfjs', name: 'synthetic', inputShape,
    layers: [{ name: 'input', className: 'InputLayer', config: {}, inbound: [], weights: [] }, ...layers],
    outputs: [layers[layers.length - 1].name],
  };
}
const dense = (name: string, nIn: number, units: number, inbound: string, activation = 'linear') => ({
  name, className: 'Dense', config: { units, activation, use_bias: true }, inbound: [inbound],
  weights: [
    { name: 'kernel', shape: [nIn, units], data: Float32Array.from({ length: nIn * units }, (_, i) => Math.sin(i + 1) / 2) },
    { name: 'bias', shape: [units], data: Float32Array.from({ length: units }, (_, i) => 0.1 * i) },
  ],
});

describe('transpiler error paths', () => {
  it('names an unsupported layer class and lists the supported ones', () => {
    const m = model([{ name: 'lstm', className: 'LSTM', config: {}, inbound: ['input'], weights: [] }]);
    try { transpile(m); expect.fail('should throw'); } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedLayerError);
      expect((e as Error).message).toMatch(/LSTM/);
      expect((e as Error).message).toMatch(/Conv2D.*Dense|Dense.*Conv2D/s);
      expect((e as UnsupportedLayerError).details.supported).toEqual(SUPPORTED_LAYERS);
    }
  });

  it('refuses a softmax that is not the last layer, and a Dense on an image', () => {
    const m = model([dense('d1', 4, 3, 'input', 'softmax'), dense('d2', 3, 2, 'd1')]);
    expect(() => transpile(m)).toThrow(/softmax is only supported as the last layer/);
    const img = model([dense('d', 4, 2, 'input')], [2, 2, 1]);
    expect(() => transpile(img)).toThrow(ShapeError);
  });

  it('names the expected shape when an input has the wrong one, and refuses values out of range', () => {
    const r = transpile(model([dense('d', 4, 3, 'input', 'softmax')]), { inputRange: [-1, 1] });
    expect(() => quantizeInput(r.q, [1, 2, 3])).toThrow(InputShapeError);
    expect(() => quantizeInput(r.q, [1, 2, 3])).toThrow(/expected shape \[4\]/);
    expect(() => quantizeInput(r.q, [[1], [2], [3], [4]])).toThrow(/expected shape \[4\]/);
    expect(() => quantizeInput(r.q, [0, 0, 0, Number.NaN])).toThrow(/finite number/);
    expect(() => quantizeInput(r.q, [0, 0, 0, 5])).toThrow(InputRangeError);
  });

  it('warns before compiling when a model is beyond what a browser can prove', () => {
    const big = model([dense('wide', 2048, 1024, 'input')], [2048]);
    const r = transpile(big);
    expect(r.plan.estimate.total).toBeGreaterThan(BROWSER_CONSTRAINT_LIMIT);
    expect(r.warnings.join()).toMatch(/beyond what a browser tab can prove/);
  });
});

describe('a small MLP, end to end through the constraints', () => {
  it('compiles to exactly the estimate, the witness satisfies the R1CS and matches integer inference', async () => {
    const m = model([dense('d1', 4, 6, 'input', 'relu'), dense('d2', 6, 3, 'd1', 'softmax')]);
    for (const input of ['public', 'hashed', 'private'] as const) {
      const r = transpile(m, { inputRange: [-1, 1], input });
      const c = await compileSource(r.plan.source, `mlp-${input}`);
      expect(c.nConstraints).toBe(r.plan.estimate.total);
      for (const x of [[0.5, -0.25, 1, -1], [0, 0, 0, 0], [-1, -1, -1, -1]]) {
        const ints = quantizeInput(r.q, x);
        const w = await c.witness(witnessInput(r.q, ints));
        expect(w.satisfies()).toBe(true);
        expect(w.get('out')).toBe(infer(r.q, ints).output[0]);
        // a different class is rejected
        expect(w.forge({ out: (w.get('out') + 1n) % 3n }).satisfies()).toBe(false);
        if (input === 'hashed') {
          // one public claim folds both commitments (PROTOCOL §3a): [out, claim]
          expect(r.plan.publicSignals).toEqual(['out', 'claim']);
          expect(r.plan.estimate.claim).toBe(291);
          const ic = inputCommitment(inputDescriptorOf(r.q), ints);
          expect(toField(w.get('claim'))).toBe(claimOf(modelCommitment(r.q), ic));
          // a claim for another model (or another input), or any other value, is rejected
          expect(w.forge({ claim: toField(claimOf(modelCommitment(r.q) + 1n, ic)) }).satisfies()).toBe(false);
          expect(w.forge({ claim: toField(claimOf(modelCommitment(r.q), ic + 1n)) }).satisfies()).toBe(false);
          expect(w.forge({ claim: w.get('claim') + 1n }).satisfies()).toBe(false);
        } else {
          expect(r.plan.estimate.claim).toBe(0);
          expect(toField(w.get('commitment'))).toBe(modelCommitment(r.q));
          expect(w.forge({ commitment: w.get('commitment') + 1n }).satisfies()).toBe(false);
        }
      }
    }
  });
});

describe('the declared input range is enforced by the circuit (issue 9)', () => {
  // An input outside the declared range is a true statement about garbage that readers take for a
  // verdict on an image: before, a public pixel of −11.7 proved class 5, and a hashed or private input
  // was only checked to its signed bit width ([−2, 2) for [0, 1] at 2^8).
  const m = model([dense('d1', 4, 6, 'input', 'relu'), dense('d2', 6, 3, 'd1', 'softmax')]);
  for (const input of ['public', 'hashed', 'private'] as const) {
    it(`${input} input: exactly [lo, hi] passes; lo − 1, hi + 1, a negative pixel and a wrapped value are refused`, async () => {
      const r = transpile(m, { inputRange: [0, 1], input });
      const c = await compileSource(r.plan.source, `mlp01-${input}`);
      expect(c.nConstraints).toBe(r.plan.estimate.total);
      const inNode = r.q.nodes.find((n) => n.kind === 'input')!;
      expect([inNode.lo, inNode.hi]).toEqual([0n, 1n << BigInt(r.q.inputScale)]);
      // [0, 1] at 2^-8 is a byte input (PROTOCOL §3): the wires are bytes, [lo, hi] = [0, 255]
      expect(r.plan.inputEncoding).toBe('u8');
      const [lo, hi] = wireRange(inputDescriptorOf(r.q));
      expect([lo, hi]).toEqual([0n, 255n]);
      // the wires as given, bypassing witnessInput's own refusal (the circuit must refuse them itself)
      const run = async (wires: bigint[]) => {
        try { return (await c.witness({ ...witnessInput(r.q, [0n, 0n, 0n, 0n]), in: wires.map(String) })).satisfies(); } catch { return false; }
      };
      expect(await run([lo, hi, lo, hi])).toBe(true);
      expect(witnessInput(r.q, [inNode.lo, inNode.hi, 1n, 129n]).in).toEqual(['0', '255', '1', '128']);
      expect(() => witnessInput(r.q, [128n, 0n, 0n, 0n])).toThrow(InputRangeError);
      for (const bad of [lo - 1n, hi + 1n, 256n, BigInt(Math.round(-11.7 * 255)), -(1n << BigInt(inNode.bits - 1)), 1n << 200n]) {
        expect(await run([bad, 0n, 0n, 0n]), `${input}: ${bad}`).toBe(false);
      }
      // and forging the input of an honest witness (the wasm's own checks bypassed) is refused by the R1CS
      const w = await c.witness(witnessInput(r.q, [1n, 2n, 3n, 4n]));
      // (--O2 keeps a private input only as its digits, so the public one is forged by name)
      if (input === 'public') {
        expect(w.forge({ 'in[0]': -1n }).satisfies()).toBe(false);
        expect(w.forge({ 'in[0]': 256n }).satisfies()).toBe(false);
        const forged = w.forge({ 'in[0]': hi + 1n });
        expect(forged.satisfies()).toBe(false);
        // the same verdict from snarkjs's own checker (`snarkjs wtns check`), honest and forged
        const tmp = mkdtempSync(join(tmpdir(), 'zkml-range-'));
        const quiet = { info() {}, warn() {}, error() {}, debug() {} };
        for (const [name, witness, ok] of [['honest', w, true], ['forged', forged, false]] as const) {
          writeFileSync(join(tmp, `${name}.wtns`), writeWtns(witness.values, P));
          expect(await snarkjs.wtns.check(join(c.dir, 'circuit.r1cs'), join(tmp, `${name}.wtns`), quiet), name).toBe(ok);
        }
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

describe('Dense and Conv2D layers without a bias (use_bias=False)', () => {
  it('transpile, compile to exactly the estimate and satisfy the R1CS: the bias is wired to zero', async () => {
    const noBiasDense = model([{ ...dense('d', 4, 3, 'input', 'softmax'), config: { units: 3, activation: 'softmax', use_bias: false }, weights: [dense('d', 4, 3, 'input').weights[0]!] }]);
    const conv = {
      name: 'c', className: 'Conv2D', inbound: ['input'],
      config: { filters: 2, kernel_size: [2, 2], strides: [1, 1], padding: 'valid', use_bias: false, activation: 'relu', data_format: 'channels_last', dilation_rate: [1, 1] },
      weights: [{ name: 'kernel', shape: [2, 2, 1, 2], data: Float32Array.from({ length: 8 }, (_, i) => Math.cos(i) / 2) }],
    };
    const noBiasConv = model([conv, { name: 'f', className: 'Flatten', config: {}, inbound: ['c'], weights: [] }, dense('d', 8, 3, 'f', 'softmax')], [3, 3, 1]);
    for (const [name, km, x] of [['dense', noBiasDense, [0.5, -0.25, 1, -1]], ['conv2d', noBiasConv, [[[0.1], [0.5], [0.9]], [[0], [1], [0.3]], [[0.2], [0.7], [0.4]]]]] as const) {
      const r = transpile(km as KerasModel, { inputRange: [-1, 1], input: 'hashed' });
      expect(r.plan.source, name).not.toMatch(/undefined/);
      // Dense always takes a bias (wired to zero); Conv2D has a USE_BIAS parameter
      expect(r.plan.source, name).toMatch(name === 'dense' ? /\.bias\[.*<== 0;/ : /Conv2D\(3, 3, 1, 2, 2, 2, 1, 1, 0, 0\)/);
      const c = await compileSource(r.plan.source, `nobias-${name}`);
      expect(c.nConstraints, name).toBe(r.plan.estimate.total);
      const ints = quantizeInput(r.q, x);
      const w = await c.witness(witnessInput(r.q, ints));
      expect(w.satisfies(), name).toBe(true);
      expect(w.get('out'), name).toBe(infer(r.q, ints).output[0]);
      expect(toField(w.get('claim')), name).toBe(claimOf(modelCommitment(r.q), inputCommitment(inputDescriptorOf(r.q), ints)));
    }
  });
});

describe('the use_bias=False fixtures (tests/fixtures/nobias, scripts/make-nobias-fixtures.ts), through the real loader', () => {
  for (const [name, x] of [['dense', [0.1, -0.2, 0.3, 0.9, -1, 0, 0.5, 0.25]], ['conv', Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, c) => [((r * 5 + c) % 7) / 7]))]] as const) {
    it(`${name}: loads, transpiles, compiles to the estimate; the witness satisfies the R1CS`, async () => {
      const dir = join(process.cwd(), 'tests/fixtures/nobias', name);
      const km = await loadModel([
        { name: 'model.json', bytes: new Uint8Array(readFileSync(join(dir, 'model.json'))) },
        { name: 'weights.bin', bytes: new Uint8Array(readFileSync(join(dir, 'weights.bin'))) },
      ]);
      const r = transpile(km, { inputRange: [-1, 1], input: 'hashed' });
      expect(r.plan.source).not.toMatch(/undefined/);
      const c = await compileSource(r.plan.source, `nobias-fixture-${name}`);
      expect(c.nConstraints).toBe(r.plan.estimate.total);
      const ints = quantizeInput(r.q, x);
      const w = await c.witness(witnessInput(r.q, ints));
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(infer(r.q, ints).output[0]);
    });
  }
});

describe.skipIf(!hasShared)('keras2circom MNIST CNN (../shared/fixtures)', () => {
  let km: KerasModel;
  let r: TranspileResult;
  let c: CompiledCircuit;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    km = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(readFileSync(MNIST_H5)) }]);
    r = transpile(km, { inputRange: [0, 1] });
    c = await compileSource(r.plan.source, 'keras2circom-mnist');
  });

  it('fits a 2^17 setup, weight commitment included, and the estimate is exact', () => {
    expect(r.plan.estimate.total).toBeLessThanOrEqual(131_072);
    expect(c.nConstraints).toBe(r.plan.estimate.total);
    expect(r.ptauPower).toBe(17);
    expect(r.plan.source).toMatch(/Keras Conv2D "conv2d\+batch_normalization"/);
  });

  it('proves the right class on real images, and a forged class is rejected', async () => {
    const labels = mnistLabels();
    for (const k of [0, 1, 2]) {
      const ints = quantizeInput(r.q, nested28(mnistImage(k)));
      const w = await c.witness(witnessInput(r.q, ints));
      expect(w.satisfies()).toBe(true);
      expect(Number(w.get('out'))).toBe(labels[k]);
      expect(w.forge({ out: BigInt((labels[k] + 1) % 10) }).satisfies()).toBe(false);
    }
  });

  it('agrees with the float model on ≥ 99.5% of the 1,000 images', async () => {
    const images = Array.from({ length: 1000 }, (_, k) => mnistImage(k));
    const a = await evaluateAgreement(km, r.q, images, mnistLabels());
    console.log(`MNIST CNN: agreement ${(a.agreement * 100).toFixed(1)}%, float accuracy ${(a.floatAccuracy! * 100).toFixed(1)}%, circuit accuracy ${(a.circuitAccuracy! * 100).toFixed(1)}%, max logit error ${a.maxLogitError.toFixed(4)}`);
    expect(a.agreement).toBeGreaterThanOrEqual(0.995);
    expect(a.circuitAccuracy!).toBeGreaterThan(0.95);
  });
});
