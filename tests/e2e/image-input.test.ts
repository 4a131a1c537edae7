/**
 * Image input and sample loaders in Chromium, on a tiny self-built page (see `buildTestPage`), with
 * public/samples/ and the development ptau files served to it through playwright's request routing:
 * - imageToModelInput: a PNG made in the page from an MNIST sample decodes (OffscreenCanvas) to exactly
 *   the PGM's pixel / 255; a 2× PNG resizes back to it; dark-on-transparent drawings are inverted by
 *   'auto'; undecodable bytes are an ImageFormatError;
 * - loadSamplesIndex / loadSampleModel / loadSampleImage check sizes and hashes;
 * - pickPtau picks the smallest sufficient development file, or a public ceremony file beyond 2^12.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';
import { parsePgm } from '../../src/core/input/pgm.js';
import { grayToModelInput } from '../../src/core/input/gray.js';

const ROOT = process.cwd();
const hasSamples = existsSync(join(ROOT, 'public/samples/index.json'));

const pageMain = (rel: (p: string) => string) => `
  import { imageToModelInput, decodeImage, previewImageData, ImageFormatError } from ${rel('src/app/input/image.ts')};
  import { loadSamplesIndex, loadSampleModel, loadSampleImage, fetchSampleFile, SampleError } from ${rel('src/app/input/samples.ts')};
  import { pickPtau, fetchDevPtau, loadDevPtauIndex } from ${rel('src/app/input/ptau.ts')};
  const err = (e) => ({ name: e?.name, message: String(e?.message ?? e), image: e instanceof ImageFormatError, sample: e instanceof SampleError });
  const png = async (w, h, paint) => {
    const c = new OffscreenCanvas(w, h);
    paint(c.getContext('2d'));
    return c.convertToBlob({ type: 'image/png' });
  };
  window.t = {
    async samples() {
      const index = await loadSamplesIndex();
      const files = await loadSampleModel(index.models[0]);
      const img = await loadSampleImage(index.datasets[0].images[0]);
      const tampered = { ...index.datasets[0].images[1], sha256: '0'.repeat(64) };
      let bad; try { await fetchSampleFile(tampered); } catch (e) { bad = err(e); }
      return { models: index.models.map((m) => m.id), files: files.map((f) => [f.name, f.bytes.length]), image: { w: img.width, h: img.height, label: img.label }, bad };
    },
    async fromPgm(k) {
      const index = await loadSamplesIndex();
      const bytes = await fetchSampleFile(index.datasets[0].images[k]);
      const r = await imageToModelInput(new Blob([bytes]), { shape: [28, 28, 1] });
      return { data: Array.from(r.data), inverted: r.inverted };
    },
    /** the sample drawn as a PNG (gray, opaque), at scale s, decoded again */
    async fromPng(k, s) {
      const index = await loadSamplesIndex();
      const gray = await loadSampleImage(index.datasets[0].images[k]);
      const blob = await png(28 * s, 28 * s, (ctx) => {
        const id = new ImageData(28 * s, 28 * s);
        for (let y = 0; y < 28 * s; y++) for (let x = 0; x < 28 * s; x++) {
          const v = gray.pixels[Math.floor(y / s) * 28 + Math.floor(x / s)];
          id.data.set([v, v, v, 255], 4 * (y * 28 * s + x));
        }
        ctx.putImageData(id, 0, 0);
      });
      const r = await imageToModelInput(blob, { shape: [28, 28, 1] });
      previewImageData(r.preview); // constructs
      return { data: Array.from(r.data), inverted: r.inverted, source: [r.source.width, r.source.height], type: blob.type };
    },
    /** a black stroke on a transparent 100×100 canvas, as a drawing app exports it */
    async drawing() {
      const blob = await png(100, 100, (ctx) => { ctx.strokeStyle = 'black'; ctx.lineWidth = 12; ctx.beginPath(); ctx.moveTo(50, 15); ctx.lineTo(50, 85); ctx.stroke(); });
      const a = await imageToModelInput(blob, { shape: [28, 28, 1], invert: 'auto' });
      const b = await imageToModelInput(blob, { shape: [28, 28, 1], background: 'black' });
      const at = (r, x, y) => r.data[y * 28 + x];
      return { inverted: a.inverted, centre: at(a, 14, 14), corner: at(a, 1, 1), blackBg: { inverted: b.inverted, centre: at(b, 14, 14), corner: at(b, 1, 1) } };
    },
    async garbage() {
      try { await decodeImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])); return null; } catch (e) { return err(e); }
    },
    async ptau() {
      const index = await loadDevPtauIndex();
      const c9 = await pickPtau(9);
      const c11 = await pickPtau(10.5);
      const c17 = await pickPtau(17);
      const noDev = await pickPtau(8, { allowDev: false });
      const bytes = await fetchDevPtau(c9.file);
      return { powers: index.files.map((f) => f.power), c9: [c9.kind, c9.file.power], c11: [c11.kind, c11.file.power], c17: [c17.kind, c17.file.name], noDev: [noDev.kind, noDev.file.name], len: bytes.length };
    },
  };
  window.ready = true;
`;

const call = pageCall('t');

describe.skipIf(!hasChromium || !hasSamples)('image input and samples in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-image-page-', pageMain);
    browser = await launch();
    // serve public/samples/ and the development ptau files as the app does
    page = await openTestPage(browser, testPage, { before: (pg) => pg.route(/\/(samples|ptau)\//, (route) => {
        const p = normalize(decodeURIComponent(new URL(route.request().url()).pathname)).replace(/^(\.\.[/\\])+/, '');
        const file = p.startsWith('/ptau/')
          ? p === '/ptau/index.json' ? undefined : join(ROOT, 'circuits-prebuilt/dev-ptau', p.slice('/ptau/'.length))
          : join(ROOT, 'public', p);
        if (p === '/ptau/index.json') {
          const files = [8, 9, 10, 11, 12].map((power) => {
            const b = readFileSync(join(ROOT, `circuits-prebuilt/dev-ptau/pot${power}_dev.ptau`));
            return { power, name: `pot${power}_dev.ptau`, path: `ptau/pot${power}_dev.ptau`, bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') };
          });
          return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ version: 1, development: true, warning: 'dev', files }) });
        }
        return file && existsSync(file) ? route.fulfill({ status: 200, body: readFileSync(file) }) : route.fulfill({ status: 404 });
      }) });
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('loads the sample manifest, a model and an image, and refuses a file that is not the listed one', async () => {
    const r = await call<{ models: string[]; files: [string, number][]; image: { w: number; h: number; label: number }; bad: { name: string; sample: boolean } }>(page, 'samples');
    expect(r.models).toEqual(['keras2circom-mnist-cnn', 'mlp']);
    expect(r.files).toEqual([['model.h5', 62520]]);
    expect(r.image).toEqual({ w: 28, h: 28, label: 5 });
    expect(r.bad).toMatchObject({ name: 'SampleError', sample: true });
  });

  it('PGM and PNG (decoded by the browser) give exactly pixel / 255; a 2× PNG resizes back to it', async () => {
    for (const k of [0, 7]) {
      const pgm = parsePgm(new Uint8Array(readFileSync(join(ROOT, `public/samples/mnist/${k}.pgm`))));
      const expected = Array.from(grayToModelInput(pgm, { shape: [28, 28, 1] }).data);
      expect((await call<{ data: number[] }>(page, 'fromPgm', k)).data).toEqual(expected);
      const p1 = await call<{ data: number[]; source: number[]; type: string; inverted: boolean }>(page, 'fromPng', k, 1);
      expect(p1.type).toBe('image/png');
      expect(p1.source).toEqual([28, 28]);
      expect(p1.data).toEqual(expected);
      expect(p1.inverted).toBe(false);
      const p2 = await call<{ data: number[]; source: number[] }>(page, 'fromPng', k, 2);
      expect(p2.source).toEqual([56, 56]);
      expect(p2.data).toEqual(expected);
    }
  });

  it('a dark drawing on a transparent background becomes MNIST-like with invert: auto', async () => {
    const d = await call<{ inverted: boolean; centre: number; corner: number; blackBg: { inverted: boolean; centre: number; corner: number } }>(page, 'drawing');
    expect(d.inverted).toBe(true);
    expect(d.centre).toBeGreaterThan(0.9);
    expect(d.corner).toBe(0);
    // over black, the black stroke vanishes (and nothing is inverted)
    expect(d.blackBg).toEqual({ inverted: false, centre: 0, corner: 0 });
    expect(await call(page, 'garbage')).toMatchObject({ name: 'ImageFormatError', image: true });
  });

  it('picks the smallest sufficient development ptau, else a public ceremony file', async () => {
    const r = await call<Record<string, unknown>>(page, 'ptau');
    expect(r).toEqual({
      powers: [8, 9, 10, 11, 12], c9: ['dev', 9], c11: ['dev', 11],
      c17: ['public', 'powersOfTau28_hez_final_17.ptau'], noDev: ['public', 'powersOfTau28_hez_final_08.ptau'],
      len: readFileSync(join(ROOT, 'circuits-prebuilt/dev-ptau/pot9_dev.ptau')).length,
    });
  });
});
