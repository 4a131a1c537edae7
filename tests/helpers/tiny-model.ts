/**
 * The tiny tfjs layers model the studio, share-link and browser tests use: [3,3,1] → Flatten →
 * Dense(4, relu) → Dense(3, softmax) (9 inputs → 4 → 3 classes, within the bundled development ptau).
 * One source: `tinyModelFiles()` in memory, `writeTinyModel(dir)` the same bytes on disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dense = (name: string, units: number, activation: string) => ({ class_name: 'Dense', config: { name, units, activation, use_bias: true, trainable: true } });

/** model.json and weights.bin of the tiny model, in memory (pure: the same bytes on every call). */
export function tinyModelFiles(): { name: string; bytes: Uint8Array }[] {
  const topology = {
    class_name: 'Sequential',
    config: { name: 'tiny', layers: [{ class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 3, 3, 1], dtype: 'float32' } }, dense('d1', 4, 'relu'), dense('d2', 3, 'softmax')] },
    keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
  };
  const specs = [['d1/kernel', [9, 4]], ['d1/bias', [4]], ['d2/kernel', [4, 3]], ['d2/bias', [3]]] as const;
  const data: number[] = [];
  let k = 1;
  for (const [, s] of specs) for (let i = 0; i < s.reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 1.7) * 0.8);
  const json = { format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }] };
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { name: 'weights.bin', bytes: new Uint8Array(Float32Array.from(data).buffer) },
  ];
}

/** Writes the tiny model's files into `dir` (created if missing); returns their paths (model.json first). */
export function writeTinyModel(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return tinyModelFiles().map(({ name, bytes }) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

/** An input of the tiny model's shape [3,3,1]. */
export const TINY_INPUT = [[[0.1], [0.5], [0.9]], [[0], [1], [0.3]], [[0.2], [0.7], [0.4]]];
