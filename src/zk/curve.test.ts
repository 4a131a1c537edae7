import { describe, it, expect, beforeAll } from 'vitest';
import { buildBn128 } from 'ffjavascript';
import { transferTaskBuffers, splitMultiExp } from './curve.js';
import { msmInputs } from '../../tests/helpers/msm-inputs.js';

// The split multi-exponentiation against ffjavascript's single-threaded one, on the same inputs.
describe('bn128 (threaded curve with split multi-exponentiation)', () => {
  let curve: any;
  let plain: any;
  // bn128() installs the fixes in a browser only (tests/e2e/curve-threads.test.ts); here they are installed by hand
  beforeAll(async () => {
    curve = await buildBn128();
    transferTaskBuffers(curve.tm);
    splitMultiExp(curve.G1, 'g1m', curve.tm);
    splitMultiExp(curve.G2, 'g2m', curve.tm);
    plain = await buildBn128(true);
  });


  it.each([[1, 'G1'], [2047, 'G1'], [2048, 'G1'], [5001, 'G1'], [2048, 'G2'], [3001, 'G2']] as const)('%i points in %s equal the single-threaded result', async (n, g) => {
    const { bases, scalars } = msmInputs(curve[g], curve.Fr, n, n);
    const basesCopy = bases.slice(), scalarsCopy = scalars.slice();
    const lines: string[] = [];
    const got = await curve[g].multiExpAffine(bases, scalars, { debug: (m: string) => lines.push(m) }, 'test');
    const want = await plain[g].multiExpAffine(bases, scalars);
    expect(curve[g].eq(got, plain[g].fromObject(plain[g].toObject(want)))).toBe(true);
    // the caller's arrays are untouched (they were copied, then transferred)
    expect(bases).toEqual(basesCopy);
    expect(scalars).toEqual(scalarsCopy);
    expect(lines.filter((l) => l.startsWith('Multiexp start')).length).toBe(lines.filter((l) => l.startsWith('Multiexp end')).length);
  });

  // The regression: ffjavascript posted one task per window (~20 for 2^12 points), each carrying every
  // base, structured-cloned; Chromium spent a core cloning them and its curve threads gained nothing.
  it('sends each base to the threads once, in one transferred task per thread', async () => {
    const n = 4096;
    const { bases, scalars } = msmInputs(curve.G1, curve.Fr, n, 7);
    const tm = curve.tm;
    // what actually crosses to the threads: each worker's postMessage(task, transfer list)
    const posted: { bytes: number; transferred: number }[] = [];
    const spy = async <T>(run: () => Promise<T>): Promise<T> => {
      const originals = tm.workers.map((w: any) => w.postMessage);
      tm.workers.forEach((w: any, i: number) => {
        w.postMessage = (task: any[], transfers?: ArrayBuffer[]) => {
          posted.push({
            bytes: task.reduce((a, c) => a + (c?.buff?.byteLength ?? 0), 0),
            transferred: (transfers ?? []).reduce((a, b) => a + b.byteLength, 0),
          });
          return originals[i].call(w, task, transfers);
        };
      });
      try { return await run(); } finally { tm.workers.forEach((w: any, i: number) => { w.postMessage = originals[i]; }); }
    };
    await spy(() => curve.G1.multiExpAffine(bases, scalars));
    expect(tm.concurrency).toBeGreaterThanOrEqual(2);
    expect(posted.length).toBe(Math.min(tm.concurrency, n / 1024));
    expect(posted.reduce((a, p) => a + p.bytes, 0)).toBe(bases.byteLength + scalars.byteLength);
    // transferred, not cloned (transferring detaches the sent copy, so the sizes read 0 afterwards: count before)
    expect(posted.every((p) => p.transferred === p.bytes)).toBe(true);
    // below the split size, ffjavascript's own per-window tasks run, their buffers transferred too
    const small = msmInputs(curve.G1, curve.Fr, 1000, 3);
    posted.length = 0;
    await spy(() => curve.G1.multiExpAffine(small.bases, small.scalars));
    expect(posted.length).toBeGreaterThan(2);
    expect(posted.every((p) => p.transferred === p.bytes)).toBe(true);
  });
});
