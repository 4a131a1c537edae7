/**
 * The MNIST fixtures in ../shared/fixtures (see ../shared/README.md). Tests that use them skip
 * with a message when shared/ is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(process.cwd(), '../shared/fixtures');
export const MNIST_DIR = join(SHARED, 'mnist-train-pgm');
export const MNIST_H5 = join(SHARED, 'keras2circom-mnist-cnn.h5');
export const hasShared = existsSync(MNIST_H5) && existsSync(join(MNIST_DIR, 'labels.json'));
export const SKIP_REASON = `../shared/fixtures is absent (${SHARED}); the MNIST fixture tests are skipped`;

/** Image k as 784 floats in [0, 1] (pixel / 255, as in the model's training). */
export function mnistImage(k: number): Float32Array {
  const bytes = readFileSync(join(MNIST_DIR, `${k}.pgm`));
  const header = '28 28\n255\n';
  const start = bytes.indexOf(Buffer.from(header)) + header.length;
  return Float32Array.from(bytes.subarray(start, start + 784), (v) => v / 255);
}

export function mnistLabels(): number[] {
  return JSON.parse(readFileSync(join(MNIST_DIR, 'labels.json'), 'utf8'));
}

/** Nested [28][28][1] form of an image, as the CLI and the witness take it. */
export function nested28(x: Float32Array): number[][][] {
  return Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, c) => [x[y * 28 + c]]));
}
