/**
 * Writes tests/fixtures/nobias/{dense,conv}/: two small Keras models (tfjs layers format) whose Dense and
 * Conv2D layers have use_bias=False, the case that once made codegen emit `bias[i] <== undefined[i]`
 * (issue 9). Untrained, with seeded initialisers, so a re-run writes the same bytes:
 *   npx tsx scripts/make-nobias-fixtures.ts
 * They live outside tests/fixtures/models/ on purpose: they test codegen, not accuracy, so they do not go
 * through the (slow) full Groth16 loop of tests/integration/fixtures.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../tests/fixtures/nobias');

async function save(name: string, model: tf.LayersModel): Promise<void> {
  let topology: unknown, specs: tf.io.WeightsManifestEntry[] = [], data = new Uint8Array();
  await model.save(tf.io.withSaveHandler(async (a) => {
    const wd = a.weightData;
    const buf = wd === undefined ? new ArrayBuffer(0) : Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
    topology = a.modelTopology; specs = a.weightSpecs ?? []; data = new Uint8Array(buf);
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, convertedBy: null,
    modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  }));
  writeFileSync(join(dir, 'weights.bin'), data);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });
  const dense = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [8], units: 6, activation: 'relu', useBias: false, kernelInitializer: init(1) }),
    tf.layers.dense({ units: 3, activation: 'softmax', useBias: false, kernelInitializer: init(2) }),
  ] });
  await save('dense', dense);
  const conv = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 3, kernelSize: 3, activation: 'relu', useBias: false, kernelInitializer: init(3) }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(4), biasInitializer: 'zeros' }),
  ] });
  await save('conv', conv);
  console.log(`wrote ${OUT}/{dense,conv}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
