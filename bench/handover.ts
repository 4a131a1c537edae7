/**
 * The weight hand-over's Groth16 prove time for the keras2circom MNIST CNN (issue 12): the Handover(L_W, L_B)
 * circuit for the CNN's limb counts (compiled with circom2 WASM, cached by content in .cache/circuits),
 * development keys (src/zk/dev-setup.ts, cached in .cache/bench-handover), one warm-up and N measured
 * proofs (witness + prove, as `snarkjs groth16 fullprove`) in Node, and the same in headless Chromium
 * through `SnarkClient` (the studio's snark worker) when /usr/bin/chromium is there. Every proof verifies
 * and carries the public signals `handoverWitness` predicts. Tests never assert on these times.
 *
 * Writes bench/handover.json and the "handover" section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/handover.ts               # Node and Chromium, 3 runs each
 *   npx tsx bench/handover.ts --runs 5 --no-browser
 *   npx tsx bench/handover.ts --doc-only      # rewrite the docs section from bench/handover.json
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as snarkjs from 'snarkjs';
import { loadModel } from '../src/core/keras/load-model.js';
import { transpile } from '../src/core/transpile.js';
import { architectureOf, archHash } from '../src/core/commit/architecture.js';
import { modelLimbs } from '../src/core/commit/model.js';
import { generateKeyPair, generateHunterKeyPair } from '../src/core/handover/keys.js';
import { handoverWitness } from '../src/core/handover/handover.js';
import { HANDOVER_PUBLIC_INPUTS, handoverConstraints } from '../src/circuits/handover.js';
import { compileSource } from '../src/circuits/test/harness.js';
import { devGroth16Setup } from '../src/zk/dev-setup.js';
import { hasShared, MNIST_H5 } from '../tests/helpers/mnist.js';
import { hasChromium, launch } from '../tests/e2e/browser.js';
import { openProvePage, serveFiles } from './prove-page.js';
import { buildTestPage } from '../tests/e2e/browser.js';
import type { Browser } from 'playwright-core';
import { ROOT, hostLine, writeBenchSection } from './doc.js';

const JSON_OUT = path.join(ROOT, 'bench/handover.json');
const CACHE = path.join(ROOT, '.cache/bench-handover');
const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const RUNS = Number(arg('--runs') ?? 3);
const LOAD_AT_START = os.loadavg().map((x) => Number(x.toFixed(2)));
const BROWSER = !process.argv.includes('--no-browser');
const log = (m: string) => process.stderr.write(`bench/handover: ${m}\n`);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const sec = (ms: number) => (ms / 1000).toFixed(2);

interface Run { wallMs: number; witnessMs: number; proveMs: number }

type Result = {
  date: string; machine: string; load: number[];
  circuit: { template: string; constraints: number; estimate: number; ciphertextWords: number; zkeyBytes: number; domain?: number };
  node: { runs: Run[]; medianWallMs: number };
  browser: { chromium: string; threads: number; runs: Run[]; medianWallMs: number; singleThread?: { runs: Run[]; medianWallMs: number }; singleThreadCold?: { runs: Run[]; medianWallMs: number }; cold?: { runs: Run[]; medianWallMs: number }; prepared?: { runs: Run[]; medianWallMs: number } } | null;
};

/**
 * Cold proofs: each in a fresh page with a fresh SnarkClient that has not been warmed up, so the measured
 * call includes starting the snark worker, loading snarkjs and building the curve and its threads (the
 * wasm and zkey are fetched before the clock starts). What a user waits for when the worker is not warm.
 */
async function coldBrowserRuns(b: Browser, wasmPath: string, zkeyPath: string, input: unknown, runs: number, prepared = false, singleThread = false): Promise<Run[]> {
  const testPage = await buildTestPage('zkml-bench-handover-cold-', (rel) => `
    import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
    const bytes = async (n) => new Uint8Array(await (await fetch(window.filesUrl + n)).arrayBuffer());
    window.coldProve = async (filesUrl, input, prepared, singleThread) => {
      window.filesUrl = filesUrl;
      const [wasm, zkey] = await Promise.all([bytes('circuit.wasm'), bytes('circuit.zkey')]);
      const client = new SnarkClient();
      // prepared: what the app's prepareHandover does when the hand-over step opens (curve + threads built)
      if (prepared) await client.warmup();
      const t = performance.now();
      const r = await client.prove({ scheme: 'groth16', wasm, zkey, input, singleThread });
      const wallMs = performance.now() - t;
      client.terminate?.();
      return { wallMs, witnessMs: r.timings.witnessMs, proveMs: r.timings.proveMs };
    };
    window.ready = true;
  `);
  const files = await serveFiles({ 'circuit.wasm': wasmPath, 'circuit.zkey': zkeyPath });
  const out: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await b.newContext();
      const page = await context.newPage();
      await page.goto(testPage.url);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      out.push(await page.evaluate(([u, inp, pr, st]) => (window as unknown as { coldProve(u: string, i: unknown, p: boolean, st: boolean): Promise<Run> }).coldProve(u as string, inp, pr as boolean, st as boolean), [files.url, input, prepared, singleThread] as const));
      await context.close();
    }
  } finally {
    await testPage.close();
    await files.close();
  }
  return out;
}

function writeDoc(r: Result): void {
  const row = (name: string, rs: Run[]) => `| ${name} | ${sec(median(rs.map((x) => x.wallMs)))} s | ${sec(median(rs.map((x) => x.witnessMs)))} s | ${sec(median(rs.map((x) => x.proveMs)))} s | ${rs.map((x) => sec(x.wallMs)).join(', ')} |`;
  const idle = r.load[0] <= 3;
  const lines = [
    '## Weight hand-over (Handover circuit, keras2circom MNIST CNN)',
    '',
    `Written by \`bench/handover.ts\` (\`npm run bench\`) on ${r.date}: ${r.machine}, load average ${r.load.join(' / ')}. Machine-readable: \`bench/handover.json\`.`,
    '',
    `${r.circuit.template}: ${r.circuit.constraints.toLocaleString('en-US')} constraints (target ≤ 12,000)${r.circuit.domain ? `, Groth16 domain 2^${Math.log2(r.circuit.domain)}` : ''}, ${r.circuit.ciphertextWords} ciphertext words, development Groth16 keys (${(r.circuit.zkeyBytes / 1e6).toFixed(1)} MB zkey). ` +
      `Medians of ${r.node.runs.length} proofs after one warm-up; witness + prove, as \`snarkjs groth16 fullprove\`; every proof verified and carries the public signals \`handoverWitness\` predicts. ` +
      '"Warm": the snark worker has built its curve and threads and proved once; "cold": the first proof of a fresh, un-warmed worker (an upper bound). ' +
      'In the app, the bounty page calls `prepareHandover` when the winner\'s hand-over step opens: it builds the Handover circuit and keys and makes the proof in the background (a fresh hunter key and nonce; nothing the proof depends on changes while the bounty is Awarded), so the click waits for the transaction only. Without that (the click comes before the background proof is done, or it failed), `handOverFlow` proves on a worker whose curve it warmed while the circuit was built: the "prepared" row, the first proof of such a worker (it still pays one-time JIT and the witness wasm\'s compilation). "Warm" is every later proof of that worker.',
    '',
    '| where | proof (wall) | witness | prove | runs |',
    '|---|---|---|---|---|',
    row('Node (snarkjs)', r.node.runs),
    ...(r.browser ? [row(`Chromium ${r.browser.chromium} headless, snark worker (${r.browser.threads} threads), warm`, r.browser.runs)] : []),
    ...(r.browser?.prepared ? [row('Chromium, prepared: a fresh snark worker after `warmup()`, its first proof (the app\'s hand-over when the proof made ahead is not ready)', r.browser.prepared.runs)] : []),
    ...(r.browser?.cold ? [row('Chromium, cold: a fresh snark worker (worker start, snarkjs load, curve and threads built, then the proof)', r.browser.cold.runs)] : []),
    ...(r.browser?.singleThread ? [row('Chromium, warm worker, single-threaded (`singleThread: true`: no curve threads)', r.browser.singleThread.runs)] : []),
    ...(r.browser?.singleThreadCold ? [row('Chromium, fresh worker, single-threaded first proof (no curve threads to start)', r.browser.singleThreadCold.runs)] : []),
    '',
    'The load average is read before the bench starts (the bench itself keeps both cores busy). Since the curve-threads fix (src/zk/curve.ts, "Curve threads in Chromium" below) the threads help in Chromium too; before it, threaded and single-threaded proofs took the same time there.',
    '',
    ...(idle ? [] : [`**Measured on a heavily shared machine** (load average ${r.load[0]} on ${r.machine.match(/(\d+) cores/)?.[1] ?? '?'} cores: the proofs competed with other engineers' jobs for the CPU), so these times are upper bounds, not the idle-machine figure the target is about; re-run \`npx tsx bench/handover.ts\` on an idle machine to judge the target.`, '']),
    `Target: the browser proof ≤ 3 s on this machine, judged on the prepared row (the first proof of a warmed worker; the app usually hides even that by proving ahead) — ${!r.browser?.prepared ? 'not measured here (no Chromium)' : r.browser.prepared.medianWallMs <= 3000 ? `met (${sec(r.browser.prepared.medianWallMs)} s prepared` : `not met in this run (${sec(r.browser.prepared.medianWallMs)} s prepared${idle ? '' : ', under the load above'}`}${r.browser ? `; warm ${sec(r.browser.medianWallMs)} s` : ''}${r.browser?.cold ? `; cold ${sec(r.browser.cold.medianWallMs)} s` : ''}${r.browser ? ')' : ''}.`,
  ];
  writeBenchSection('handover', lines);
}

async function main(): Promise<void> {
  if (process.argv.includes('--doc-only')) { writeDoc(JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as Result); return; }
  if (!hasShared) { log('needs ../shared/fixtures/keras2circom-mnist-cnn.h5; skipped'); return; }
  const t0 = performance.now();
  const km = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(fs.readFileSync(MNIST_H5)) }]);
  const { q } = transpile(km, { inputRange: [0, 1] });
  const { weightLimbs, biasLimbs } = modelLimbs(q);
  const provider = generateKeyPair(new Uint8Array(32).fill(1)), hunter = generateHunterKeyPair(new Uint8Array(32).fill(2));
  const w = handoverWitness({ weightLimbs, biasLimbs, archHash: archHash(architectureOf(q)), hunterSk: hunter.sk, providerPub: provider.pub, nonce: 123456789n });
  const main = `pragma circom 2.2.3;\ninclude "handover.circom";\n\ncomponent main {public [${HANDOVER_PUBLIC_INPUTS.join(', ')}]} = Handover(${w.lw}, ${w.lb});\n`;
  log(`Handover(${w.lw}, ${w.lb}): compiling (cached by content)…`);
  const tc = performance.now();
  const c = await compileSource(main, `bench-handover-${w.lw}-${w.lb}`);
  const compileMs = performance.now() - tc;
  const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
  const wasmPath = path.join(c.dir, 'circuit_js/circuit.wasm');
  fs.mkdirSync(CACHE, { recursive: true });
  const zkeyPath = path.join(CACHE, `handover-${createHash('sha256').update(r1cs).digest('hex').slice(0, 16)}.zkey`);
  let setupMs = 0;
  if (!fs.existsSync(zkeyPath)) {
    log('development Groth16 keys…');
    const ts = performance.now();
    const zkey = await devGroth16Setup(r1cs, {});
    setupMs = performance.now() - ts;
    fs.writeFileSync(`${zkeyPath}.tmp`, zkey);
    fs.renameSync(`${zkeyPath}.tmp`, zkeyPath);
  }
  const zkey = new Uint8Array(fs.readFileSync(zkeyPath));
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  const input = w.input as unknown as Record<string, string | string[]>;
  const check = async (proof: snarkjs.Proof, pub: string[], where: string) => {
    if (pub.join() !== w.publicSignals.join()) throw new Error(`${where}: public signals differ from handoverWitness`);
    if (!(await snarkjs.groth16.verify(vkey, pub, proof))) throw new Error(`${where}: the proof does not verify`);
  };

  const nodeRun = async (): Promise<Run> => {
    const t = performance.now();
    const wtns: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.wtns.calculate(input, wasmPath, wtns);
    const t1 = performance.now();
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, wtns.data!);
    const t2 = performance.now();
    await check(proof, publicSignals, 'Node');
    return { wallMs: t2 - t, witnessMs: t1 - t, proveMs: t2 - t1 };
  };
  log(`Node: warm-up + ${RUNS} proofs…`);
  await nodeRun();
  const node: Run[] = [];
  for (let i = 0; i < RUNS; i++) node.push(await nodeRun());

  let browser: { chromium: string; threads: number; runs: Run[]; singleThread?: { runs: Run[]; medianWallMs: number }; singleThreadCold?: { runs: Run[]; medianWallMs: number }; cold?: { runs: Run[]; medianWallMs: number }; prepared?: { runs: Run[]; medianWallMs: number } } | null = null;
  if (BROWSER && hasChromium) {
    log('Chromium: building the test page…');
    const b = await launch();
    try {
      const pp = await openProvePage(b, { prefix: 'zkml-bench-handover-', wasmPath, zkeyPath });
      const { threads } = pp;
      const prove = () => pp.prove(input);
      log(`Chromium: warm-up + ${RUNS} proofs…`);
      await prove();
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await prove();
        await check(r.proof, r.publicSignals, 'Chromium');
        runs.push({ wallMs: r.wallMs, witnessMs: r.witnessMs, proveMs: r.proveMs });
      }
      log(`Chromium: ${RUNS} single-threaded proofs in the same worker…`);
      const single: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await pp.prove(input, { singleThread: true });
        await check(r.proof, r.publicSignals, 'Chromium single-threaded');
        single.push({ wallMs: r.wallMs, witnessMs: r.witnessMs, proveMs: r.proveMs });
        log(`  single-threaded ${sec(r.wallMs)} s`);
      }
      await pp.close();
      log(`Chromium: ${RUNS} single-threaded first proofs (fresh worker each, no curve threads)…`);
      const singleCold = await coldBrowserRuns(b, wasmPath, zkeyPath, input, RUNS, false, true);
      for (const r of singleCold) log(`  single-threaded cold ${sec(r.wallMs)} s`);
      log(`Chromium: ${RUNS} cold proofs (fresh worker each)…`);
      const coldRuns = await coldBrowserRuns(b, wasmPath, zkeyPath, input, RUNS);
      for (const r of coldRuns) log(`  cold ${sec(r.wallMs)} s`);
      log(`Chromium: ${RUNS} prepared proofs (fresh worker each, warmed up as prepareHandover does, then the first proof)…`);
      const preparedRuns = await coldBrowserRuns(b, wasmPath, zkeyPath, input, RUNS, true);
      for (const r of preparedRuns) log(`  prepared ${sec(r.wallMs)} s`);
      browser = { chromium: b.version(), threads, runs,
        singleThread: { runs: single, medianWallMs: median(single.map((r) => r.wallMs)) },
        singleThreadCold: { runs: singleCold, medianWallMs: median(singleCold.map((r) => r.wallMs)) }, cold: { runs: coldRuns, medianWallMs: median(coldRuns.map((r) => r.wallMs)) }, prepared: { runs: preparedRuns, medianWallMs: median(preparedRuns.map((r) => r.wallMs)) } };
    } finally {
      await b.close();
    }
  } else if (BROWSER) log('no /usr/bin/chromium: Node only');

  const result = {
    generatedBy: 'bench/handover.ts', date: new Date().toISOString(), machine: hostLine(), load: LOAD_AT_START, loadAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
    circuit: { template: `Handover(${w.lw}, ${w.lb})`, constraints: c.nConstraints, domain: 2 ** Math.ceil(Math.log2(c.nConstraints + 8 + 1)), estimate: handoverConstraints(w.lw, w.lb), ciphertextWords: w.ciphertext.length, zkeyBytes: zkey.length },
    seconds: { compile: compileMs / 1000, setup: setupMs / 1000, setupCached: setupMs === 0, total: (performance.now() - t0) / 1000 },
    node: { runs: node, medianWallMs: median(node.map((r) => r.wallMs)) },
    browser: browser && { ...browser, medianWallMs: median(browser.runs.map((r) => r.wallMs)) },
  };
  fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 1)}\n`);
  writeDoc(result);
  log(`wrote ${path.relative(ROOT, JSON_OUT)} and the "handover" section of docs/BENCHMARKS.md`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
