/**
 * The isomorphic compiler in a real browser: workers/compile.worker.ts driven through comlink in
 * Chromium. The app has no page that uses it yet, so this test builds its own tiny page (in a
 * temporary folder, with Vite, not touching dist/) and serves that.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, type TestPage } from './browser.js';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../src/zk/circom-node.js';

const MAIN = 'pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(32, 12);\n';

interface PageResult {
  ok: boolean; ms: number; r1cs?: number[]; wasmLen?: number; sym?: string; lines: string[]; globalBuffer?: string;
  name?: string; message?: string; details?: { file?: string; line?: number };
}

const pageMain = (rel: (p: string) => string) => `
    import * as Comlink from 'comlink';
    import { reviveCircomError } from ${rel('src/zk/circom.ts')};
    const api = Comlink.wrap(new Worker(new URL(${rel('workers/compile.worker.ts')}, import.meta.url), { type: 'module' }));
    window.runCompile = async (main) => {
      const lines = [];
      const t = performance.now();
      try {
        const r = await api.compile({ main }, Comlink.proxy((l) => { lines.push(l); }));
        return { ok: true, ms: performance.now() - t, r1cs: Array.from(r.r1cs), wasmLen: r.wasm.length, sym: r.sym, lines, globalBuffer: typeof globalThis.Buffer };
      } catch (e) {
        const err = reviveCircomError(e);
        return { ok: false, ms: performance.now() - t, name: err.name, message: err.message, details: err.details, lines };
      }
    };
    window.ready = true;
  `;

describe.skipIf(!hasChromium)('circom compile worker in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-compile-page-', pageMain);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('compiles Rescale in a worker to the same r1cs as Node, and reports compile errors', async () => {
    const errors: string[] = [];
    const page = await openTestPage(browser, testPage, { errors });
    const run = (main: string) => page.evaluate((m) => (window as unknown as { runCompile(m: string): Promise<PageResult> }).runCompile(m), main);

    const first = await run(MAIN);
    expect(first.message).toBeUndefined();
    expect(first.ok).toBe(true);
    const warm = await run(MAIN);
    console.info(`[circom] in Chromium worker: ${first.ms.toFixed(0)} ms first (fetch + compile circom.wasm), ${warm.ms.toFixed(0)} ms warm`);
    expect(first.lines).toContain('Everything went okay');
    expect(first.globalBuffer).toBe('undefined'); // the page never gets a Buffer

    const node = await compileCircom({ main: MAIN, files: await libraryFiles(MAIN), wasmBytes: circomWasmBytes() });
    expect(new Uint8Array(first.r1cs!)).toEqual(node.r1cs);
    expect(first.wasmLen).toBe(node.wasm.length);
    expect(first.sym).toBe(node.sym);

    const bad = await run(MAIN.replace('Rescale(32, 12)', 'Rescale(32, 40)'));
    expect(bad.ok).toBe(false);
    expect(bad.name).toBe('CircomCompileError');
    expect(bad.message).toContain('False assert reached');
    expect(bad.details).toMatchObject({ file: 'rescale.circom', line: 15 });

    expect(errors).toEqual([]);
    await page.close();
  });
});
