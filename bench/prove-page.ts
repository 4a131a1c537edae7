/**
 * A test page that proves with the app's own snark worker (SnarkClient), for the benches that compare
 * Chromium with Node: the circuit's wasm and zkey are served from disk, `prove(input)` returns the
 * page's wall time, the worker's witness and prove times, the public signals and the proof.
 */
import * as fs from 'node:fs';
import type * as snarkjs from 'snarkjs';
import type { Browser, Page } from 'playwright-core';
import { buildTestPage } from '../tests/e2e/browser.js';

export interface PageProve { wallMs: number; witnessMs: number; proveMs: number; totalMs: number; publicSignals: string[]; proof: snarkjs.Proof }

export interface ProvePage {
  page: Page;
  /** snarkjs's threads in the worker */
  threads: number;
  prove(input: unknown): Promise<PageProve>;
  close(): Promise<void>;
}

export async function openProvePage(browser: Browser, c: { wasmPath: string; zkeyPath: string; prefix: string }): Promise<ProvePage> {
  const testPage = await buildTestPage(c.prefix, (rel) => `
    import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
    const client = new SnarkClient();
    const bytes = async (n) => new Uint8Array(await (await fetch('/bench-files/' + n)).arrayBuffer());
    let wasm, zkey;
    window.load = async () => { [wasm, zkey] = await Promise.all([bytes('circuit.wasm'), bytes('circuit.zkey')]); return (await client.warmup()).threads; };
    window.prove = async (input) => {
      const t = performance.now();
      const r = await client.prove({ scheme: 'groth16', wasm, zkey, input });
      return { wallMs: performance.now() - t, witnessMs: r.timings.witnessMs, proveMs: r.timings.proveMs, totalMs: r.timings.totalMs, publicSignals: r.publicSignals, proof: r.proof };
    };
    window.ready = true;
  `);
  const context = await browser.newContext();
  const page = await context.newPage();
  const files: Record<string, string> = { 'circuit.wasm': c.wasmPath, 'circuit.zkey': c.zkeyPath };
  await page.route('**/bench-files/*', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: fs.readFileSync(files[new URL(route.request().url()).pathname.split('/').pop()!]!) }));
  await page.goto(testPage.url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const threads = await page.evaluate(() => (window as unknown as { load(): Promise<number> }).load());
  return {
    page, threads,
    prove: (input) => page.evaluate((i) => (window as unknown as { prove(i: unknown): Promise<PageProve> }).prove(i), input),
    close: async () => { await context.close(); await testPage.close(); },
  };
}
