/**
 * The studio's polish (issue 15, items 2–6 and 8) in Chromium, on the built app:
 * - a failed input clears the previous proof, prediction and picture, and Prove stays disabled until an
 *   input is valid (item 3);
 * - an image of another size says what was done (the model's view beside it); one whose aspect ratio is
 *   far off is not squashed without asking (item 4);
 * - errors are titled by what failed, said in plain words, with the technical wording folded in a
 *   <details> (item 5);
 * - after a reload the last project is open again, with its input, prediction, chart and proof (item 2);
 * - setup and proving show a percentage where the work is countable, compiling an estimated one (item 6);
 * - a dropped .h5 names the project after its file, the sample cards say which input their count is for,
 *   the layer table says that it scrolls, and nothing is cut or pushes the page wider at 420 px; download
 *   tiles keep their names on one line at 1280 px (item 8).
 * Screenshots at 1280 and 420 px go to test-results/screenshots/polish-*.png.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, writeTinyModel, proveTinyModel, proveWith, TINY_INPUT, type Studio } from './studio-helpers.js';

const CNN_H5 = join(process.cwd(), 'public/samples/models/keras2circom-mnist-cnn/model.h5');

/** A PNG made by the browser: black, with a white rectangle in the middle. */
async function png(page: Page, w: number, h: number): Promise<Buffer> {
  const bytes = await page.evaluate(async ([w, h]) => {
    const c = new OffscreenCanvas(w!, h!);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#000'; ctx.fillRect(0, 0, w!, h!);
    ctx.fillStyle = '#fff'; ctx.fillRect(w! / 4, h! / 4, w! / 2, h! / 2);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  }, [w, h]);
  return Buffer.from(bytes);
}

/** Nothing wider than the window (no horizontal scrolling of the page). */
const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** Texts shown by any [data-testid=progress] / [data-testid=time-left] while a job runs (a MutationObserver in the page). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { seen: { progress: string[]; left: string[] } };
    w.seen = { progress: [], left: [] };
    const look = () => {
      for (const el of document.querySelectorAll('[data-testid=progress]')) w.seen.progress.push(el.textContent ?? '');
      for (const el of document.querySelectorAll('[data-testid=time-left]')) w.seen.left.push(el.textContent ?? '');
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const seen = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { seen: { progress: string[]; left: string[] } };
  const s = w.seen;
  w.seen = { progress: [], left: [] };
  return s;
});

describe.skipIf(!hasChromium)('studio polish (issue 15) in Chromium', () => {
  let studio: Studio;
  let page: Page;
  let tmp: string;
  let tiny: string[];
  const errors: string[] = [];
  const shot = (name: string, full = true) => page.screenshot({ path: join(SCREENSHOTS, `polish-${name}.png`), fullPage: full });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zkml-polish-'));
    tiny = writeTinyModel(join(tmp, 'tiny'));
    studio = await openStudio({ errors, context: { viewport: { width: 1280, height: 900 } } });
    page = studio.page;
  });
  afterAll(async () => {
    await studio?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a failed input clears the previous proof, prediction and picture; Prove stays off until an input is valid; errors are for people', async () => {
    await proveTinyModel(page, tiny);
    expect(await page.getByTestId('proof-verified').textContent()).toMatch(/Proof verified/);
    const proveEnabled = () => page.getByTestId('prove').isEnabled();

    // out of the range the circuit was built for ([0, 1])
    await page.getByTestId('input-json').fill(JSON.stringify(TINY_INPUT.map((r) => r.map(() => [5]))));
    await page.getByTestId('use-json').click();
    const err = page.getByTestId('prove-error');
    await err.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('proof-result').count()).toBe(0);
    expect(await page.getByTestId('prediction').count()).toBe(0);
    expect(await proveEnabled()).toBe(false);
    expect(await page.getByTestId('step-export').textContent()).toMatch(/Make a proof first/);
    const title = (await err.getByTestId('error-title').textContent())!;
    expect(title).toBe('The input is out of range');
    const text = (await err.getByTestId('error-text').textContent())!;
    expect(text).toMatch(/Value number 1 \(5\) is outside the range 0 to 1/);
    expect(text).not.toMatch(/flat index|InputRangeError/);
    // the technical wording is there, folded
    expect(await err.locator('details').getAttribute('open')).toBeNull();
    expect(await err.locator('details pre').textContent()).toMatch(/InputRangeError: input value 5 at flat index 0/);
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'polish-01-out-of-range.png') });

    // not JSON: no parser positions in the sentence, the parser's words folded below
    await page.getByTestId('input-json').fill('[0.1, 0.2,');
    await page.getByTestId('use-json').click();
    await page.waitForFunction(() => /not valid JSON/.test(document.querySelector('[data-testid=prove-error]')?.textContent ?? ''));
    expect(await err.getByTestId('error-title').textContent()).toBe('This input cannot be used');
    expect(await err.getByTestId('error-text').textContent()).not.toMatch(/position|token|JSON\.parse/i);
    expect(await err.locator('details pre').textContent()).toMatch(/InputFormatError: .*JSON/);
    expect(await proveEnabled()).toBe(false);

    // a valid input again, proved; then an unreadable image: the picture and the proof go
    await proveWith(page, TINY_INPUT);
    await page.getByTestId('input-image').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG') });
    await page.waitForFunction(() => /image could not be read/.test(document.querySelector('[data-testid=prove-error]')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await err.getByTestId('error-text').textContent()).toMatch(/not an image the browser can read/);
    expect(await page.getByTestId('proof-result').count()).toBe(0);
    expect(await page.getByTestId('input-preview').count()).toBe(0);
    expect(await proveEnabled()).toBe(false);
    expect(await page.getByTestId('prove-needs-input').isVisible()).toBe(true);
    // no step's error is titled with a bare "Error"
    for (const t of await page.getByTestId('error-title').allTextContents()) expect(t.trim()).not.toMatch(/^(Error|ZkmlError)$/);
    expect(errors).toEqual([]);
  });

  it('an image of another size says what was done; one far from the model\'s aspect ratio is not squashed without asking', async () => {
    // the tiny model takes 3×3: a 64×64 image is reduced, and said so beside the model's view
    await page.getByTestId('input-image').setInputFiles({ name: 'square-64.png', mimeType: 'image/png', buffer: await png(page, 64, 64) });
    await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('input-resized').textContent()).toMatch(/64×64 reduced to 3×3: the picture is what the model sees/);
    expect(await page.getByTestId('input-preview').isVisible()).toBe(true);
    await page.locator('[data-testid=prove]:not([disabled])').waitFor({ timeout: 30_000 });
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'polish-02-resized.png') });

    // 200×20 (10:1) for a square model: asked first, with the squashed picture; nothing to prove meanwhile
    await page.getByTestId('input-image').setInputFiles({ name: 'wide-200x20.png', mimeType: 'image/png', buffer: await png(page, 200, 20) });
    const ask = page.getByTestId('image-ask');
    await ask.waitFor({ timeout: 30_000 });
    expect(await ask.textContent()).toMatch(/200×20 \(10:1\).*3×3 \(1:1\)/);
    expect(await page.getByTestId('image-ask-preview').isVisible()).toBe(true);
    expect(await page.getByTestId('prediction').count()).toBe(0);
    expect(await page.getByTestId('prove').isEnabled()).toBe(false);
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'polish-03-ask-aspect.png') });
    // "Choose another image" leaves nothing chosen; asked again, "Use it squashed" uses it, said so
    await page.getByTestId('image-ask-cancel').click();
    expect(await ask.count()).toBe(0);
    expect(await page.getByTestId('prove').isEnabled()).toBe(false);
    await page.getByTestId('input-image').setInputFiles({ name: 'wide-200x20.png', mimeType: 'image/png', buffer: await png(page, 200, 20) });
    await ask.waitFor({ timeout: 30_000 });
    await page.getByTestId('image-squash').click();
    await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('input-resized').textContent()).toMatch(/200×20 reduced to 3×3/);
    await page.locator('[data-testid=prove]:not([disabled])').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  it('after a reload the last project is open again, with its input, prediction, chart and proof', async () => {
    await proveWith(page, TINY_INPUT);
    const proofText = await page.getByTestId('proof-result').textContent();
    await page.reload();
    await page.getByTestId('studio').waitFor();
    // nothing clicked: the project comes back by itself
    await page.getByTestId('proof-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-summary').textContent()).toMatch(/tiny/);
    await page.getByTestId('real-constraints').waitFor();
    await page.getByTestId('setup-result').waitFor();
    expect(await page.getByTestId('input-label').textContent()).toMatch(/pasted \(9 values\)/);
    await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('proof-result').textContent()).toMatch(/class \d/);
    expect(proofText).toMatch(/class \d/);
    await page.locator('[data-testid=prove]:not([disabled])').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('share-link').inputValue()).toMatch(/#proof=/);
    expect(await page.locator('[data-testid=project].current, .project-list li.current').count()).toBe(1);
    await shot('04-reopened-1280');
    expect(errors).toEqual([]);
  });

  it('a dropped .h5 names the project after its file; sample cards say which input their count is for; 420 px: nothing cut, the layer table says it scrolls', async () => {
    if (!existsSync(CNN_H5)) return;
    for (const t of await page.getByTestId('sample-size').allTextContents()) expect(t).toMatch(/constraints with a (public|hashed|private) input/);
    // the cards count for the studio's default input (hashed), the count the studio shows once the model is in
    expect(await page.getByTestId('input-visibility').inputValue()).toBe('hashed');
    const card = (await page.getByTestId('sample-keras2circom-mnist-cnn').getByTestId('sample-size').textContent())!;
    expect(card).toMatch(/constraints with a hashed input/);
    const cardCount = Number(/^([\d,]+) constraints/.exec(card.trim())![1]!.replace(/,/g, ''));
    const h5 = join(tmp, 'my-digits.h5');
    copyFileSync(CNN_H5, h5);
    await page.getByTestId('model-files').setInputFiles(h5);
    await page.getByTestId('layer-table').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=project]')).some((li) => /my-digits/.test(li.textContent ?? '')), null, { timeout: 30_000 });
    expect(await page.locator('.project-list li.current').textContent()).toMatch(/my-digits/);
    const estimated = Number(/([\d,]+) constraints estimated/.exec((await page.getByTestId('model-summary').textContent())!)![1]!.replace(/,/g, ''));
    expect(estimated).toBe(cardCount);
    expect(await page.getByTestId('layer-scroll-hint').count()).toBe(0); // fits at 1280 px
    await page.getByTestId('step-model').screenshot({ path: join(SCREENSHOTS, 'polish-05-model-1280.png') });

    await page.setViewportSize({ width: 420, height: 900 });
    await page.getByTestId('layer-scroll-hint').waitFor({ timeout: 10_000 });
    // the input select and its note are whole inside the step
    const fit = await page.evaluate(() => {
      const sel = document.querySelector('[data-testid=input-visibility]') as HTMLSelectElement;
      const step = document.querySelector('[data-testid=step-model]')!.getBoundingClientRect();
      const r = sel.getBoundingClientRect();
      const opt = sel.options[sel.selectedIndex]!.text;
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(sel).font;
      probe.textContent = opt;
      document.body.append(probe);
      const textW = probe.getBoundingClientRect().width;
      probe.remove();
      return { inside: r.left >= step.left && r.right <= step.right, textFits: textW + 16 <= r.width };
    });
    expect(fit).toEqual({ inside: true, textFits: true });
    expect(await noOverflow(page)).toBe(true);
    await page.getByTestId('step-model').screenshot({ path: join(SCREENSHOTS, 'polish-06-model-420.png') });
    expect(errors).toEqual([]);
  });

  it('compile shows an estimated percentage; setup and proving a counted one (and the time left); at 420 px the times stay on one line; download tiles keep their names whole at 1280 px', async () => {
    // the tiny project again (opened from the list), then its setup and proof redone with progress recorded
    await page.locator('[data-testid=project]', { hasText: 'tiny' }).first().getByTestId('open-project').click();
    await page.getByTestId('setup-result').waitFor({ timeout: 60_000 });
    await recordProgress(page);
    // compile: circom counts nothing, so the percentage is an estimate, shown as one ("≈N%")
    await page.getByTestId('compile').click();
    // done when the new circuit has replaced the old keys and the button is free again
    await page.waitForFunction(() => !document.querySelector('[data-testid=setup-result]') && !(document.querySelector('[data-testid=compile]') as HTMLButtonElement).disabled, null, { timeout: 600_000 });
    await page.getByTestId('real-constraints').waitFor();
    const compile = await seen(page);
    console.log('compile progress seen:', JSON.stringify(compile));
    expect(compile.progress.some((t) => /^≈\d{1,3}%$/.test(t))).toBe(true);
    expect(compile.progress.every((t) => /^≈\d{1,3}%$/.test(t))).toBe(true);
    // circom's worker (its WASM memory never shrinks) is gone once the compile is done
    const workers = (re: RegExp) => page.workers().filter((w) => re.test(w.url())).length;
    await expect.poll(() => workers(/compile\.worker/), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('setup-dev').click();
    await page.getByTestId('busy').waitFor();
    // the elapsed time never wraps ("2.8 / s"), even at 420 px
    const oneLine = await page.evaluate(() => {
      const el = document.querySelector('[data-testid=elapsed]') as HTMLElement | null;
      return !el || el.getBoundingClientRect().height < 1.6 * parseFloat(getComputedStyle(el).fontSize);
    });
    expect(oneLine).toBe(true);
    await page.getByTestId('step-setup').screenshot({ path: join(SCREENSHOTS, 'polish-07-setup-busy-420.png') }).catch(() => undefined);
    await page.locator('[data-testid=setup-dev]:not([disabled])').waitFor({ timeout: 180_000 });
    await page.getByTestId('setup-result').waitFor();
    const setup = await seen(page);
    // so is the setup's (snarkjs's curve threads and the setup's tables), before the keys are saved
    await expect.poll(() => workers(/snark\.worker/), { timeout: 30_000 }).toBe(0);
    console.log('setup progress seen:', JSON.stringify(setup));
    expect(setup.progress.some((t) => /^\d{1,3}%$/.test(t))).toBe(true);

    await proveWith(page, TINY_INPUT);
    const prove = await seen(page);
    console.log('prove progress seen:', JSON.stringify(prove));
    expect(prove.progress.some((t) => /^\d{1,3}%$/.test(t))).toBe(true);
    for (const t of [...setup.left, ...prove.left]) expect(t).toMatch(/^about .+ left$/);
    expect(await noOverflow(page)).toBe(true);
    await shot('08-proved-420');
    await page.getByTestId('step-prove').screenshot({ path: join(SCREENSHOTS, 'polish-08b-prove-420.png') });
    await page.getByTestId('step-export').screenshot({ path: join(SCREENSHOTS, 'polish-08c-export-420.png') });

    // the r1cs, wasm and zkey were lent to the worker and handed back: still whole (PLONK's gates are counted from the r1cs)
    await page.getByTestId('scheme-plonk').check();
    await page.waitForFunction(() => /rows → needs a ptau of power ≥ \d+/.test(document.querySelector('[data-testid=ptau-need]')?.textContent ?? '') &&
      !/estimated/.test(document.querySelector('[data-testid=ptau-need]')?.textContent ?? ''), null, { timeout: 120_000 })
      .catch(async (e) => { console.log('ptau-need:', await page.getByTestId('ptau-need').textContent()); throw e; });
    await page.getByTestId('scheme-groth16').check();

    await page.setViewportSize({ width: 1280, height: 900 });
    const tiles = await page.evaluate(() => Array.from(document.querySelectorAll('.download > .mono'), (el) => {
      const e = el as HTMLElement;
      return { name: e.textContent, oneLine: e.getBoundingClientRect().height < 1.6 * parseFloat(getComputedStyle(e).fontSize) * 1.3, whole: e.scrollWidth <= e.clientWidth + 1 };
    }));
    expect(tiles.length).toBeGreaterThan(5);
    for (const t of tiles) expect(t, t.name ?? '').toMatchObject({ oneLine: true, whole: true });
    const sizes = await page.evaluate(() => Array.from(document.querySelectorAll('.download'), (el) => el.textContent ?? ''));
    expect(sizes.find((t) => /circuit\.r1cs/.test(t))).not.toMatch(/\b0 B\b/);
    expect(sizes.find((t) => /circuit_final\.zkey/.test(t))).not.toMatch(/\b0 B\b/);
    await page.getByTestId('step-export').screenshot({ path: join(SCREENSHOTS, 'polish-09-downloads-1280.png') });
    expect(errors).toEqual([]);
  });
});
