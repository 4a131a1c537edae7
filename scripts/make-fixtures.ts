/**
 * Builds, briefly trains and saves the fixture models of tests/fixtures/models/ — run with
 *   npx tsx scripts/make-fixtures.ts
 *
 * Pure JS: @tensorflow/tfjs on its CPU backend (no tfjs-node, no Python). Trains on the 1,000 MNIST images of
 * ../shared/fixtures/mnist-train-pgm (800 for training, the last 200 held out), pixels / 255, seeded
 * initialisers, no shuffling, so a re-run gives the same models. Each model is written in the tfjs layers
 * format (model.json + weights.bin, captured with tf.io.withSaveHandler) with expected.json: the float
 * predictions on images 0..19 and the held-out accuracy. Also writes, for the loader round-trip tests,
 * mlp/model.keras (a Keras 3 archive: config.json, metadata.json, model.weights.h5 written with h5wasm) and
 * cnn-bn/model.h5 (a Keras 2 HDF5 model: model_config + model_weights).
 */
import * as tf from '@tensorflow/tfjs';
import { zipSync, strToU8 } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeH5 } from '../src/core/keras/h5.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MNIST = resolve(ROOT, '../shared/fixtures/mnist-train-pgm');
const OUT = join(ROOT, 'tests/fixtures/models');
const N_TRAIN = 800;
const N_ALL = 1000;

// ---------------------------------------------------------------- the Poly activation, x² + n·x
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The polynomial activation x² + n·x as a custom layer; serialises as class_name 'Poly', config {n}. */
class Poly extends tf.layers.Layer {
  static className = 'Poly';
  readonly n: number;
  constructor(args: LayerArgs & { n: number }) {
    super(args);
    this.n = args.n;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return x.square().add(x.mul(this.n));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), n: this.n };
  }
}
tf.serialization.registerClass(Poly);

// ---------------------------------------------------------------- data
function loadMnist(): { x: Float32Array; labels: number[] } {
  const labels = (JSON.parse(readFileSync(join(MNIST, 'labels.json'), 'utf8')) as number[]).slice(0, N_ALL);
  const x = new Float32Array(N_ALL * 784);
  for (let i = 0; i < N_ALL; i++) {
    const b = readFileSync(join(MNIST, `${i}.pgm`));
    if (b.length !== 797 || b.subarray(0, 13).toString('latin1') !== 'P5\n28 28\n255\n') throw new Error(`${i}.pgm: unexpected PGM header`);
    for (let p = 0; p < 784; p++) x[i * 784 + p] = b[13 + p] / 255;
  }
  return { x, labels };
}

// ---------------------------------------------------------------- models
let seed = 1234;
const init = () => tf.initializers.glorotUniform({ seed: seed++ });

function mlp(): tf.LayersModel {
  return tf.sequential({
    name: 'mlp',
    layers: [
      tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 4, name: 'downsample' }), // 7×7: keeps the circuit small
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(), name: 'dense' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense_1' }),
    ],
  });
}

function cnnBn(): tf.LayersModel {
  return tf.sequential({
    name: 'cnn_bn',
    layers: [
      tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 2, name: 'downsample' }), // 14×14: keeps the circuit small
      tf.layers.conv2d({ filters: 2, kernelSize: 3, kernelInitializer: init(), name: 'conv2d' }),
      tf.layers.batchNormalization({ name: 'batch_normalization' }),
      tf.layers.reLU({ name: 're_lu' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, kernelInitializer: init(), name: 'conv2d_1' }),
      tf.layers.reLU({ name: 're_lu_1' }),
      tf.layers.averagePooling2d({ poolSize: 2, name: 'average_pooling2d' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense' }),
    ],
  });
}

function poly(): tf.LayersModel {
  return tf.sequential({
    name: 'poly',
    layers: [
      tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 4, name: 'downsample' }), // 7×7: keeps the circuit small
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, kernelInitializer: init(), name: 'conv2d' }),
      new Poly({ n: 2, name: 'poly' }),
      tf.layers.averagePooling2d({ poolSize: 2, name: 'average_pooling2d' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 16, kernelInitializer: init(), name: 'dense' }),
      new Poly({ n: 2, name: 'poly_1' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense_1' }),
    ],
  });
}

function residual(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'input' });
  const apply = (l: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(x) as tf.SymbolicTensor;
  const small = apply(tf.layers.averagePooling2d({ poolSize: 4, name: 'downsample' }), input); // 7×7: keeps the circuit small
  let x = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: init(), name: 'conv2d' }), small); // 5×5×4
  x = apply(tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }), x); // 2×2×4
  let r = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv2d_1' }), x);
  r = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(), name: 'conv2d_2' }), r);
  let y = apply(tf.layers.add({ name: 'add' }), [x, r]); // the residual connection
  y = apply(tf.layers.reLU({ name: 're_lu' }), y);
  y = apply(tf.layers.averagePooling2d({ poolSize: 2, name: 'average_pooling2d' }), y); // 1×1×4
  y = apply(tf.layers.flatten({ name: 'flatten' }), y);
  const out = apply(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense' }), y);
  return tf.model({ inputs: input, outputs: out, name: 'residual' });
}

function conv1d(): tf.LayersModel {
  return tf.sequential({
    name: 'conv1d',
    layers: [
      tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 2, name: 'downsample' }), // 14×14: keeps the circuit small
      tf.layers.reshape({ targetShape: [14, 14], name: 'reshape' }),
      tf.layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: init(), name: 'conv1d' }),
      tf.layers.maxPooling1d({ poolSize: 2, name: 'max_pooling1d' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense' }),
    ],
  });
}

function sameStride(): tf.LayersModel {
  return tf.sequential({
    name: 'same_stride',
    layers: [
      tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 4, name: 'downsample' }), // 7×7: keeps the circuit small
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv2d' }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'max_pooling2d' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv2d_1' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense' }),
    ],
  });
}

function zoo(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'input' });
  const apply = (l: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(x) as tf.SymbolicTensor;
  const small = apply(tf.layers.averagePooling2d({ poolSize: 4, name: 'downsample' }), input); // 7×7: keeps the circuit small
  const x = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: init(), name: 'conv2d' }), small); // 3×3×4
  let a = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: init(), name: 'depthwise_conv2d' }), x);
  a = apply(tf.layers.leakyReLU({ alpha: 0.1, name: 'leaky_re_lu' }), a);
  let b = apply(
    tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthwiseInitializer: init(), pointwiseInitializer: init(), name: 'separable_conv2d' }),
    x,
  );
  b = apply(tf.layers.reLU({ maxValue: 6, name: 're_lu' }), b); // ReLU6
  let y = apply(tf.layers.concatenate({ name: 'concatenate' }), [a, b]); // 3×3×8
  y = apply(tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }), y); // 1×1×8
  y = apply(tf.layers.upSampling2d({ size: [2, 2], name: 'up_sampling2d' }), y); // 2×2×8
  y = apply(tf.layers.zeroPadding2d({ padding: [[0, 2], [1, 1]], name: 'zero_padding2d' }), y); // 4×4×8
  y = apply(tf.layers.averagePooling2d({ poolSize: 2, name: 'average_pooling2d' }), y); // 2×2×8
  y = apply(tf.layers.flatten({ name: 'flatten' }), y);
  const out = apply(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense' }), y);
  return tf.model({ inputs: input, outputs: out, name: 'zoo' });
}

interface Fixture {
  name: string;
  build: () => tf.LayersModel;
  epochs: number;
  lr: number;
}

const FIXTURES: Fixture[] = [
  { name: 'mlp', build: mlp, epochs: 8, lr: 0.005 },
  { name: 'cnn-bn', build: cnnBn, epochs: 5, lr: 0.01 },
  { name: 'poly', build: poly, epochs: 8, lr: 0.003 },
  { name: 'residual', build: residual, epochs: 5, lr: 0.01 },
  { name: 'conv1d', build: conv1d, epochs: 8, lr: 0.01 },
  { name: 'same-stride', build: sameStride, epochs: 8, lr: 0.01 },
  { name: 'zoo', build: zoo, epochs: 8, lr: 0.01 },
];

// ---------------------------------------------------------------- saving
interface Saved {
  topology: Record<string, unknown>;
  specs: tf.io.WeightsManifestEntry[];
  data: Uint8Array;
}

async function capture(model: tf.LayersModel): Promise<Saved> {
  let saved: Saved | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const wd = a.weightData;
      const buf = wd === undefined ? new ArrayBuffer(0) : Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
      saved = { topology: a.modelTopology as Record<string, unknown>, specs: a.weightSpecs ?? [], data: new Uint8Array(buf) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

function writeTfjs(dir: string, s: Saved): void {
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: s.topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: s.specs }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'weights.bin'), s.data);
}

/** Splits the concatenated float32 weight data by spec. */
function weightArrays(s: Saved): { name: string; shape: number[]; data: Float32Array }[] {
  const out: { name: string; shape: number[]; data: Float32Array }[] = [];
  let off = 0;
  for (const spec of s.specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    out.push({ name: spec.name, shape: spec.shape, data: new Float32Array(s.data.slice(off, off + 4 * n).buffer) });
    off += 4 * n;
  }
  return out;
}

type J = Record<string, unknown>;
const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** A tfjs layer config (Keras 2 style) in Keras 3 dress: envelopes for initializers, a dtype policy. */
function keras3Layer(entry: J, inputShape: (number | null)[]): J {
  const cfg: J = { ...(entry.config as J) };
  delete cfg.batch_input_shape;
  cfg.dtype = policy;
  for (const [k, v] of Object.entries(cfg)) {
    if (v && typeof v === 'object' && 'class_name' in (v as J)) {
      cfg[k] = { module: 'keras.initializers', ...(v as J), registered_name: null };
    }
  }
  return { module: 'keras.layers', class_name: entry.class_name, config: cfg, registered_name: null, build_config: { input_shape: inputShape } };
}

/** mlp as Keras 3 writes it: a zip (stored) of metadata.json, config.json and model.weights.h5. */
async function writeKeras3Mlp(dir: string, s: Saved): Promise<void> {
  const topo = s.topology as { config: { layers: J[] } };
  const [downsample, flatten, dense, dense1] = topo.config.layers;
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'mlp',
      trainable: true,
      dtype: policy,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
        keras3Layer(downsample, [null, 28, 28, 1]),
        keras3Layer(flatten, [null, 7, 7, 1]),
        keras3Layer(dense, [null, 49]),
        keras3Layer(dense1, [null, 16]),
      ],
      build_input_shape: [null, 28, 28, 1],
    },
    registered_name: null,
    build_config: { input_shape: [null, 28, 28, 1] },
    compile_config: null,
  };
  const w = weightArrays(s);
  const h5 = await writeH5((f) => {
    f.create_group('vars');
    const layers = f.create_group('layers');
    layers.create_group('average_pooling2d').create_group('vars');
    layers.create_group('flatten').create_group('vars');
    const put = (group: string, ws: typeof w) => {
      const vars = layers.create_group(group).create_group('vars');
      ws.forEach((x, i) => vars.create_dataset({ name: String(i), data: x.data, shape: x.shape, dtype: '<f' }));
    };
    put('dense', w.filter((x) => x.name.startsWith('dense/')));
    put('dense_1', w.filter((x) => x.name.startsWith('dense_1/')));
    f.create_group('optimizer').create_group('vars');
  });
  const zip = zipSync(
    {
      'metadata.json': strToU8(JSON.stringify({ keras_version: '3.6.0', date_saved: '2025-01-01@00:00:00' })),
      'config.json': strToU8(JSON.stringify(config)),
      'model.weights.h5': h5,
    },
    { level: 0, mtime: new Date('2025-01-01T00:00:00Z') },
  );
  writeFileSync(join(dir, 'model.keras'), zip);
}

/** cnn-bn as Keras 2 (tf.keras 2.15) writes model.save('m.h5'): model_config JSON, model_weights groups. */
async function writeKeras2CnnBn(dir: string, s: Saved): Promise<void> {
  const topo = s.topology as { config: { name: string; layers: J[] } };
  const layers: J[] = topo.config.layers.map((l) => {
    const cfg: J = { ...(l.config as J), dtype: 'float32' };
    delete cfg.batch_input_shape;
    return { class_name: l.class_name, config: cfg };
  });
  const modelConfig = {
    class_name: 'Sequential',
    config: {
      name: 'cnn_bn',
      layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 28, 28, 1], dtype: 'float32', sparse: false, ragged: false, name: 'conv2d_input' } }, ...layers],
    },
  };
  const w = weightArrays(s);
  const h5 = await writeH5((f) => {
    f.create_attribute('backend', 'tensorflow');
    f.create_attribute('keras_version', '2.15.0');
    f.create_attribute('model_config', JSON.stringify(modelConfig));
    const mw = f.create_group('model_weights');
    const names = layers.map((l) => (l.config as J).name as string);
    mw.create_attribute('backend', 'tensorflow');
    mw.create_attribute('keras_version', '2.15.0');
    mw.create_attribute('layer_names', names);
    for (const name of names) {
      const g = mw.create_group(name);
      const mine = w.filter((x) => x.name.split('/')[0] === name);
      const weightNames = mine.map((x) => `${name}/${x.name.split('/').slice(1).join('/')}:0`);
      g.create_attribute('weight_names', weightNames.length > 0 ? weightNames : new Float64Array(0));
      if (mine.length > 0) {
        const inner = g.create_group(name);
        mine.forEach((x, i) => inner.create_dataset({ name: weightNames[i].split('/').pop()!, data: x.data, shape: x.shape, dtype: '<f' }));
      }
    }
  });
  writeFileSync(join(dir, 'model.h5'), h5);
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  if (!existsSync(MNIST)) throw new Error(`${MNIST} is missing: the fixtures are trained on ../shared/fixtures/mnist-train-pgm`);
  await tf.setBackend('cpu');
  await tf.ready();
  const { x, labels } = loadMnist();
  const xs = tf.tensor4d(x, [N_ALL, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();
  const xTrain = xs.slice([0, 0, 0, 0], [N_TRAIN, 28, 28, 1]);
  const yTrain = ys.slice([0, 0], [N_TRAIN, 10]);
  const xTest = xs.slice([N_TRAIN, 0, 0, 0], [N_ALL - N_TRAIN, 28, 28, 1]);
  const testLabels = labels.slice(N_TRAIN);
  const only = process.argv.slice(2);
  const summary: Record<string, unknown>[] = [];
  for (const fx of FIXTURES) {
    if (only.length > 0 && !only.includes(fx.name)) continue;
    const t0 = Date.now();
    seed = 1000 * (FIXTURES.indexOf(fx) + 1);
    const model = fx.build();
    model.compile({ optimizer: tf.train.adam(fx.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(xTrain, yTrain, { epochs: fx.epochs, batchSize: 32, shuffle: false, verbose: 0, callbacks: { onEpochEnd: (e, logs) => console.log(`  ${fx.name} epoch ${e}: loss ${logs?.loss.toFixed(3)} acc ${logs?.acc?.toFixed(3)} ${((Date.now() - t0) / 1000).toFixed(1)} s`) } });
    const testPred = model.predict(xTest) as tf.Tensor;
    const testArg = (await testPred.argMax(-1).array()) as number[];
    const accuracy = testArg.filter((p, i) => p === testLabels[i]).length / testLabels.length;
    const first = model.predict(xs.slice([0, 0, 0, 0], [20, 28, 28, 1])) as tf.Tensor;
    const predictions = (await first.array()) as number[][];
    const params = model.countParams();
    const dir = join(OUT, fx.name);
    mkdirSync(dir, { recursive: true });
    const saved = await capture(model);
    writeTfjs(dir, saved);
    const expected = {
      model: fx.name,
      inputs: 'images 0..19 of ../shared/fixtures/mnist-train-pgm, shape [28, 28, 1], pixel / 255',
      labels: labels.slice(0, 20),
      argmax: predictions.map((p) => p.indexOf(Math.max(...p))),
      predictions,
      params,
      heldOutAccuracy: accuracy,
      heldOut: `images ${N_TRAIN}..${N_ALL - 1} (trained on 0..${N_TRAIN - 1}, ${fx.epochs} epochs, Adam ${fx.lr}, batch 32)`,
    };
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
    if (fx.name === 'mlp') await writeKeras3Mlp(dir, saved);
    if (fx.name === 'cnn-bn') await writeKeras2CnnBn(dir, saved);
    summary.push({ model: fx.name, params, heldOutAccuracy: accuracy, seconds: (Date.now() - t0) / 1000 });
    console.log(`${fx.name}: ${params} params, held-out accuracy ${(accuracy * 100).toFixed(1)}%, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    tf.dispose([testPred, first]);
    model.dispose();
  }
  console.table(summary);
}

await main();
