/**
 * The built app's service worker (dist/, built by global-setup with vite.config.ts) in Chromium:
 * the samples (public/samples/) and the ptau manifest are precached on install; the development ptau
 * files (/ptau/, emitted by scripts/vite-plugin-dev-ptau.ts) are not, but are cached on first use
 * (CacheFirst) and then served offline; the app shell reloads offline.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DIST, hasChromium, launch, serveDist } from './browser.js';


describe.skipIf(!hasChromium)('PWA: precache and runtime caching of samples and ptau files', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await serveDist();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the build carries the samples, the ptau files and their manifests', () => {
    const samples = JSON.parse(readFileSync(join(DIST, 'samples/index.json'), 'utf8')) as { models: { files: { path: string; bytes: number }[] }[] };
    for (const f of samples.models.flatMap((m) => m.files)) expect(readFileSync(join(DIST, f.path)).length).toBe(f.bytes);
    const ptau = JSON.parse(readFileSync(join(DIST, 'ptau/index.json'), 'utf8')) as { development: boolean; files: { power: number; path: string; bytes: number }[] };
    expect(ptau.development).toBe(true);
    expect(ptau.files.map((f) => f.power)).toEqual([8, 9, 10, 11, 12]);
    for (const f of ptau.files) expect(existsSync(join(DIST, f.path))).toBe(true);
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    expect(sw).toContain('samples/models/keras2circom-mnist-cnn/model.h5');
    expect(sw).toContain('ptau/index.json');
    expect(sw).not.toContain('pot8_dev.ptau');
    expect(sw).toContain('zkml-keys');
  });

  it('works offline after install: samples precached, a ptau cached on first use', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    const precached = await page.evaluate(async () => {
      const names = await caches.keys();
      const pre = names.find((n) => n.startsWith('workbox-precache'));
      const keys = pre ? (await (await caches.open(pre)).keys()).map((r) => new URL(r.url).pathname) : [];
      return { names, keys };
    });
    expect(precached.keys).toEqual(expect.arrayContaining(['/samples/index.json', '/samples/models/mlp/weights.bin', '/samples/mnist/0.pgm', '/ptau/index.json', '/index.html']));
    expect(precached.keys.some((k) => k.endsWith('.ptau'))).toBe(false);

    const fetchLen = (path: string) => page.evaluate(async (p) => {
      try { const r = await fetch(p); return r.ok ? (await r.arrayBuffer()).byteLength : -r.status; } catch { return 'failed'; }
    }, path);
    expect(await fetchLen('/ptau/pot8_dev.ptau')).toBe(296453);
    // The service worker answers first and writes its cache after (workbox's cache.put is not awaited
    // by the fetch), so wait for the entry rather than read the cache at once.
    await page.waitForFunction(async () => (await (await caches.open('zkml-keys')).keys()).length > 0, null, { timeout: 30_000, polling: 200 });
    expect(await page.evaluate(async () => (await (await caches.open('zkml-keys')).keys()).map((r) => new URL(r.url).pathname))).toEqual(['/ptau/pot8_dev.ptau']);

    await context.setOffline(true);
    expect(await fetchLen('/ptau/pot8_dev.ptau')).toBe(296453); // from the runtime cache
    expect(await fetchLen('/samples/models/keras2circom-mnist-cnn/model.h5')).toBe(62520); // precached
    expect(await fetchLen('/samples/mnist/19.pgm')).toBe(797);
    expect(await fetchLen('/ptau/pot9_dev.ptau')).toBe('failed'); // never fetched online
    await page.reload();
    expect(await page.title()).toBeTruthy(); // the shell, from the precache
    await context.close();
  });
});
