/**
 * The installed PWA offline, in Chromium, on the built app: once the service worker is installed and
 * controls the page, the network is cut (context.setOffline) and the page reloaded. The app comes from
 * the precache, and the whole flow runs on the tiny model: transpile → compile (circom.wasm from the
 * precache) → development setup (no ptau file needed) → prove → verify → share link, and the link
 * opens offline as valid (a tampered one as invalid). Also: what Workbox precaches (circom.wasm, the
 * samples, the ptau manifest) and that a large key (a development ptau) is cached on first use and
 * then served offline.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DIST, hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, writeTinyModel, proveTinyModel, linkVerdict, type Studio } from './studio-helpers.js';
import { decodeProofLink, proofLinkUrl } from '../../src/core/share/proof-link.js';

describe.skipIf(!hasChromium)('offline: the installed PWA without a network', () => {
  let studio: Studio;
  let context: BrowserContext;
  let page: Page;
  let tmp: string;
  const errors: string[] = [];
  let offline = false;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zkml-offline-'));
    // the page is opened by the first test, which waits for the service worker
    studio = await openStudio({ errors, open: false });
    ({ context, page } = studio);
  });
  afterAll(async () => {
    await studio?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the service worker installs, precaches the app, circom.wasm and the samples, and takes control', async () => {
    await page.goto(studio.url);
    await page.getByTestId('studio').waitFor();
    const controlled = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready; // resolves once installed (precache complete) and active
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      const sw = reg.active!;
      if (sw.state !== 'activated') await new Promise((r) => sw.addEventListener('statechange', () => { if (sw.state === 'activated') r(undefined); }));
      return { active: reg.active?.state, controller: !!navigator.serviceWorker.controller };
    });
    expect(controlled).toEqual({ active: 'activated', controller: true });

    const pre = await page.evaluate(async () => {
      const name = (await caches.keys()).find((n) => n.startsWith('workbox-precache'));
      return name ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname) : [];
    });
    const circom = readdirSync(join(DIST, 'assets')).filter((f) => /^circom.*\.wasm$/.test(f));
    expect(circom.length).toBe(1);
    const samples = JSON.parse(readFileSync(join(DIST, 'samples/index.json'), 'utf8')) as { models: { files: { path: string }[] }[] };
    const sampleFiles = samples.models.flatMap((m) => m.files.map((f) => `/${f.path.replace(/^\//, '')}`));
    expect(sampleFiles.length).toBeGreaterThan(0);
    expect(pre).toEqual(expect.arrayContaining(['/index.html', `/assets/${circom[0]}`, '/samples/index.json', ...sampleFiles, '/samples/mnist/0.pgm', '/ptau/index.json']));
    // circom.wasm is ~9 MB: precached only because maximumFileSizeToCacheInBytes is raised
    expect(readFileSync(join(DIST, 'assets', circom[0]!)).length).toBeGreaterThan(2 * 1024 * 1024);
    // the development ptau files are large keys: cached on first use, not on install
    expect(pre.some((p) => p.endsWith('.ptau'))).toBe(false);
    console.log(`[offline] precache: ${pre.length} entries`);
  });

  it('a large key is cached when first used, then served offline', async () => {
    const size = (path: string) => page.evaluate(async (p) => {
      try { const r = await fetch(p); return r.ok ? (await r.arrayBuffer()).byteLength : -r.status; } catch { return 'failed'; }
    }, path);
    const bytes = readFileSync(join(DIST, 'ptau/pot8_dev.ptau')).length;
    expect(await size('/ptau/pot8_dev.ptau')).toBe(bytes);
    // Workbox's CacheFirst answers first and writes the cache after (event.waitUntil): poll for the entry
    await expect.poll(() => page.evaluate(async () => (await (await caches.open('zkml-keys')).keys()).map((r) => new URL(r.url).pathname)), { timeout: 15_000 }).toContain('/ptau/pot8_dev.ptau');
    await context.setOffline(true);
    offline = true;
    expect(await size('/ptau/pot8_dev.ptau')).toBe(bytes);
    expect(await size('/ptau/pot10_dev.ptau')).toBe('failed'); // never used online: not cached
  });

  let link = '';
  it('offline, the app reloads from the cache and runs model → compile → setup → prove → verify → share', async () => {
    expect(offline).toBe(true);
    await page.reload();
    await page.getByTestId('studio').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-01-studio.png'), fullPage: true });

    await proveTinyModel(page, writeTinyModel(join(tmp, 'tiny')));
    expect(await page.getByTestId('proof-verified').textContent()).toMatch(/Proof verified/);
    await page.getByTestId('verify').click();
    await page.getByTestId('verify-result').waitFor();
    expect(await page.getByTestId('verify-result').textContent()).toMatch(/\bvalid/);
    expect(await page.getByTestId('verify-result').textContent()).not.toMatch(/invalid/);
    link = await page.getByTestId('share-link').inputValue();
    expect(link).toMatch(/#proof=/);
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-02-proved.png'), fullPage: true });
  });

  it('offline, the share link opens as valid and a tampered one as invalid', async () => {
    expect(link).toMatch(/#proof=/);
    const view = await context.newPage();
    view.on('pageerror', (e) => errors.push(e.message));
    await view.goto(link);
    await view.getByTestId('proof-verdict').waitFor({ timeout: 60_000 });
    expect(await view.getByTestId('proof-verdict').textContent()).toBe('valid');
    expect(await view.getByTestId('proof-input-status').textContent()).toBe('verified');
    await view.screenshot({ path: join(SCREENSHOTS, 'offline-03-link-valid.png'), fullPage: true });

    const payload = decodeProofLink(link);
    // the studio's default (hashed input) folds the commitments into one 'claim' signal (PROTOCOL §3a)
    const names = payload.meta.publicSignalNames;
    const at = names.includes('claim') ? names.indexOf('claim') : names.indexOf('commitment');
    expect(at).toBeGreaterThanOrEqual(0);
    const other = (BigInt(payload.publicSignals[at]!) + 1n).toString();
    const tampered = proofLinkUrl(link, { ...payload, publicSignals: payload.publicSignals.map((v, i) => (i === at ? other : v)), meta: { ...payload.meta, modelCommitment: other } });
    expect(await linkVerdict(view, tampered)).toBe('invalid');
    expect(await view.getByTestId('proof-reason').textContent()).toMatch(/\S/);
    await view.close();
    expect(errors).toEqual([]);
  });
});
