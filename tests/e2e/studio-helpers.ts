/**
 * Shared steps of the studio's browser tests: a studio session (server, browser, page, page errors), the
 * tiny tfjs model (tests/helpers/tiny-model.ts) and the walk from its files to a verified proof, share
 * links opened and tampered.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launch, serveDist } from './browser.js';
import { decodeProofLink, proofLinkUrl } from '../../src/core/share/proof-link.js';
import { TINY_INPUT } from '../helpers/tiny-model.js';

export { tinyModelFiles, writeTinyModel, TINY_INPUT } from '../helpers/tiny-model.js';

export interface Studio {
  /** where the app is served */
  url: string;
  browser: Browser;
  context: BrowserContext;
  /** the studio's page; its uncaught errors go to `errors` */
  page: Page;
  errors: string[];
  /** close the browser and the server over dist/ (if this session started one) */
  close(): Promise<void>;
}

/**
 * A studio session: serves dist/ (unless `url` is given), launches Chromium, opens a 1180×900 context
 * (plus `context` options) and a page whose page errors are pushed to `errors`, then opens the studio
 * and waits for it (unless `open: false`).
 */
export async function openStudio(opts: { url?: string; errors?: string[]; context?: BrowserContextOptions; open?: boolean } = {}): Promise<Studio> {
  const server = opts.url === undefined ? await serveDist() : undefined;
  const url = opts.url ?? server!.url;
  const errors = opts.errors ?? [];
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
  };
  try {
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1180, height: 900 }, ...opts.context });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    if (opts.open !== false) {
      await page.goto(url);
      await page.getByTestId('studio').waitFor();
    }
    return { url, browser, context, page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Opens a share link in `view` (from a blank page, so the hash change reloads) and returns its verdict once shown. */
export async function linkVerdict(view: Page, url: string, timeout = 60_000): Promise<string | null> {
  await view.goto('about:blank');
  await view.goto(url);
  await view.getByTestId('proof-verdict').waitFor({ timeout });
  return view.getByTestId('proof-verdict').textContent();
}

/** The share link tampered: it claims the next output class (of 3), with the `out` public signal changed to match. */
export function otherClassLink(link: string): string {
  const payload = decodeProofLink(link);
  const out = payload.meta.publicSignalNames.indexOf('out');
  const other = (Number(payload.publicSignals[out]) + 1) % 3;
  return proofLinkUrl(link, { ...payload, publicSignals: payload.publicSignals.map((v, i) => (i === out ? String(other) : v)), meta: { ...payload.meta, outputClass: other } });
}

/** Model files → transpile → compile → development Groth16 setup → input → proof (verified in the worker). */
export async function proveTinyModel(page: Page, files: string[], input: unknown = TINY_INPUT): Promise<void> {
  await page.getByTestId('model-files').setInputFiles(files);
  await page.waitForFunction(() => /tiny/.test(document.querySelector('[data-testid=model-summary]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.getByTestId('compile').click();
  await page.getByTestId('real-constraints').waitFor({ timeout: 180_000 });
  await page.getByTestId('setup-dev').click();
  await page.getByTestId('setup-result').waitFor({ timeout: 180_000 });
  await proveWith(page, input);
}

/** Enters `input` as JSON and proves it. */
export async function proveWith(page: Page, input: unknown): Promise<void> {
  await page.getByTestId('input-json').fill(JSON.stringify(input));
  await page.getByTestId('use-json').click();
  await page.getByTestId('prediction-chart').waitFor({ timeout: 60_000 });
  await page.getByTestId('prove').click();
  await page.getByTestId('proof-verified').waitFor({ timeout: 180_000 });
}
