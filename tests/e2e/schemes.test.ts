/**
 * PLONK and FFLONK in the studio, in Chromium, on the tiny model with a public input:
 * setup → prove (snark worker) → verify → share link valid, a tampered link invalid.
 *
 * The ptau: the shipped development files stop at 2^12, and even the tiny model's Poseidon
 * commitments need 2^14 PLONK rows and a 2^17 FFLONK domain (the setup counts them exactly and says
 * so; with the studio's default hashed input, whose tagged commitment adds rows, it is 2^15 and 2^18,
 * which would only make this test slower). So the test brings, as a user would bring a ceremony file, the development ptau of that power
 * (same public seed as the shipped files; generated once into .cache/ptau by ensureDevPtau).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, writeTinyModel, TINY_INPUT, linkVerdict, otherClassLink, type Studio } from './studio-helpers.js';
import { decodeProofLink, proofLinkUrl } from '../../src/core/share/proof-link.js';
import { ensureDevPtau } from '../../src/zk/dev-ptau-node.js';

describe.skipIf(!hasChromium)('PLONK and FFLONK in the studio (Chromium)', () => {
  let studio: Studio;
  let context: BrowserContext;
  let page: Page;
  let tmp: string;
  const errors: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zkml-schemes-'));
    studio = await openStudio({ errors });
    ({ context, page } = studio);
    await page.getByTestId('input-visibility').selectOption('public');
    await page.getByTestId('model-files').setInputFiles(writeTinyModel(join(tmp, 'tiny')));
    await page.waitForFunction(() => /tiny/.test(document.querySelector('[data-testid=model-summary]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.getByTestId('compile').click();
    await page.getByTestId('real-constraints').waitFor({ timeout: 180_000 });
  });
  afterAll(async () => {
    console.log('schemes timings (ms):', JSON.stringify(timings));
    await studio?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  for (const [scheme, power] of [['plonk', 14], ['fflonk', 17]] as const) {
    it(`${scheme}: setup with a 2^${power} ptau, prove, verify; its share link is valid, a tampered one invalid`, async () => {
      const ptau = await ensureDevPtau(power);
      await page.getByTestId(`scheme-${scheme}`).check();
      // the gates are counted in the worker: the page asks for exactly the power the setup needs, not an estimate
      await page.waitForFunction((p) => {
        const t = document.querySelector('[data-testid=ptau-need]')?.textContent ?? '';
        return new RegExp(`power ≥ ${p}\\b`).test(t) && !/estimated/.test(t);
      }, power, { timeout: 60_000 });
      await page.getByTestId('ptau-file').setInputFiles(ptau);
      await page.getByTestId('user-ptau').waitFor({ timeout: 60_000 });
      let t = performance.now();
      await page.getByTestId('setup-user').click();
      await page.waitForFunction((s) => document.querySelector('[data-testid=setup-result]')?.textContent?.includes(s), scheme, { timeout: 600_000 });
      timings[`${scheme}Setup`] = Math.round(performance.now() - t);
      expect(await page.getByTestId('setup-error').count()).toBe(0);

      await page.getByTestId('input-json').fill(JSON.stringify(TINY_INPUT));
      await page.getByTestId('use-json').click();
      await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
      t = performance.now();
      await page.getByTestId('prove').click();
      await page.getByTestId('proof-verified').waitFor({ timeout: 600_000 });
      timings[`${scheme}Prove`] = Math.round(performance.now() - t);
      await page.getByTestId('verify').click();
      await page.waitForFunction(() => /\bvalid/.test(document.querySelector('[data-testid=verify-result]')?.textContent ?? ''), null, { timeout: 60_000 });
      expect(await page.getByTestId('verify-result').textContent()).not.toMatch(/invalid/);
      await page.getByTestId('step-setup').screenshot({ path: join(SCREENSHOTS, `schemes-${scheme}-setup.png`) });

      const link = await page.getByTestId('share-link').inputValue();
      const payload = decodeProofLink(link);
      expect(payload.scheme).toBe(scheme);
      console.log(`[schemes] ${scheme} link: ${link.length} characters`);
      const view = await context.newPage();
      view.on('pageerror', (e) => errors.push(e.message));
      await view.goto(link);
      await view.getByTestId('proof-verdict').waitFor({ timeout: 120_000 });
      expect(await view.getByTestId('proof-verdict').textContent()).toBe('valid');
      expect(await view.getByTestId('proof-input-status').textContent()).toBe('verified');
      await view.screenshot({ path: join(SCREENSHOTS, `schemes-${scheme}-link-valid.png`), fullPage: true });

      // tampered: another output class, with the public signal changed to match the claim
      expect(await linkVerdict(view, otherClassLink(link), 120_000)).toBe('invalid');
      // tampered key: a proof point moved off the curve is named
      const proof = payload.proof as unknown as Record<string, unknown>;
      const offCurve = scheme === 'plonk'
        ? { ...proof, A: [(proof.A as string[])[0], '7', '1'] }
        : { ...proof, polynomials: { ...(proof.polynomials as Record<string, unknown>), C1: [((proof.polynomials as Record<string, string[]>).C1!)[0], '7', '1'] } };
      expect(await linkVerdict(view, proofLinkUrl(link, { ...payload, proof: offCurve as unknown as typeof payload.proof }), 120_000)).toBe('invalid');
      expect(await view.getByTestId('proof-reason').textContent()).toMatch(/not on the curve/);
      await view.screenshot({ path: join(SCREENSHOTS, `schemes-${scheme}-link-invalid.png`), fullPage: true });
      await view.close();
      expect(errors).toEqual([]);
    });
  }
});
