/**
 * The isomorphic transpiler in a real browser: workers/transpile.worker.ts driven through comlink in
 * Chromium, on a tiny self-built page (see `buildTestPage`). The circom source and quantization.json the
 * worker produces must be byte-identical to what the same core produces in Node for the same files and
 * options; malformed files must surface as typed errors on the page, and the worker must keep working.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, type TestPage } from './browser.js';
import { transpileFiles, witnessFromPlan, type TranspileFilesResult, type WitnessFromPlanResult, type ModelFile } from '../../src/core/transpile-files.js';
import type { TranspileOptions } from '../../src/core/transpile.js';
import { hasShared, SKIP_REASON, MNIST_H5, mnistImage, mnistLabels, nested28 } from '../helpers/mnist.js';

const MLP = join(process.cwd(), 'tests/fixtures/models/mlp');
const CNN_BN_H5 = join(process.cwd(), 'tests/fixtures/models/cnn-bn/model.h5');

interface Failure { ok: false; ms: number; name: string; message: string; details?: Record<string, unknown>; zkml: boolean; typed: boolean }
type Outcome<T> = { ok: true; ms: number; result: T; transferred?: boolean } | Failure;

const pageMain = (rel: (p: string) => string) => `
  import * as Comlink from 'comlink';
  import { reviveError } from ${rel('src/core/transpile-files.ts')};
  import { ZkmlError } from ${rel('src/core/errors.ts')};
  import { ModelFormatError, UnsupportedModelError } from ${rel('src/core/keras/errors.ts')};
  import { UnsupportedLayerError } from ${rel('src/core/ir/errors.ts')};
  // (no import of witness/run.ts: the page stays free of the transpiler; InputShapeError comes back as a ZkmlError by name)
  const CLASSES = { ModelFormatError, UnsupportedModelError, UnsupportedLayerError };
  const api = Comlink.wrap(new Worker(new URL(${rel('workers/transpile.worker.ts')}, import.meta.url), { type: 'module' }));
  const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const failure = (e, t) => {
    const err = reviveError(e);
    const cls = CLASSES[err.name];
    return { ok: false, ms: performance.now() - t, name: err.name, message: err.message, details: err.details,
      zkml: err instanceof ZkmlError, typed: cls !== undefined && err instanceof cls };
  };
  window.runTranspile = async (files, opts) => {
    const fs = files.map((f) => ({ name: f.name, bytes: fromB64(f.b64) }));
    const t = performance.now();
    try {
      const result = await api.transpile(Comlink.transfer(fs, fs.map((f) => f.bytes.buffer)), opts);
      return { ok: true, ms: performance.now() - t, result, transferred: fs.every((f) => f.bytes.byteLength === 0) };
    } catch (e) { return failure(e, t); }
  };
  window.runWitness = async (quantization, input) => {
    const t = performance.now();
    try { const result = await api.witness(quantization, input); return { ok: true, ms: performance.now() - t, result }; }
    catch (e) { return failure(e, t); }
  };
  window.ready = true;
`;

const file = (name: string, path: string): ModelFile => ({ name, bytes: new Uint8Array(readFileSync(path)) });
const mlpFiles = (): ModelFile[] => [file('model.json', join(MLP, 'model.json')), file('weights.bin', join(MLP, 'weights.bin'))];
/** a copy of the MLP whose Flatten claims to be a Permute: loads fine, cannot be transpiled */
const unsupportedFiles = (): ModelFile[] => {
  const json = JSON.parse(readFileSync(join(MLP, 'model.json'), 'utf8'));
  json.modelTopology.config.layers[0].class_name = 'Permute';
  return [{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }, file('weights.bin', join(MLP, 'weights.bin'))];
};

type Win = {
  runTranspile(f: { name: string; b64: string }[], o: TranspileOptions): Promise<Outcome<TranspileFilesResult>>;
  runWitness(q: string, input: unknown): Promise<Outcome<WitnessFromPlanResult>>;
};

async function inBrowser(page: Page, files: ModelFile[], opts: TranspileOptions): Promise<Outcome<TranspileFilesResult>> {
  const arg = { files: files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })), opts };
  return page.evaluate(({ files, opts }) => (window as unknown as Win).runTranspile(files, opts), arg);
}

async function witnessInBrowser(page: Page, quantization: string, input: unknown): Promise<Outcome<WitnessFromPlanResult>> {
  return page.evaluate(({ quantization, input }) => (window as unknown as Win).runWitness(quantization, input), { quantization, input });
}

function ok<T>(o: Outcome<T>): T & {} {
  if (!o.ok) throw new Error(`the worker failed: ${o.name}: ${o.message}`);
  return o.result as T & {};
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await f();
  return { ms: performance.now() - t, result };
}

/** Everything the worker returns must equal what Node computes; source and quantization byte for byte. */
function expectSame(browser: TranspileFilesResult, node: TranspileFilesResult): void {
  expect(browser.source.length).toBe(node.source.length);
  expect(browser.source === node.source).toBe(true);
  expect(browser.quantization.length).toBe(node.quantization.length);
  expect(browser.quantization === node.quantization).toBe(true);
  expect(browser).toEqual(node);
}

describe.skipIf(!hasChromium)('transpile worker in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const t = performance.now();
    testPage = await buildTestPage('zkml-transpile-page-', pageMain);
    console.info(`[transpile] test page built in ${(performance.now() - t).toFixed(0)} ms`);
    browser = await launch();
    page = await openTestPage(browser, testPage, { errors: pageErrors });
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('(a) tfjs MLP: the same circom source and quantization.json as Node, the model bytes transferred', async () => {
    for (const opts of [{ inputRange: [0, 1] }, { inputRange: [0, 1], input: 'hashed', actBits: 24 }] as TranspileOptions[]) {
      const b = await inBrowser(page, mlpFiles(), opts);
      const node = await transpileFiles(mlpFiles(), opts);
      expectSame(ok(b), node);
      expect(b.ok && b.transferred).toBe(true);
      expect(node.source).toMatch(/component main/);
    }
    const node = await transpileFiles(mlpFiles(), { inputRange: [0, 1] });
    const input = hasShared ? nested28(mnistImage(0)) : Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, x) => [((x + 2 * y) % 17) / 16]));
    const w = ok(await witnessInBrowser(page, node.quantization, input));
    expect(w).toEqual(await witnessFromPlan(node.quantization, input));
  });

  it.skipIf(!hasShared)(
    hasShared ? '(b) keras2circom MNIST CNN (.h5 via h5wasm): the same as Node, and the same witness for an MNIST image' : `(b) keras2circom MNIST CNN — skipped: ${SKIP_REASON}`,
    async () => {
      const files = () => [file('keras2circom-mnist-cnn.h5', MNIST_H5)];
      const opts: TranspileOptions = { inputRange: [0, 1] };
      const cold = await inBrowser(page, files(), opts);
      const warm = [await inBrowser(page, files(), opts), await inBrowser(page, files(), opts)];
      const nodeCold = await timed(() => transpileFiles(files(), opts));
      const nodeWarm = [await timed(() => transpileFiles(files(), opts)), await timed(() => transpileFiles(files(), opts))];
      const best = (xs: { ms: number }[]) => Math.min(...xs.map((x) => x.ms)).toFixed(0);
      console.info(`[transpile] MNIST CNN h5 → circom: Chromium worker ${cold.ms.toFixed(0)} ms first (incl. loading h5wasm), ${best(warm)} ms warm; Node ${nodeCold.ms.toFixed(0)} ms first, ${best(nodeWarm)} ms warm`);
      expectSame(ok(cold), nodeCold.result);
      for (const w of warm) expectSame(ok(w), nodeCold.result);
      expect(nodeCold.result.ptauPower).toBe(17);
      expect(nodeCold.result.source).toMatch(/Keras Conv2D "conv2d\+batch_normalization"/);

      const image = nested28(mnistImage(0));
      const wb = await witnessInBrowser(page, nodeCold.result.quantization, image);
      const wn = await witnessFromPlan(nodeCold.result.quantization, image);
      expect(ok(wb).input).toEqual(wn.input);
      expect(ok(wb)).toEqual(wn);
      expect(wn.output).toEqual([String(mnistLabels()[0])]);
      console.info(`[transpile] witness of one MNIST image in the worker: ${wb.ms.toFixed(0)} ms (${wn.input.in.length} inputs, ${wn.input.weights.length} weights)`);
    },
  );

  it('malformed files give typed errors on the page, and the worker keeps working', async () => {
    const h5 = hasShared ? MNIST_H5 : existsSync(CNN_BN_H5) ? CNN_BN_H5 : undefined;
    const cases: { files: ModelFile[]; name: string; message: RegExp }[] = [
      { files: [{ name: 'model.json', bytes: new TextEncoder().encode('{"modelTopology": {"class_name": ') }], name: 'ModelFormatError', message: /model\.json: malformed JSON/ },
      { files: unsupportedFiles(), name: 'UnsupportedLayerError', message: /unsupported class Permute/ },
      { files: [{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }], name: 'ModelFormatError', message: /not a recognised model file/ },
    ];
    if (h5) {
      const bytes = new Uint8Array(readFileSync(h5));
      cases.unshift({ files: [{ name: 'truncated.h5', bytes: bytes.subarray(0, bytes.length >> 1) }], name: 'ModelFormatError', message: /truncated\.h5: corrupt HDF5 file: truncated/ });
    } else console.warn('[transpile] no HDF5 fixture: the truncated-h5 case is skipped');

    for (const c of cases) {
      const b = await inBrowser(page, c.files, {});
      expect(b.ok).toBe(false);
      if (b.ok) continue;
      // the same typed error as Node, with its details
      const node = await transpileFiles(c.files, {}).then(() => undefined, (e: unknown) => e as Error & { details: Record<string, unknown> });
      expect(b.name).toBe(c.name);
      expect(b.message).toMatch(c.message);
      expect(b.typed).toBe(true);
      expect(b.zkml).toBe(true);
      expect(node?.name).toBe(c.name);
      expect(b.message).toBe(node?.message);
      expect(b.details).toEqual(JSON.parse(JSON.stringify(node?.details)));
    }

    // a witness for an input of the wrong shape
    const good = ok(await inBrowser(page, mlpFiles(), { inputRange: [0, 1] }));
    const bad = await witnessInBrowser(page, good.quantization, [1, 2, 3]);
    expect(bad).toMatchObject({ ok: false, name: 'InputShapeError', zkml: true, details: { expected: [28, 28, 1] }, message: expect.stringMatching(/expected shape \[28, 28, 1\]/) });

    // and the worker still transpiles a good model afterwards
    const after = ok(await inBrowser(page, mlpFiles(), { inputRange: [0, 1] }));
    expectSame(after, await transpileFiles(mlpFiles(), { inputRange: [0, 1] }));
    expect(pageErrors).toEqual([]);
  });
});
