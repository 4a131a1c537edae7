/**
 * Regenerates public/samples/: the sample models and MNIST images the app offers (and precaches for
 * offline use), with public/samples/index.json describing them.
 *
 *   npx tsx scripts/make-samples.ts          # writes public/samples/
 *   npx tsx scripts/make-samples.ts --check  # exits 1 if public/samples/ differs from what it would write
 *
 * Sources (see public/samples/README.md for licences and the decision to commit the copies):
 * - ../shared/fixtures/keras2circom-mnist-cnn.h5 (MIT, keras2circom)
 * - ../shared/fixtures/mnist-train-pgm/{0..19}.pgm and labels.json (MIT, ZKaggleV2; MNIST by LeCun et al.)
 * - tests/fixtures/models/mlp/{model.json,weights.bin} (this repository, scripts/make-fixtures.ts)
 * Each model is transpiled here (the same core the app runs) to record its circuit size, ptau power and
 * public signals in the manifest, so the app can show them before loading anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { transpileFiles, type ModelFile } from '../src/core/transpile-files.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SHARED = resolve(ROOT, '../shared/fixtures');
const OUT = join(ROOT, 'public/samples');
const N_IMAGES = 20;
const check = process.argv.includes('--check');

interface FileEntry { name: string; path: string; bytes: number; sha256: string }
const written = new Map<string, Uint8Array>();

function put(rel: string, data: Uint8Array | string): FileEntry {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  written.set(rel, bytes);
  return { name: rel.split('/').pop()!, path: `samples/${rel}`, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function need(path: string): Uint8Array {
  if (!existsSync(path)) throw new Error(`missing source ${path} (see the header of scripts/make-samples.ts)`);
  return new Uint8Array(readFileSync(path));
}

async function model(id: string, sources: { name: string; from: string }[], meta: Record<string, unknown>, inputRange: [number, number]) {
  const files: ModelFile[] = sources.map((s) => ({ name: s.name, bytes: need(s.from) }));
  const entries = files.map((f) => put(`models/${id}/${f.name}`, f.bytes));
  // the studio's default input visibility (hashed: only the input's Poseidon commitment is public), so a
  // sample card's count is the one the studio shows once the sample is loaded
  const t = await transpileFiles(files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })), { inputRange, input: 'hashed' });
  return {
    id, ...meta,
    format: t.model.format,
    inputShape: t.model.inputShape,
    inputRange,
    // with the studio's default options (a hashed input)
    circuit: {
      constraints: t.estimate.total, ptauPower: t.ptauPower, input: t.input,
      publicSignalCount: t.publicSignals.length,
      publicOutputs: t.publicSignals.filter((n) => !/^in\[/.test(n)),
    },
    files: entries,
  };
}

async function main(): Promise<void> {
  const models = [
    await model('keras2circom-mnist-cnn', [{ name: 'model.h5', from: join(SHARED, 'keras2circom-mnist-cnn.h5') }], {
      name: 'MNIST CNN (keras2circom)',
      description: 'Conv2D → BatchNorm → ReLU → MaxPool → Conv2D → ReLU → AvgPool → Dense(10, softmax); 1,078 parameters, ~97% on MNIST. Keras 2 HDF5.',
      dataset: 'mnist', classes: 10,
      licence: 'MIT (keras2circom project, models/model.h5)',
    }, [0, 1]),
    await model('mlp', [
      { name: 'model.json', from: join(ROOT, 'tests/fixtures/models/mlp/model.json') },
      { name: 'weights.bin', from: join(ROOT, 'tests/fixtures/models/mlp/weights.bin') },
    ], {
      name: 'MNIST MLP (tfjs)',
      description: 'Flatten → Dense(32, relu) → Dense(10, softmax), trained on the sample MNIST images with tfjs. TensorFlow.js layers format.',
      dataset: 'mnist', classes: 10,
      licence: 'MIT (this project, scripts/make-fixtures.ts)',
    }, [0, 1]),
  ];

  const labels = JSON.parse(new TextDecoder().decode(need(join(SHARED, 'mnist-train-pgm/labels.json')))) as number[];
  const images = Array.from({ length: N_IMAGES }, (_, k) => ({
    ...put(`mnist/${k}.pgm`, need(join(SHARED, `mnist-train-pgm/${k}.pgm`))),
    label: labels[k]!,
  }));
  const labelsEntry = put('mnist/labels.json', `${JSON.stringify(labels.slice(0, N_IMAGES))}\n`);

  const index = {
    version: 1,
    about: 'Sample models and inputs bundled with the app (precached for offline use). Paths are relative to the app base URL.',
    models,
    datasets: [{
      id: 'mnist',
      name: `MNIST: the first ${N_IMAGES} training images`,
      description: '28×28 grayscale digits, white on black, binary PGM (P5, maxval 255). Models take pixel / 255.',
      shape: [28, 28, 1],
      licence: 'MIT (ZKaggleV2 project, hardhat/assets); MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges',
      labels: labelsEntry.path,
      images,
    }],
  };
  put('index.json', `${JSON.stringify(index, null, 2)}\n`);

  if (check) {
    const stale = [...written].filter(([rel, b]) => !existsSync(join(OUT, rel)) || !Buffer.from(readFileSync(join(OUT, rel))).equals(Buffer.from(b)));
    if (stale.length) {
      console.error(`public/samples is out of date: ${stale.map(([r]) => r).join(', ')}. Run: npx tsx scripts/make-samples.ts`);
      process.exit(1);
    }
    console.log(`public/samples is up to date (${written.size} files)`);
    return;
  }
  for (const sub of ['models', 'mnist']) rmSync(join(OUT, sub), { recursive: true, force: true });
  for (const [rel, b] of written) {
    mkdirSync(dirname(join(OUT, rel)), { recursive: true });
    writeFileSync(join(OUT, rel), b);
  }
  const total = [...written.values()].reduce((a, b) => a + b.length, 0);
  console.log(`wrote ${written.size} files (${(total / 1024).toFixed(0)} KiB) to public/samples/`);
  for (const m of models) console.log(`  ${m.id}: ${m.circuit.constraints} constraints, ptau 2^${m.circuit.ptauPower}, input ${m.circuit.input}, ${m.circuit.publicSignalCount} public signals`);
}

await main();
