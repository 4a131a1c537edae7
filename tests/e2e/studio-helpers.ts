/**
 * Shared steps of the studio's browser tests: the tiny tfjs model (9 inputs → 4 → 3 classes, within the
 * bundled development ptau), and the walk from its files to a verified proof.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const dense = (name: string, units: number, activation: string) => ({ class_name: 'Dense', config: { name, units, activation, use_bias: true, trainable: true } });

/** [3,3,1] → Flatten → Dense(4, relu) → Dense(3, softmax), as tfjs layers files (the same model studio.test.ts writes). */
export function writeTinyModel(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const topology = {
    class_name: 'Sequential',
    config: { name: 'tiny', layers: [{ class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 3, 3, 1], dtype: 'float32' } }, dense('d1', 4, 'relu'), dense('d2', 3, 'softmax')] },
    keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
  };
  const specs = [['d1/kernel', [9, 4]], ['d1/bias', [4]], ['d2/kernel', [4, 3]], ['d2/bias', [3]]] as const;
  const data: number[] = [];
  let k = 1;
  for (const [, s] of specs) for (let i = 0; i < s.reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 1.7) * 0.8);
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }] }));
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(Float32Array.from(data).buffer));
  return [join(dir, 'model.json'), join(dir, 'weights.bin')];
}

/** An input of the tiny model's shape [3,3,1]. */
export const TINY_INPUT = [[[0.1], [0.5], [0.9]], [[0], [1], [0.3]], [[0.2], [0.7], [0.4]]];

/** Model files → transpile → compile → development Groth16 setup → input → proof (verified in the worker). */
export async function proveTinyModel(page: Page, files: string[], input: unknown = TINY_INPUT): Promise<void> {
  await page.getByTestId('model-files').setInputFiles(files);
  await page.waitForFunction(() => /tiny/.test(document.querySelector('[data-testid=model-summary]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.getByTestId('compile').click();
  await page.getByTestId('real-constraints').waitFor({ timeout: 180_000 });
  await page.getByTestId('setup-dev').click();
  await page.getByTestId('setup-result').waitFor({ timeout: 180_000 });
  await proveWith(page, input);
}

/** Enters `input` as JSON and proves it. */
export async function proveWith(page: Page, input: unknown): Promise<void> {
  await page.getByTestId('input-json').fill(JSON.stringify(input));
  await page.getByTestId('use-json').click();
  await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
  await page.getByTestId('prove').click();
  await page.getByTestId('proof-verified').waitFor({ timeout: 180_000 });
}
