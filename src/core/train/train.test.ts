/**
 * In-browser training, in Node (tfjs CPU backend): the tiny fixture architecture (tests/helpers/tiny-model.ts,
 * 3×3 → 4 → 3) trained a few epochs on a small learnable set; the result loads through the project's Keras
 * loader and transpiles to the SAME architecture hash (and the recorded commitment); early stopping restores
 * the best epoch; an abort stops with TrainingAbortedError; bad input is typed.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadModel } from '../keras/load-model.js';
import { transpile } from '../transpile.js';
import { architectureOf, archHash, type Architecture } from '../commit/architecture.js';
import { modelCommitment } from '../commit/model.js';
import { inputDescriptorOf } from '../commit/input-descriptor.js';
import { trainModel, type TrainOptions } from './train.js';
import { fitToArchitecture } from './fit-architecture.js';
import { EmptyDatasetError, ShapeMismatchError, TrainingAbortedError, UnsupportedArchitectureError, TrainOptionsError } from './errors.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';

/** A learnable 3-class set of 3×3 uint8 images: the class is the brightest row. */
function rows(n: number, seed: number): { samples: Uint8Array[]; labels: number[] } {
  let s = seed;
  const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
  const samples: Uint8Array[] = [], labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = k % 3;
    samples.push(Uint8Array.from({ length: 9 }, (_, i) => (Math.floor(i / 3) === c ? 160 + (next() % 96) : next() % 100)));
    labels.push(c);
  }
  return { samples, labels };
}

let arch: Architecture;
const base = (): Omit<TrainOptions, 'samples' | 'labels'> => ({ architecture: arch, epochs: 6, batchSize: 8, validationSplit: 0.25, patience: 3, seed: 7 });

beforeAll(async () => {
  arch = architectureOf(transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q);
});

describe('trainModel (tiny architecture, tfjs CPU)', () => {
  it('trains with a per-epoch report and yields files that transpile to the same architecture hash', async () => {
    const data = rows(48, 3);
    const seen: number[] = [];
    const r = await trainModel({ ...base(), ...data, epochs: 8, onEpoch: (e) => seen.push(e.epoch) });
    expect(seen).toEqual(r.history.map((e) => e.epoch));
    expect(r.history.length).toBeGreaterThan(0);
    for (const e of r.history) {
      expect(Number.isFinite(e.loss) && Number.isFinite(e.valLoss!)).toBe(true);
      expect(e.accuracy).toBeGreaterThanOrEqual(0);
      expect(e.valAccuracy).toBeLessThanOrEqual(1);
    }
    expect(r.history[r.history.length - 1].loss).toBeLessThan(r.history[0].loss);
    expect(r.archHash).toBe(String(archHash(arch)));
    expect(r.evaluatedOn).toBe('validation');
    expect(r.evaluatedCount).toBe(12);
    expect(r.circuitAccuracy).toBeGreaterThan(0.5);
    // the files, through the project's loader and transpiler with the recorded options
    const model = await loadModel(r.files);
    const { inputRange, ...opts } = r.record.transpile;
    const q = transpile(model, { ...opts, inputRange }).q;
    expect(archHash(architectureOf(q))).toBe(archHash(arch));
    expect(String(modelCommitment(q))).toBe(r.commitment);
    // and with the default options (the bounty's tiny model was transpiled with the defaults and [0, 1])
    expect(archHash(architectureOf(transpile(model, { inputRange: [0, 1] }).q))).toBe(archHash(arch));
  });

  it('early stopping restores the best epoch; same seed, same model', async () => {
    const data = rows(24, 5);
    const opts = { ...base(), ...data, epochs: 40, patience: 1, learningRate: 0.5 };
    const a = await trainModel(opts);
    expect(a.stoppedEarly).toBe(true);
    expect(a.history.length).toBeLessThan(40);
    const bestLoss = Math.min(...a.history.map((e) => e.valLoss!));
    expect(a.history[a.bestEpoch - 1].valLoss).toBe(bestLoss);
    expect(a.history[a.bestEpoch - 1].best).toBe(true);
    expect(a.history.length).toBe(a.bestEpoch + 1);
    const b = await trainModel(opts);
    expect(b.commitment).toBe(a.commitment);
  });

  it('an abort stops training with TrainingAbortedError; finish ends it with the best weights so far', async () => {
    const ctl = new AbortController();
    const data = rows(24, 9);
    await expect(trainModel({ ...base(), ...data, epochs: 50, patience: Infinity, signal: ctl.signal, onEpoch: (e) => { if (e.epoch === 2) ctl.abort(); } }))
      .rejects.toSatisfy((e: unknown) => e instanceof TrainingAbortedError && (e as TrainingAbortedError).details.epochsDone === 2);
    const pre = new AbortController();
    pre.abort();
    await expect(trainModel({ ...base(), ...data, signal: pre.signal })).rejects.toBeInstanceOf(TrainingAbortedError);
    // "stop, keep the best": ends after epoch 3 with a model
    const stop = new AbortController();
    const r = await trainModel({ ...base(), ...data, epochs: 50, patience: Infinity, finish: stop.signal, onEpoch: (e) => { if (e.epoch === 3) stop.abort(); } });
    expect(r.finishedByUser).toBe(true);
    expect(r.history.length).toBe(3);
    expect(r.archHash).toBe(String(archHash(arch)));
  });

  it('typed errors: empty set, shape mismatch, labels, descriptor, options, unsupported architecture', async () => {
    const data = rows(6, 1);
    await expect(trainModel({ ...base(), samples: [], labels: [] })).rejects.toBeInstanceOf(EmptyDatasetError);
    await expect(trainModel({ ...base(), samples: [new Uint8Array(8)], labels: [0] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(trainModel({ ...base(), samples: new Uint8Array(10), labels: [0] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(trainModel({ ...base(), ...data, labels: [0, 1, 2, 3, 0, 1] })).rejects.toThrow(/label 3 is 3, the architecture has 3 classes/);
    await expect(trainModel({ ...base(), samples: data.samples, labels: [0] })).rejects.toBeInstanceOf(ShapeMismatchError);
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q;
    const d = inputDescriptorOf(q);
    await expect(trainModel({ ...base(), ...data, epochs: 1, inputDescriptor: { ...d, shape: [9] } })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(trainModel({ ...base(), ...data, epochs: 0 })).rejects.toBeInstanceOf(TrainOptionsError);
    await expect(trainModel({ ...base(), ...data, validationSplit: 1 })).rejects.toBeInstanceOf(TrainOptionsError);
    const poly = JSON.parse(JSON.stringify(arch)) as Architecture;
    poly.nodes.find((n) => n.kind === 'relu' || n.kind === 'rescaleRelu')!.kind = 'hardSigmoid';
    expect(() => fitToArchitecture(poly, new Map())).toThrow();
    await expect(trainModel({ ...base(), ...data, architecture: poly })).rejects.toSatisfy((e: unknown) => e instanceof UnsupportedArchitectureError || (e as Error).name === 'ArchitectureError');
  });
});
