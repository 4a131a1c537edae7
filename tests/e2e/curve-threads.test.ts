/**
 * snarkjs's curve threads in Chromium (src/zk/curve.ts): the multi-exponentiation split across the
 * threads gives ffjavascript's single-threaded result for G1 and G2, and sends each base to the threads
 * once, in one transferred task per thread, to threads that run our program (results transferred back);
 * an FFT on those threads equals ffjavascript's single-threaded one. The bug it blocks: ffjavascript posted one task per window,
 * each structured-cloning every base, and Chromium's sending thread spent a whole core cloning, so the
 * threads gained nothing (docs/BENCHMARKS.md, "Curve threads in Chromium"). No timing is asserted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';

const pageMain = (rel: (p: string) => string) => `
  import { buildBn128 } from ${rel('node_modules/ffjavascript/build/browser.esm.js')};
  import { bn128 } from ${rel('src/zk/curve.ts')};
  import { msmInputs as inputs } from ${rel('tests/helpers/msm-inputs.ts')};
  window.curve = {
    async msm(g, n, seed) {
      const curve = await bn128();
      const plain = await buildBn128(true);
      const { bases, scalars } = inputs(curve[g], curve.Fr, n, seed);
      const posted = [];
      const originals = curve.tm.workers.map((w) => w.postMessage);
      curve.tm.workers.forEach((w, i) => {
        w.postMessage = (task, transfers) => {
          posted.push({ bytes: task.reduce((a, c) => a + (c?.buff?.byteLength ?? 0), 0), transferred: (transfers ?? []).reduce((a, b) => a + b.byteLength, 0) });
          return originals[i].call(w, task, transfers);
        };
      });
      let got;
      try { got = await curve[g].multiExpAffine(bases, scalars); } finally { curve.tm.workers.forEach((w, i) => { w.postMessage = originals[i]; }); }
      const want = await plain[g].multiExpAffine(bases, scalars);
      return {
        equal: curve[g].eq(got, curve[g].fromObject(plain[g].toObject(want))),
        threads: curve.tm.concurrency, posted, inputBytes: bases.byteLength + scalars.byteLength, ownThreads: curve.tm.zkmlThreads === true,
      };
    },
    /** an FFT and its inverse over Fr on the threads (results come back transferred) against the single-threaded curve */
    async fft(bits) {
      const curve = await bn128();
      const plain = await buildBn128(true);
      const n = 1 << bits;
      const a = new Uint8Array(n * 32);
      for (let i = 0; i < n; i++) a.set(curve.Fr.e(BigInt(i) * 7919n + 3n), i * 32);
      const [f, p] = [await curve.Fr.fft(a), await plain.Fr.fft(a)];
      const back = await curve.Fr.ifft(f);
      return { fftEqual: f.length === p.length && f.every((x, i) => x === p[i]), roundTrip: back.every((x, i) => x === a[i]), length: f.length };
    },
  };
  window.ready = true;
`;

const call = pageCall('curve');

interface Msm { equal: boolean; threads: number; posted: { bytes: number; transferred: number }[]; inputBytes: number; ownThreads: boolean }

describe.skipIf(!hasChromium)('curve threads in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-curve-threads-', pageMain);
    browser = await launch();
    page = await openTestPage(browser, testPage, { files: new Map() });
  });
  afterAll(async () => { await browser?.close(); await testPage?.close(); });

  it.each([['G1', 4096], ['G2', 2048]] as const)('%s, %i points: the single-threaded result, each base sent once, transferred', async (g, n) => {
    const r = await call<Msm>(page, 'msm', g, n, n + 1);
    expect(r.equal).toBe(true);
    expect(r.threads).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
    expect(r.posted.length).toBe(Math.min(r.threads, n / 1024));
    expect(r.posted.reduce((a, p) => a + p.bytes, 0)).toBe(r.inputBytes);
    expect(r.posted.every((p) => p.transferred === p.bytes)).toBe(true);
    // the threads run src/zk/curve.ts's program (results transferred back), not ffjavascript's
    expect(r.ownThreads).toBe(true);
  });

  it('an FFT on the threads equals the single-threaded one, and its inverse gives the input back', async () => {
    const r = await call<{ fftEqual: boolean; roundTrip: boolean; length: number }>(page, 'fft', 14);
    expect(r).toEqual({ fftEqual: true, roundTrip: true, length: (1 << 14) * 32 });
  });
});
