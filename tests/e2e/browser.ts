/**
 * Helpers for the real-browser tests: a static server over dist/ on a free loopback port, a tiny
 * self-built test page (for workers no app page uses yet), and Debian's Chromium through
 * playwright-core (never a downloaded browser).
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type PluginOption } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** The built app under test: dist/, or ZKML_DIST (so parallel developers' runs don't rebuild each other's). */
export const DIST = process.env.ZKML_DIST ? resolve(process.env.ZKML_DIST) : join(process.cwd(), 'dist');
export const SCREENSHOTS = join(process.cwd(), 'test-results/screenshots');

const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
};

export async function serveDist(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST, path);
    try { if ((await stat(file)).isDirectory()) file = join(file, 'index.html'); } catch { file = join(DIST, 'index.html'); }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Headless Debian Chromium; `ZKML_CHROMIUM_ARGS` adds flags for an experiment (e.g. `--js-flags=--no-liftoff`). */
export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.ZKML_CHROMIUM_ARGS ? process.env.ZKML_CHROMIUM_ARGS.split(' ') : [])],
  });
}

export interface TestPage {
  url: string;
  /** stop the server and delete the page's temporary folder */
  close(): Promise<void>;
}

/**
 * Build a tiny page with Vite in a temporary folder (never touching dist/) and serve it on a free
 * loopback port. `main(rel)` returns the page's `src/main.ts`; `rel('workers/x.ts')` is the quoted import
 * specifier of a project file from there (`import { f } from ${rel('src/f.ts')};`). `opts.plugins`: Vite plugins
 * (e.g. vite-plugin-solid, to mount a component of the app).
 */
export async function buildTestPage(prefix: string, main: (rel: (projectPath: string) => string) => string, opts: { plugins?: PluginOption[] } = {}): Promise<TestPage> {
  const root = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const src = join(dir, 'src');
    const rel = (p: string) => JSON.stringify(relative(src, join(root, p)));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="./src/main.ts"></script></body></html>');
    mkdirSync(src);
    writeFileSync(join(src, 'main.ts'), main(rel));
    const out = join(dir, 'dist');
    await build({
      configFile: false, root: dir, logLevel: 'error', plugins: opts.plugins,
      resolve: { alias: { comlink: join(root, 'node_modules/comlink/dist/esm/comlink.mjs') } },
      worker: { format: 'es' },
      build: { outDir: out, emptyOutDir: true, target: 'es2022' },
    });
    const server = createServer((req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      const file = join(out, p === '/' ? 'index.html' : p.replace(/\.\.+/g, ''));
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch { res.writeHead(404); res.end(); }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
      close: async () => {
        await new Promise((r) => server.close(r));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * A new page on a test page (see `buildTestPage`), ready to use: its page errors pushed to `errors`,
 * requests for `/fixtures/NAME` answered from `files` (404 when absent), `before(page)` run before it
 * loads, then navigated and waited for until the page sets `window.ready = true`.
 */
export async function openTestPage(
  browser: Browser,
  testPage: TestPage,
  opts: { files?: ReadonlyMap<string, Uint8Array>; errors?: string[]; before?: (page: Page) => Promise<unknown> } = {},
): Promise<Page> {
  const page = await browser.newPage();
  const { files, errors } = opts;
  if (errors) page.on('pageerror', (e) => errors.push(e.message));
  if (files) {
    await page.route('**/fixtures/*', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!;
      const body = files.get(name);
      return body ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(body) }) : route.fulfill({ status: 404 });
    });
  }
  await opts.before?.(page);
  await page.goto(testPage.url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
}

/**
 * Calls into a test page's API object `window[api]` from Node: `const call = pageCall('t')`, then
 * `await call<R>(page, 'fn', ...args)` runs `window.t.fn(...args)` in the page and returns its result.
 */
export const pageCall = (api: string) => <R>(page: Page, fn: string, ...args: unknown[]): Promise<R> =>
  page.evaluate(({ api, fn, args }) => ((window as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[api]![fn]!)(...args), { api, fn, args }) as Promise<R>;
