/**
 * The keras2circom MNIST CNN (112,370 constraints with a hashed byte input, 2^17; bundled in public/samples) through the real
 * studio in Chromium, up to a verified proof: the sample model → compile in the browser → development
 * Groth16 setup (keys from the public development secret, no ptau file) → a bundled MNIST image →
 * prove → "Proof verified" → the verify step's "valid". The downloaded proof, public signals and
 * verification key are then checked independently with snarkjs in Node, and the class the circuit
 * proved is the one the exact integer reference computes in Node from the same plan.
 *
 * The bundled MLP sample is already proved end to end in tests/e2e/studio.test.ts. Takes a few minutes
 * on a 2-core machine (the browser compile dominates); no assertion is about time.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import type { Page, Download } from 'playwright-core';
import { hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, type Studio } from './studio-helpers.js';
import { transpileFiles, witnessFromPlan } from '../../src/core/transpile-files.js';
import { parsePgm } from '../../src/core/input/pgm.js';
import { grayToModelInput } from '../../src/core/input/gray.js';
import type { SamplesIndex } from '../../src/app/input/samples.js';

const SAMPLES = join(process.cwd(), 'public/samples');
const CNN_ID = 'keras2circom-mnist-cnn';
const index: SamplesIndex | undefined = existsSync(join(SAMPLES, 'index.json')) ? JSON.parse(readFileSync(join(SAMPLES, 'index.json'), 'utf8')) : undefined;
const cnn = index?.models.find((m) => m.id === CNN_ID);
const hasCnn = !!cnn && cnn.files.every((f) => existsSync(join(process.cwd(), 'public', f.path)));
if (!hasChromium) console.warn('studio-cnn: /usr/bin/chromium is absent; skipped');
else if (!hasCnn) console.warn(`studio-cnn: the keras2circom CNN sample (public/samples/models/${CNN_ID}) is absent; skipped`);

/** The bundled MNIST image proved (samples/mnist/3.pgm, label 1). */
const IMAGE = 3;

describe.skipIf(!hasChromium || !hasCnn)('the keras2circom MNIST CNN in the studio (Chromium)', () => {
  let studio: Studio;
  let page: Page;
  const errors: string[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => { const t = performance.now(); try { return await f(); } finally { timings[label] = Math.round(performance.now() - t); } };
  const json = async (d: Promise<Download>) => JSON.parse(readFileSync((await (await d).path())!, 'utf8'));

  beforeAll(async () => {
    studio = await openStudio({ errors, context: { acceptDownloads: true } });
    page = studio.page;
  });
  afterAll(async () => {
    console.log('studio-cnn timings (ms):', JSON.stringify(timings));
    await studio?.close();
  });

  it('sample → compile → development setup → prove an MNIST image → verified, and snarkjs in Node agrees', async () => {
    const m = cnn!;
    await timed('transpile', async () => {
      await page.getByTestId(`sample-${CNN_ID}`).click();
      await page.waitForFunction(() => /constraints estimated/.test(document.querySelector('[data-testid=model-summary]')?.textContent ?? ''), null, { timeout: 120_000 });
    });
    expect(await page.getByTestId('model-error').count()).toBe(0);
    // the studio's input visibility (hashed by default: only the input's Poseidon commitment is public);
    // the bundled index records the circuit for its own visibility
    const visibility = (await page.getByTestId('input-visibility').inputValue()) as 'public' | 'hashed' | 'private';
    const estimated = Number(/([\d,]+) constraints estimated/.exec((await page.getByTestId('model-summary').textContent())!)![1]!.replace(/,/g, ''));
    if (visibility === m.circuit.input) expect(estimated).toBe(m.circuit.constraints);
    await page.getByTestId('step-model').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-00-model.png') });

    await timed('compile', async () => {
      await page.getByTestId('compile').click();
      await page.getByTestId('real-constraints').waitFor({ timeout: 1_200_000 });
    });
    expect(Number((await page.getByTestId('real-constraints').textContent())!.replace(/,/g, ''))).toBe(estimated);
    await page.getByTestId('step-circuit').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-01-circuit.png') });

    // 2^17, far beyond the bundled development ptau files: the development setup needs no ptau file
    await timed('setup', async () => {
      await page.getByTestId('setup-dev').click();
      await page.getByTestId('setup-result').waitFor({ timeout: 1_200_000 });
    });
    expect(await page.getByTestId('setup-result').textContent()).toMatch(/groth16.*development setup — not for value/s);
    await page.locator('[data-testid=setup-dev]:not([disabled])').waitFor(); // the job's progress has gone
    await page.getByTestId('step-setup').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-02-setup.png') });

    // the app's sample picker: float model and circuit predictions side by side, with the true label
    const image = index!.datasets.find((d) => d.id === m.dataset)!.images[IMAGE]!;
    await page.getByTestId(`mnist-${IMAGE}`).click();
    await page.getByTestId('prediction-chart').waitFor({ timeout: 120_000 });
    const predicted = (await page.getByTestId('predicted').textContent())!.replace(/\s+/g, ' ');
    const shown = /Float model: (\d) · Circuit: (\d) · Label: (\d)/.exec(predicted);
    expect(shown, predicted).not.toBeNull();
    const [floatClass, circuitPredicted, label] = shown!.slice(1).map(Number) as [number, number, number];
    expect(label).toBe(image.label);
    // where the float model gets the digit right, the fixed-point circuit must too
    if (floatClass === image.label) expect(circuitPredicted).toBe(image.label);
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-03-input.png') });
    await timed('prove', async () => {
      await page.getByTestId('prove').click();
      await page.getByTestId('proof-verified').waitFor({ timeout: 1_200_000 });
    });
    expect(await page.getByTestId('proof-verified').textContent()).toMatch(/Proof verified/);
    const circuitClass = (await page.getByTestId('circuit-class').textContent())?.trim();
    expect(await page.getByTestId('proof-result').textContent()).toContain(`proven output class ${circuitPredicted}`);
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-04-proved.png') });

    await page.getByTestId('verify').click();
    await page.getByTestId('verify-result').waitFor();
    expect(await page.getByTestId('verify-result').textContent()).toMatch(/\bvalid\b/);
    expect(await page.getByTestId('verify-result').textContent()).not.toMatch(/invalid/);
    await page.getByTestId('step-export').screenshot({ path: join(SCREENSHOTS, 'studio-cnn-05-verified.png') });

    // independently: the downloaded proof verifies with snarkjs in Node against the downloaded key
    const proof = await json(Promise.all([page.waitForEvent('download'), page.getByTestId('dl-proof.json').click()]).then(([d]) => d));
    const publicSignals = await json(Promise.all([page.waitForEvent('download'), page.getByTestId('dl-public.json').click()]).then(([d]) => d));
    const vkey = await json(Promise.all([page.waitForEvent('download'), page.getByTestId('dl-verification_key.json').click()]).then(([d]) => d));
    expect(vkey.protocol).toBe('groth16');
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vkey, publicSignals.map((v: string, i: number) => (i === 0 ? String((Number(v) + 1) % 10) : v)), proof)).toBe(false);

    // the class proved is the exact integer reference's in Node, for the same image and plan
    const t = await transpileFiles(m.files.map((f) => ({ name: f.name, bytes: new Uint8Array(readFileSync(join(process.cwd(), 'public', f.path))) })), { inputRange: m.inputRange, input: visibility });
    const nested = grayToModelInput(parsePgm(new Uint8Array(readFileSync(join(process.cwd(), 'public', image.path)))), { shape: t.model.inputShape, invert: 'auto', range: m.inputRange }).nested;
    const w = await witnessFromPlan(t.quantization, nested);
    expect(publicSignals[0]).toBe(w.output[0]);
    expect(circuitClass).toBe(w.output[0]);
    console.log(`CNN proved class ${w.output[0]} for ${image.path} (label ${image.label}, float model ${floatClass})`);
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-cnn-06-full.png'), fullPage: true });
    expect(errors).toEqual([]);
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });
});
