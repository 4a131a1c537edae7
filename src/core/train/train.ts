/**
 * Train a model of a bounty's accepted architecture with tfjs (isomorphic: the CPU backend in Node, whatever
 * backend the page or worker has in a browser), so that a hunter can bring a model without Python.
 *
 *   const r = await trainModel({ architecture, samples, labels, epochs: 10, batchSize: 32, validationSplit: 0.2, patience: 3 });
 *   r.files          // model.json + weights.bin: loadModel(r.files) → transpile → the architecture's hash
 *
 * The float model is the architecture's own Keras counterpart (src/core/handover/rebuild.ts `floatModelOf`
 * of `graphFromArchitecture`, the layer mapper the hand-over uses), with freshly initialised weights (Glorot
 * uniform from `seed`, zero biases). Inputs are the uint8 samples read as the accuracy circuit reads them
 * (docs/PROTOCOL.md §6: value = byte / 255). Each epoch trains on a seeded shuffle of the training part, then
 * the loss and accuracy of the training and validation parts are measured; early stopping watches the
 * validation loss (the training loss without a validation part) with `patience` and restores the best weights.
 * The trained weights are then fitted to the architecture's quantization (./fit-architecture.ts), and the
 * files are written with the transpile options that give the architecture back (`recoverTranspileOptions`).
 */
import * as tf from '@tensorflow/tfjs';
import { archHash, graphFromArchitecture, type Architecture } from '../commit/architecture.js';
import { modelCommitment } from '../commit/model.js';
import type { InputDescriptor } from '../commit/input-descriptor.js';
import { floatModelOf, kerasModelOf, recoverTranspileOptions, tfjsFiles, type RebuildRecord, type FloatModel } from '../handover/rebuild.js';
import { buildTfjsModel } from '../float/predict.js';
import { circuitClass } from '../float/evaluate.js';
import { architectureOf } from '../commit/architecture.js';
import { fitToArchitecture, untrainableKinds, type FloatParams } from './fit-architecture.js';
import { EmptyDatasetError, ShapeMismatchError, TrainingAbortedError, TrainOptionsError, UnsupportedArchitectureError } from './errors.js';
import type { QGraph } from '../quantize/types.js';

export interface EpochStats {
  /** 1-based */
  epoch: number;
  loss: number;
  accuracy: number;
  /** null without a validation part */
  valLoss: number | null;
  valAccuracy: number | null;
  /** the monitored loss improved on every earlier epoch (these weights are kept so far) */
  best: boolean;
}

export interface TrainOptions {
  /** the bounty's accepted architecture (zkml/architecture/v1 JSON) */
  architecture: unknown;
  /** uint8 samples in the architecture's input shape (row-major, channels last): one array each, or all concatenated */
  samples: Uint8Array | readonly Uint8Array[];
  /** one class index per sample */
  labels: ArrayLike<number>;
  /** when given, must be the architecture's own input descriptor (a bounty's published one) */
  inputDescriptor?: InputDescriptor;
  epochs: number;
  batchSize: number;
  /** fraction of the samples held out for validation, in [0, 1) */
  validationSplit: number;
  /** epochs without improvement of the monitored loss before stopping (Keras semantics; Infinity: never) */
  patience: number;
  /** Adam's learning rate (default 0.01) */
  learningRate?: number;
  /** seeds the initial weights, the split and the shuffles (default 1) */
  seed?: number;
  /** cancels: training stops and rejects with TrainingAbortedError */
  signal?: AbortSignal;
  /** "stop now, keep the best": training ends after the current batch and the best weights so far are used */
  finish?: AbortSignal;
  onEpoch?: (e: EpochStats) => void;
}

export interface TrainResult {
  /** tfjs layers model: model.json (recording the transpile options in userDefinedMetadata.zkml) and weights.bin */
  files: { name: string; bytes: Uint8Array }[];
  history: EpochStats[];
  /** the epoch whose weights were kept (1-based) */
  bestEpoch: number;
  /** early stopping ended training (patience ran out) */
  stoppedEarly: boolean;
  /** the `finish` signal ended training */
  finishedByUser: boolean;
  archHash: string;
  commitment: string;
  record: RebuildRecord;
  /** accuracy of the trained float model and of the fitted circuit model (exact integer inference) on `evaluatedOn` */
  floatAccuracy: number;
  circuitAccuracy: number;
  evaluatedOn: 'validation' | 'training';
  evaluatedCount: number;
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(n: number, rnd: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

/** The number of classes an architecture predicts (the argmax's input, else the output's last dimension). */
export function classCount(g: QGraph): number {
  const out = g.nodes.find((n) => n.id === g.output)!;
  const src = out.kind === 'argmax' ? g.nodes.find((n) => n.id === out.inputs[0])! : out;
  return src.shape[src.shape.length - 1];
}

function checkOptions(o: TrainOptions): void {
  const bad = (option: string, msg: string): never => { throw new TrainOptionsError(`${option} ${msg}`, { details: { option } }); };
  if (!Number.isInteger(o.epochs) || o.epochs < 1 || o.epochs > 10_000) bad('epochs', 'must be a whole number from 1 to 10,000');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) bad('batchSize', 'must be a whole number ≥ 1');
  if (!(o.validationSplit >= 0 && o.validationSplit < 1)) bad('validationSplit', 'must be in [0, 1)');
  if (!(o.patience >= 0)) bad('patience', 'must be ≥ 0');
  if (o.learningRate !== undefined && !(o.learningRate > 0 && o.learningRate < 10)) bad('learningRate', 'must be in (0, 10)');
}

/** Checks the architecture, data and options, and returns the samples one array each. Throws the typed errors. */
export function checkTrainingInput(o: TrainOptions): { graph: QGraph; samples: Uint8Array[]; labels: number[]; classes: number } {
  checkOptions(o);
  const graph = graphFromArchitecture(o.architecture);
  const bad = untrainableKinds(o.architecture);
  const weighted = graph.nodes.filter((n) => Object.keys(n.weights).length && !['dense', 'conv2d', 'depthwiseConv2d'].includes(n.kind)).map((n) => n.kind);
  if (bad.length || weighted.length) {
    const kinds = [...new Set([...bad, ...weighted])];
    throw new UnsupportedArchitectureError(`training in the browser does not handle the layer kind${kinds.length > 1 ? 's' : ''} ${kinds.join(', ')}`, { details: { kinds } });
  }
  const size = graph.inputShape.reduce((a, b) => a * b, 1);
  const input = graph.nodes.find((n) => n.kind === 'input')!;
  if (o.inputDescriptor) {
    const d = o.inputDescriptor;
    if (JSON.stringify(d.shape) !== JSON.stringify(graph.inputShape) || d.fracBits !== graph.inputScale || d.lo !== input.lo.toString() || d.hi !== input.hi.toString()) {
      throw new ShapeMismatchError('the input descriptor is not the architecture\'s (shape, scale or range differ)', {
        details: { expected: { shape: graph.inputShape, fracBits: graph.inputScale, lo: String(input.lo), hi: String(input.hi) }, got: d },
      });
    }
  }
  if (input.lo > 0n || input.hi < 1n << BigInt(graph.inputScale)) {
    throw new ShapeMismatchError(`the architecture's input range [${input.lo}, ${input.hi}] / 2^${graph.inputScale} does not cover [0, 1], where byte / 255 samples lie`, { details: { expected: [0, 1], got: [String(input.lo), String(input.hi)] } });
  }
  let samples: Uint8Array[];
  if (o.samples instanceof Uint8Array) {
    if (o.samples.length % size !== 0) throw new ShapeMismatchError(`${o.samples.length} bytes are not a whole number of ${size}-byte samples`, { details: { expected: size, got: o.samples.length } });
    samples = Array.from({ length: o.samples.length / size }, (_, i) => (o.samples as Uint8Array).subarray(i * size, (i + 1) * size));
  } else samples = [...o.samples];
  if (samples.length === 0) throw new EmptyDatasetError('there are no samples to train on', { details: { count: 0 } });
  const i = samples.findIndex((s) => s.length !== size);
  if (i >= 0) throw new ShapeMismatchError(`sample ${i} has ${samples[i].length} bytes, the architecture's input [${graph.inputShape.join(', ')}] takes ${size}`, { details: { sample: i, expected: size, got: samples[i].length } });
  if (o.labels.length !== samples.length) throw new ShapeMismatchError(`${samples.length} samples but ${o.labels.length} labels`, { details: { expected: samples.length, got: o.labels.length } });
  const classes = classCount(graph);
  const labels = Array.from(o.labels);
  const j = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classes);
  if (j >= 0) throw new ShapeMismatchError(`label ${j} is ${labels[j]}, the architecture has ${classes} classes`, { details: { sample: j, expected: classes, got: labels[j] } });
  return { graph, samples, labels, classes };
}

function glorot(shape: number[], kind: string, rnd: () => number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const rf = shape.length > 2 ? shape.slice(0, -2).reduce((a, b) => a * b, 1) : 1;
  const fanIn = shape.length >= 2 ? shape[shape.length - 2] * rf : size;
  const fanOut = kind === 'depthwise_kernel' ? shape[shape.length - 1] * rf : shape.length >= 2 ? shape[shape.length - 1] * rf : size;
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: size }, () => (rnd() * 2 - 1) * lim);
}

/** The float (tfjs) model of an architecture with seeded Glorot-uniform kernels and zero biases. */
export async function initialModel(architecture: unknown, seed = 1): Promise<{ model: tf.LayersModel; floatModel: FloatModel }> {
  const floatModel = floatModelOf(graphFromArchitecture(architecture), 'zkml_trained');
  const rnd = seededRandom(seed);
  for (const l of floatModel.layers) for (const w of l.weights) w.data = w.name === 'bias' ? new Float32Array(w.data.length) : glorot(w.shape, w.name, rnd);
  return { model: await buildTfjsModel(kerasModelOf(floatModel)), floatModel };
}

function toTensor(samples: readonly Uint8Array[], idx: readonly number[], shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(idx.length * size);
  idx.forEach((k, r) => { const s = samples[k]; for (let i = 0; i < size; i++) data[r * size + i] = s[i] / 255; });
  return tf.tensor(data, [idx.length, ...shape]);
}

/** Mean cross-entropy and accuracy of the model on a part (probabilities when `softmax`, else logits). */
function measure(model: tf.LayersModel, x: tf.Tensor, labels: readonly number[], classes: number, softmax: boolean): { loss: number; accuracy: number } {
  return tf.tidy(() => {
    const out = model.predict(x) as tf.Tensor;
    const logp = softmax ? tf.log(tf.clipByValue(out, 1e-7, 1)) : tf.logSoftmax(out);
    const y = tf.oneHot(tf.tensor1d([...labels], 'int32'), classes);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, logp), -1))).dataSync()[0];
    const pred = tf.argMax(out, -1).dataSync();
    let ok = 0;
    pred.forEach((p, i) => { if (p === labels[i]) ok++; });
    return { loss, accuracy: labels.length ? ok / labels.length : 0 };
  });
}

/** Trains, early-stops, fits to the architecture and writes the files (see the module comment). */
export async function trainModel(o: TrainOptions): Promise<TrainResult> {
  const { graph, samples, labels, classes } = checkTrainingInput(o);
  const seed = o.seed ?? 1;
  const rnd = seededRandom(seed ^ 0x5eed);
  const order = shuffle(samples.length, rnd);
  let nVal = Math.floor(samples.length * o.validationSplit);
  if (o.validationSplit > 0 && nVal === 0 && samples.length >= 2) nVal = 1;
  const valIdx = order.slice(samples.length - nVal), trainIdx = order.slice(0, samples.length - nVal);
  const { model, floatModel } = await initialModel(o.architecture, seed);
  const softmax = floatModel.layers.some((l) => l.name === floatModel.output && l.config.activation === 'softmax')
    || floatModel.layers[floatModel.layers.length - 1]?.className === 'Activation';
  const y1 = (idx: number[]) => tf.oneHot(tf.tensor1d(idx.map((i) => labels[i]), 'int32'), classes).toFloat();
  const lossFn = softmax ? 'categoricalCrossentropy' : (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp);
  model.compile({ optimizer: tf.train.adam(o.learningRate ?? 0.01), loss: lossFn });
  const xTrainAll = toTensor(samples, trainIdx, graph.inputShape);
  const yTrainAll = y1(trainIdx);
  const xVal = nVal ? toTensor(samples, valIdx, graph.inputShape) : null;
  const trainLabels = trainIdx.map((i) => labels[i]), valLabels = valIdx.map((i) => labels[i]);
  const history: EpochStats[] = [];
  let best = Infinity, bestEpoch = 0, wait = 0, stoppedEarly = false, finishedByUser = false;
  let bestWeights: tf.Tensor[] | null = null;
  const aborted = () => o.signal?.aborted === true;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      if (aborted()) throw new TrainingAbortedError(epoch - 1);
      if (o.finish?.aborted && history.length) { finishedByUser = true; break; }
      const perm = tf.tensor1d(shuffle(trainIdx.length, rnd), 'int32');
      const x = tf.gather(xTrainAll, perm), y = tf.gather(yTrainAll, perm);
      perm.dispose();
      try {
        await model.fit(x, y, {
          epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0,
          // tfjs yields through requestAnimationFrame, which never fires in a worker without a canvas: yield per batch here instead
          yieldEvery: 'never',
          callbacks: { onBatchEnd: async () => { await new Promise((r) => setTimeout(r, 0)); if (aborted() || o.finish?.aborted) model.stopTraining = true; } },
        });
      } finally { x.dispose(); y.dispose(); }
      if (aborted()) throw new TrainingAbortedError(epoch - 1);
      const tr = measure(model, xTrainAll, trainLabels, classes, softmax);
      const va = xVal ? measure(model, xVal, valLabels, classes, softmax) : null;
      const monitored = va ? va.loss : tr.loss;
      const improved = monitored < best;
      if (improved) {
        best = monitored; bestEpoch = epoch; wait = 0;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = model.getWeights().map((t) => t.clone());
      } else wait++;
      const stats: EpochStats = { epoch, loss: tr.loss, accuracy: tr.accuracy, valLoss: va?.loss ?? null, valAccuracy: va?.accuracy ?? null, best: improved };
      history.push(stats);
      o.onEpoch?.(stats);
      if (o.finish?.aborted) { finishedByUser = true; break; }
      if (!improved && wait >= o.patience) { stoppedEarly = true; break; }
      await new Promise((r) => setTimeout(r, 0)); // let an abort (or the page) through between epochs
    }
    if (bestWeights) model.setWeights(bestWeights);
    // the trained float weights by layer (= node id), fitted into the architecture's quantization
    const params = new Map<string, FloatParams>();
    for (const l of floatModel.layers) {
      if (!l.weights.length) continue;
      const ws = model.getLayer(l.name).getWeights();
      const byName = Object.fromEntries(l.weights.map((w, i) => [w.name, ws[i].dataSync() as Float32Array]));
      params.set(l.name, { kernel: byName.kernel ?? byName.depthwise_kernel, bias: byName.bias });
    }
    const evalIdx = nVal ? valIdx : trainIdx;
    const evalLabels = nVal ? valLabels : trainLabels;
    const floatAccuracy = measure(model, xVal ?? xTrainAll, evalLabels, classes, softmax).accuracy;
    const fitted = fitToArchitecture(o.architecture, params);
    let ok = 0;
    evalIdx.forEach((k) => { if (circuitClass(fitted, samples[k]) === labels[k]) ok++; });
    const fm = floatModelOf(fitted, 'zkml_trained');
    const commitment = modelCommitment(fitted);
    const record: RebuildRecord = {
      kind: 'zkml/rebuilt-model/v1', commitment: String(commitment), archHash: String(archHash(architectureOf(fitted))),
      transpile: recoverTranspileOptions(fitted, kerasModelOf(fm), commitment),
    };
    const { modelJson, weightsBin } = tfjsFiles(fm, record);
    return {
      files: [{ name: 'model.json', bytes: modelJson }, { name: 'weights.bin', bytes: weightsBin }],
      history, bestEpoch, stoppedEarly, finishedByUser, archHash: String(archHash(o.architecture as Architecture)), commitment: String(commitment), record,
      floatAccuracy, circuitAccuracy: evalIdx.length ? ok / evalIdx.length : 0, evaluatedOn: nVal ? 'validation' : 'training', evaluatedCount: evalIdx.length,
    };
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    xTrainAll.dispose(); yTrainAll.dispose(); xVal?.dispose();
    model.dispose();
  }
}
