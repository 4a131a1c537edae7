/**
 * A public model in the studio (issue 15), in Chromium: "Weights are public" next to the input mode,
 * the tiny model proved with a hashed input (development key), and its share link says "public model"
 * on the link page, with the parameters in the link; a link tampered to another class is invalid.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, writeTinyModel, proveTinyModel, linkVerdict, otherClassLink, type Studio } from './studio-helpers.js';
import { decodeProofLink } from '../../src/core/share/proof-link.js';

describe.skipIf(!hasChromium)('public model in the studio (Chromium)', () => {
  let studio: Studio;
  let tmp: string;
  const errors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zkml-public-model-'));
    studio = await openStudio({ errors });
  });
  afterAll(async () => {
    await studio?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('choosing public weights gives a verified proof whose link shows a public model', async () => {
    const { page, context } = studio;
    await page.getByTestId('weights-visibility').selectOption('public');
    expect(await page.getByTestId('weights-visibility-note').textContent()).toMatch(/share link/);
    await proveTinyModel(page, writeTinyModel(join(tmp, 'tiny')));
    expect(await page.getByTestId('model-summary').textContent()).toMatch(/inputCommitment/);
    expect(await page.getByTestId('model-kind').textContent()).toMatch(/public model/);

    await page.getByTestId('share-link').waitFor({ timeout: 60_000 });
    const link = await page.getByTestId('share-link').inputValue();
    const payload = decodeProofLink(link);
    expect(payload.meta.weights).toBe('public');
    expect(payload.meta.parameters!.weights.length).toBeGreaterThan(0);
    expect(payload.meta.publicSignalNames).toEqual(['out', 'inputCommitment']);

    const view = await context.newPage();
    view.on('pageerror', (e) => errors.push(e.message));
    expect(await linkVerdict(view, link)).toBe('valid');
    expect(await view.getByTestId('proof-model-kind').textContent()).toMatch(/public model/);
    await view.screenshot({ path: join(SCREENSHOTS, 'public-model-link.png'), fullPage: true });
    expect(await linkVerdict(view, otherClassLink(link))).toBe('invalid');
    expect(errors).toEqual([]);
  }, 600_000);
});
