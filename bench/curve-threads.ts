/**
 * snarkjs's curve threads, Node against Chromium: one G1 multi-exponentiation of N affine points (the
 * core of a Groth16 proof) on ffjavascript's curve single-threaded, with ffjavascript's own threads, and
 * with the threads fixed by src/zk/curve.ts (the bases split across the threads and transferred once),
 * in Node and in a headless Chromium page, in one run. The measurement behind the fix: in Chromium
 * ffjavascript's threads were no faster than none.
 *
 * Writes bench/curve-threads.json and the "curve-threads" section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/curve-threads.ts [--points 8192,65536] [--rounds 4] [--no-browser]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBn128 } from 'ffjavascript';
import { transferTaskBuffers, splitMultiExp } from '../src/zk/curve.js';
import { hasChromium, launch, buildTestPage } from '../tests/e2e/browser.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const POINTS = (arg('--points') ?? '8192,65536').split(',').map(Number);
const ROUNDS = Number(arg('--rounds') ?? 4);
const BROWSER = !process.argv.includes('--no-browser');
const JSON_OUT = path.join(ROOT, 'bench/curve-threads.json');
const log = (m: string) => process.stderr.write(`bench/curve-threads: ${m}\n`);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

type Mode = 'single' | 'ffjavascript threads' | 'fixed threads';
const MODES: Mode[] = ['single', 'ffjavascript threads', 'fixed threads'];

/**
 * Runs in Node and, as source text, in the page: builds the curve of `mode`, N points and scalars, and
 * times ROUNDS multi-exponentiations (the first is a warm-up, dropped). ffjavascript caches its threaded
 * curve in globalThis.curve_bn128, so the unfixed threaded curve is terminated before the fixed one is built.
 */
async function measure(mode: Mode, n: number, rounds: number, lib: { buildBn128: (st?: boolean) => Promise<any>; bn128: () => Promise<any> }): Promise<number[]> {
  const curve = mode === 'single' ? await lib.buildBn128(true) : mode === 'fixed threads' ? await lib.bn128() : await lib.buildBn128(false);
  const G = curve.G1, Fr = curve.Fr;
  const bases = new Uint8Array(n * 64);
  let p = G.g;
  for (let i = 0; i < n; i++) { bases.set(G.toAffine(p), i * 64); p = G.add(p, G.g); }
  const scalars = new Uint8Array(n * 32);
  let x = 12345n;
  for (let i = 0; i < n; i++) { x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 254n); scalars.set(Fr.e(x), i * 32); }
  const out: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t = performance.now();
    await G.multiExpAffine(bases, scalars);
    if (r > 0) out.push(Math.round(performance.now() - t));
  }
  // ffjavascript caches its threaded curve: end it, so that the next row builds its own (patched or not)
  if (mode !== 'single') await curve.terminate();
  return out;
}

interface Row { where: 'Node' | 'Chromium'; mode: Mode; points: number; ms: number[]; medianMs: number }

async function main() {
  const rows: Row[] = [];
  for (const n of POINTS) {
    for (const mode of MODES) {
      // in Node bn128() leaves ffjavascript's curve as it is: install the fixes by hand to measure them
      const fixed = async () => { const c = (await buildBn128()) as any; transferTaskBuffers(c.tm); splitMultiExp(c.G1, 'g1m', c.tm); splitMultiExp(c.G2, 'g2m', c.tm); return c; };
      const ms = await measure(mode, n, ROUNDS, { buildBn128: (st) => buildBn128(st) as Promise<any>, bn128: fixed });
      rows.push({ where: 'Node', mode, points: n, ms, medianMs: median(ms) });
      log(`Node ${mode} ${n}: ${ms.join(', ')} ms`);
    }
  }
  let chromium: string | null = null;
  if (BROWSER && hasChromium) {
    const tp = await buildTestPage('zkml-bench-curve-threads-', (rel) => `
      import { buildBn128 } from ${rel('node_modules/ffjavascript/build/browser.esm.js')};
      import { bn128 } from ${rel('src/zk/curve.ts')};
      const __name = (f) => f;
      const measure = ${measure.toString()};
      window.measure = (mode, n, rounds) => measure(mode, n, rounds, { buildBn128, bn128 });
      window.ready = true;
    `);
    const b = await launch();
    try {
      chromium = b.version();
      for (const n of POINTS) {
        for (const mode of MODES) {
          // a fresh page per row: its curve, threads and memory start clean
          const page = await (await b.newContext()).newPage();
          await page.goto(tp.url);
          await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
          const ms = await page.evaluate(([m, k, r]) => (window as unknown as { measure(m: string, n: number, r: number): Promise<number[]> }).measure(m as string, k as number, r as number), [mode, n, ROUNDS] as const);
          await page.context().close();
          rows.push({ where: 'Chromium', mode, points: n, ms, medianMs: median(ms) });
          log(`Chromium ${mode} ${n}: ${ms.join(', ')} ms`);
        }
      }
    } finally { await b.close(); await tp.close(); }
  }
  const result = { generatedBy: 'bench/curve-threads.ts', date: new Date().toISOString(), machine: hostLine(), load: os.loadavg().map((v) => Number(v.toFixed(2))), chromium, threads: os.availableParallelism(), rounds: ROUNDS, rows };
  fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 1)}\n`);
  const cell = (where: string, mode: Mode, n: number) => rows.find((r) => r.where === where && r.mode === mode && r.points === n)?.medianMs;
  const lines = [
    '## Curve threads in Chromium (one G1 multi-exponentiation)',
    '',
    `${result.date.slice(0, 10)}, ${result.machine}, load ${result.load.join(' / ')}; ${chromium ? `Chromium ${chromium} headless, page main thread` : 'no Chromium'}; ${result.threads} threads; median of ${ROUNDS} after a warm-up. \`npx tsx bench/curve-threads.ts\`.`,
    '',
    '| points | where | single-threaded | ffjavascript threads | fixed threads (src/zk/curve.ts) | threads gain, ffjavascript → fixed |',
    '|---|---|---|---|---|---|',
    ...POINTS.flatMap((n) => (['Node', 'Chromium'] as const).filter((w) => cell(w, 'single', n) !== undefined).map((w) => {
      const s = cell(w, 'single', n)!, f = cell(w, 'ffjavascript threads', n)!, x = cell(w, 'fixed threads', n)!;
      return `| ${n.toLocaleString('en-US')} | ${w} | ${s} ms | ${f} ms | ${x} ms | ${(s / f).toFixed(2)}× → ${(s / x).toFixed(2)}× |`;
    })),
    '',
    'ffjavascript posts one task per window of the multi-exponentiation (about 20), each carrying every base, structured-cloned. In Chromium the clone runs on the sending thread (the snark worker) at about 90 MB/s: `perf` on that thread showed memmove and page faults, and the two curve threads waited on it, so a proof with threads took as long as one without. src/zk/curve.ts splits the points across the threads instead, one task per thread with its share of the bases, transferred (and transfers the buffers of every other task too). Same wasm routine, same result (src/zk/curve.test.ts, tests/e2e/curve-threads.test.ts).',
  ];
  writeBenchSection('curve-threads', lines);
  log('wrote bench/curve-threads.json and the "curve-threads" section of docs/BENCHMARKS.md');
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
