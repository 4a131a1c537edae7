/**
 * A test page that proves with the app's own snark worker (SnarkClient), for the benches that compare
 * Chromium with Node: the circuit's wasm and zkey are served from disk, `prove(input)` returns the
 * page's wall time, the worker's witness and prove times, the public signals and the proof.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as snarkjs from 'snarkjs';
import type { Browser, Page } from 'playwright-core';
import { buildTestPage } from '../tests/e2e/browser.js';

/** Files from disk over http://127.0.0.1 with CORS, streamed (for test pages on another loopback port). */
export async function serveFiles(paths: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = paths[new URL(req.url ?? '/', 'http://x').pathname.slice(1)];
    if (!file) { res.writeHead(404, { 'access-control-allow-origin': '*' }); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size, 'access-control-allow-origin': '*' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

export interface PageProve { wallMs: number; witnessMs: number; proveMs: number; totalMs: number; publicSignals: string[]; proof: snarkjs.Proof }

export interface ProvePage {
  page: Page;
  /** snarkjs's threads in the worker */
  threads: number;
  /** singleThread: without snarkjs's curve threads (ProveRequest.singleThread) */
  prove(input: unknown, opts?: { singleThread?: boolean }): Promise<PageProve>;
  close(): Promise<void>;
}

export async function openProvePage(browser: Browser, c: { wasmPath: string; zkeyPath: string; prefix: string }): Promise<ProvePage> {
  const testPage = await buildTestPage(c.prefix, (rel) => `
    import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
    const client = new SnarkClient();
    const bytes = async (n) => new Uint8Array(await (await fetch(window.filesUrl + n)).arrayBuffer());
    let wasm, zkey;
    window.load = async (filesUrl) => { window.filesUrl = filesUrl; [wasm, zkey] = await Promise.all([bytes('circuit.wasm'), bytes('circuit.zkey')]); return (await client.warmup()).threads; };
    window.prove = async (input, singleThread) => {
      const t = performance.now();
      const r = await client.prove({ scheme: 'groth16', wasm, zkey, input, singleThread });
      return { wallMs: performance.now() - t, witnessMs: r.timings.witnessMs, proveMs: r.timings.proveMs, totalMs: r.timings.totalMs, publicSignals: r.publicSignals, proof: r.proof };
    };
    window.ready = true;
  `);
  const context = await browser.newContext();
  const page = await context.newPage();
  // served from disk by a loopback server: playwright's request routing sends a fulfilled body through the
  // DevTools protocol in one message, which a 100 MB+ zkey crashes
  const files = await serveFiles({ 'circuit.wasm': c.wasmPath, 'circuit.zkey': c.zkeyPath });
  await page.goto(testPage.url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const threads = await page.evaluate((u) => (window as unknown as { load(u: string): Promise<number> }).load(u), files.url);
  return {
    page, threads,
    prove: (input, opts) => page.evaluate(([i, st]) => (window as unknown as { prove(i: unknown, st: boolean): Promise<PageProve> }).prove(i, st), [input, opts?.singleThread === true] as const),
    close: async () => { await context.close(); await testPage.close(); await files.close(); },
  };
}
