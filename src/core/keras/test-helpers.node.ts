// Helpers for the loader tests (Node only: reads fixture files). Not imported by product code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { KerasModel } from './types.js';

export const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/models/', import.meta.url));
export const SHARED_H5 = fileURLToPath(new URL('../../../../shared/fixtures/keras2circom-mnist-cnn.h5', import.meta.url));
export const hasShared = existsSync(SHARED_H5);

export const TFJS_FIXTURES = existsSync(FIXTURES)
  ? readdirSync(FIXTURES).filter((d) => existsSync(`${FIXTURES}${d}/model.json`)).sort()
  : [];

export function fixtureBytes(model: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}${model}/${file}`));
}

export function fixtureText(model: string, file: string): string {
  return readFileSync(`${FIXTURES}${model}/${file}`, 'utf8');
}

/** Runs `fn` and returns the error it throws (failing the test if it does not). */
export async function caught(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected an error, got none');
}

/** The model with names mapped so that two loads of the same model compare equal regardless of input naming. */
export function comparable(m: KerasModel) {
  const input = m.layers[0].name;
  const rename = (n: string) => (n === input ? '<input>' : n);
  return {
    inputShape: m.inputShape,
    outputs: m.outputs.map(rename),
    layers: m.layers.map((l) => ({
      name: rename(l.name),
      className: l.className,
      inbound: l.inbound.map(rename),
      weights: l.weights.map((w) => ({ name: w.name, shape: w.shape, data: Array.from(w.data) })),
    })),
  };
}
