/**
 * Builds, briefly trains and saves the LeNet-5-sized models of bench/fixtures/lenet5/ for the scale bench
 * (bench/scale.ts) — run with
 *   npx tsx scripts/make-lenet.ts            # every width
 *   npx tsx scripts/make-lenet.ts lenet5     # one of them
 *
 * LeNet-5 on MNIST's 28×28×1 as the transpiler supports it: Conv2D(6, 5×5, same) → ReLU → MaxPool 2 →
 * Conv2D(16, 5×5, valid) → ReLU → MaxPool 2 → Flatten → Dense 120 → ReLU → Dense 84 → ReLU → Dense 10,
 * softmax (61,706 parameters; the original's tanh/average pooling become ReLU/max pooling). Narrower
 * variants scale every layer's width by 1/2 and 1/4 (lenet5-w2, lenet5-w4), to find the largest model that a
 * tab still proves. Pure JS (@tensorflow/tfjs, CPU backend), seeded initialisers, 2 epochs on the first 800
 * images of ../shared/fixtures/mnist-train-pgm (pixel / 255), no shuffling; accuracy is not the point here
 * (held-out accuracy on images 800..999 is written to expected.json anyway). Saved in the tfjs layers
 * format: model.json + weights.bin.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MNIST = resolve(ROOT, '../shared/fixtures/mnist-train-pgm');
const OUT = join(ROOT, 'bench/fixtures/lenet5');
const N_TRAIN = 800;
const N_ALL = 1000;

/** name → the divisor of every layer's width (1: LeNet-5 itself) */
export const LENET_VARIANTS = { lenet5: 1, 'lenet5-w2': 2, 'lenet5-w4': 4 } as const;

function lenet(name: string, div: number, seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const w = (n: number) => Math.max(1, Math.round(n / div));
  return tf.sequential({
    name: name.replace(/-/g, '_'),
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: w(6), kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv2d' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
      tf.layers.conv2d({ filters: w(16), kernelSize: 5, activation: 'relu', kernelInitializer: init(), name: 'conv2d_1' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: w(120), activation: 'relu', kernelInitializer: init(), name: 'dense' }),
      tf.layers.dense({ units: w(84), activation: 'relu', kernelInitializer: init(), name: 'dense_1' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'dense_2' }),
    ],
  });
}

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

async function save(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (a) => {
    const wd = a.weightData;
    const buf = wd === undefined ? new ArrayBuffer(0) : Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
    const modelJson = {
      format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, convertedBy: null,
      modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(buf));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

async function main(): Promise<void> {
  if (!existsSync(MNIST)) throw new Error(`${MNIST} is missing: the models are trained on ../shared/fixtures/mnist-train-pgm`);
  await tf.setBackend('cpu');
  await tf.ready();
  const { x, labels } = loadMnist();
  const xs = tf.tensor4d(x, [N_ALL, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();
  const xTrain = xs.slice([0, 0, 0, 0], [N_TRAIN, 28, 28, 1]);
  const yTrain = ys.slice([0, 0], [N_TRAIN, 10]);
  const xTest = xs.slice([N_TRAIN, 0, 0, 0], [N_ALL - N_TRAIN, 28, 28, 1]);
  const only = process.argv.slice(2);
  for (const [name, div] of Object.entries(LENET_VARIANTS)) {
    if (only.length && !only.includes(name)) continue;
    const t0 = Date.now();
    const model = lenet(name, div, 5000 + 100 * div);
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(xTrain, yTrain, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    const pred = model.predict(xTest) as tf.Tensor;
    const arg = (await pred.argMax(-1).array()) as number[];
    const accuracy = arg.filter((p, i) => p === labels[N_TRAIN + i]).length / (N_ALL - N_TRAIN);
    const dir = join(OUT, name);
    mkdirSync(dir, { recursive: true });
    await save(model, dir);
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ model: name, widthDivisor: div, params: model.countParams(), heldOutAccuracy: accuracy, heldOut: `images ${N_TRAIN}..${N_ALL - 1} (trained on 0..${N_TRAIN - 1}, 2 epochs, Adam 0.003, batch 32)` }, null, 1)}\n`);
    console.log(`${name}: ${model.countParams()} params, held-out accuracy ${(accuracy * 100).toFixed(1)}%, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    tf.dispose(pred);
    model.dispose();
  }
}

await main();
