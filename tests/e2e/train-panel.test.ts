/**
 * TrainPanel in Chromium (src/app/train/TrainPanel.tsx over workers/train.worker.ts), mounted on a small
 * self-built page (buildTestPage with vite-plugin-solid): the tiny fixture architecture trained on 48 learnable
 * 3×3 samples; the loss and accuracy charts grow epoch by epoch while training runs in the worker; the panel
 * hands `onModel` the model files, which load through the project's Keras loader and transpile, in Node, to
 * the same architecture hash; at 420 px nothing overflows.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import solid from 'vite-plugin-solid';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, SCREENSHOTS, type TestPage } from './browser.js';
import { tinyModelFiles } from '../helpers/tiny-model.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { architectureOf, archHash } from '../../src/core/commit/architecture.js';
import { join } from 'node:path';

const pageMain = (rel: (p: string) => string) => `import ${rel('tests/e2e/train-panel-page.tsx')};\n`;

const call = pageCall('t');

describe.skipIf(!hasChromium)('TrainPanel in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-train-', pageMain, { plugins: [solid()] });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('trains in the worker with a live chart and hands over a model of the same architecture hash', async () => {
    const arch = architectureOf(transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q);
    const errors: string[] = [];
    page = await openTestPage(browser, testPage, { errors });
    await page.setViewportSize({ width: 420, height: 900 });
    await call(page, 'mount', arch);
    await page.getByTestId('train-start').click();
    // the chart grows while training runs (in the worker: the page answers meanwhile)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-loss-training]')?.getAttribute('data-points') ?? 0) >= 1);
    const during = await page.evaluate(() => ({ busy: !!document.querySelector('[data-testid=train-stop]'), points: Number(document.querySelector('[data-testid=train-loss-training]')!.getAttribute('data-points')) }));
    await page.getByTestId('train-result').waitFor({ timeout: 120_000 });
    const points = await page.evaluate(() => ({
      loss: Number(document.querySelector('[data-testid=train-loss-training]')!.getAttribute('data-points')),
      val: Number(document.querySelector('[data-testid=train-loss-validation]')!.getAttribute('data-points')),
      acc: Number(document.querySelector('[data-testid=train-accuracy-validation]')!.getAttribute('data-points')),
    }));
    const got = await call<{ names: string[]; bytes: number[][]; archHash: string; history: number }[]>(page, 'got');
    expect(got).toHaveLength(1);
    expect(got[0].names).toEqual(['model.json', 'weights.bin']);
    expect(points.loss).toBe(got[0].history);
    expect(points.val).toBe(got[0].history);
    expect(points.acc).toBe(got[0].history);
    expect(during.points).toBeGreaterThanOrEqual(1);
    expect(got[0].archHash).toBe(String(archHash(arch)));
    const model = await loadModel(got[0].names.map((name, i) => ({ name, bytes: Uint8Array.from(got[0].bytes[i]) })));
    expect(archHash(architectureOf(transpile(model, { inputRange: [0, 1] }).q))).toBe(archHash(arch));
    expect(await page.getByTestId('train-note').textContent()).toMatch(/validation loss has not improved for 4 epochs/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'train-panel-420.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
