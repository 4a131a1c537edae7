import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { hasChromium, serveDist, launch, SCREENSHOTS } from './browser.js';

describe.skipIf(!hasChromium)('app shell in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveDist>>;
  let browser: Browser;
  beforeAll(async () => { server = await serveDist(); browser = await launch(); });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('renders the shell, exposes a manifest and installs a service worker', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('ZKML');
    expect(await page.locator('article.card').count()).toBe(3);
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]')!.getAttribute('href')!)).json());
    expect(manifest.name).toBe('ZKML');
    const sw = await page.evaluate(async () => { const r = await navigator.serviceWorker.ready; return r.active?.state; });
    expect(['activating', 'activated']).toContain(sw);
    await page.screenshot({ path: join(SCREENSHOTS, 'app-shell.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
