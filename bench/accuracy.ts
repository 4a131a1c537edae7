/**
 * Issue 11's targets, measured: the keras2circom MNIST CNN's accuracy proofs over a 100-sample test set
 * (the first 100 MNIST training images of ../shared/fixtures with their labels), every batch proved in
 * headless Chromium by the app's batch pool (src/app/pool: `proveBatches` on SnarkClient workers sized
 * by `poolSize`, proofs kept in IndexedDB), with the tab's peak memory; and the RevealTestSet proof of
 * the same 100 samples in the app's snark worker. One batch is also proved in Node with snarkjs, for the
 * Chromium / Node ratio measured in the same run.
 *
 *   npx tsx bench/accuracy.ts [--batch 10] [--samples 100] [--no-browser] [--doc-only]
 *
 * `--no-node` skips the Node batch (and the ratio). Circuits are compiled with circom2 WASM (cached by content in .cache/circuits) and get development
 * Groth16 keys (src/zk/dev-setup.ts, cached in .cache/bench-accuracy): the keys' origin does not change
 * proving time. Every proof is verified against its key and must carry the public signals the
 * TypeScript reference predicts. Writes bench/accuracy.json and the "accuracy" section of
 * docs/BENCHMARKS.md. Times are wall clock on a machine that may be shared: the load average is recorded.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as snarkjs from 'snarkjs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { loadModel } from '../src/core/keras/load-model.js';
import { transpile } from '../src/core/transpile.js';
import { generateAccuracyCircuit } from '../src/core/codegen/accuracy.js';
import { commitTestSet, accuracyWitness, revealWitness, type TestSet } from '../src/core/testset/index.js';
import { devGroth16Setup } from '../src/zk/dev-setup.js';
import { compileSource } from '../src/circuits/test/harness.js';
import { hasShared, MNIST_H5, MNIST_DIR, mnistLabels } from '../tests/helpers/mnist.js';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from '../tests/e2e/browser.js';
import { openProvePage, serveFiles } from './prove-page.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';

const JSON_OUT = path.join(ROOT, 'bench/accuracy.json');
const CACHE = path.join(ROOT, '.cache/bench-accuracy');
const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const B = Number(arg('--batch') ?? 10);
const N = Number(arg('--samples') ?? 100);
const BROWSER = !process.argv.includes('--no-browser');
const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BOUNTY = 1;
const log = (m: string) => process.stderr.write(`bench/accuracy: ${m}\n`);
const sec = (ms: number) => (ms / 1000).toFixed(1);
const mib = (b: number) => Math.round(b / 2 ** 20);
const jsonable = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : Array.isArray(v) ? v.map(jsonable) : v);

interface CircuitFacts { constraints: number; power: number; zkeyBytes: number; wasmBytes: number; compileMs: number | null; setupMs: number | null }
interface Result {
  date: string; machine: string; load: { before: number[]; after: number[] };
  model: string; samples: number; batch: number; batches: number;
  accuracy: CircuitFacts & { perSample: number; singleInference: number; estimate: number };
  node: { proveOneBatchMs: number; witnessMs: number } | null;
  browser: null | {
    chromium: string; workers: number; threadsPerWorker: number; why: string;
    totalMs: number; perBatchMs: number[]; peakRendererRss: number; correct: number;
    reveal: { constraints: number; power: number; wallMs: number; witnessMs: number; proveMs: number };
  };
}

/** Chromium's renderer processes' resident memory, sampled every 250 ms (pids through CDP, VmRSS from /proc). */
class RssSampler {
  peak = 0;
  private timer?: NodeJS.Timeout;
  constructor(private cdp: CDPSession) {}
  static async attach(browser: Browser): Promise<RssSampler> { return new RssSampler(await browser.newBrowserCDPSession()); }
  private async sample(): Promise<void> {
    const r = (await this.cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let rss = 0;
    for (const p of r.processInfo.filter((x) => x.type === 'renderer')) {
      try { rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1] ?? 0) * 1024; } catch { /* gone */ }
    }
    this.peak = Math.max(this.peak, rss);
  }
  start(): void { let busy = false; this.timer = setInterval(() => { if (busy) return; busy = true; this.sample().catch(() => undefined).finally(() => { busy = false; }); }, 250); }
  stop(): void { clearInterval(this.timer); }
}

/** Compiles (cached by content) and sets up development keys (cached by r1cs hash). */
async function circuit(source: string, name: string): Promise<{ facts: CircuitFacts; wasmPath: string; zkeyPath: string; vkey: snarkjs.VerificationKey }> {
  const tc = performance.now();
  const cached = fs.existsSync(path.join(ROOT, '.cache/circuits')) && fs.readdirSync(path.join(ROOT, '.cache/circuits')).some((d) => d.startsWith(name));
  const c = await compileSource(source, name);
  const compileMs = cached ? null : performance.now() - tc;
  const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
  fs.mkdirSync(CACHE, { recursive: true });
  const zkeyPath = path.join(CACHE, `${name}-${createHash('sha256').update(r1cs).digest('hex').slice(0, 16)}.zkey`);
  let setupMs: number | null = null;
  if (!fs.existsSync(zkeyPath)) {
    log(`${name}: development Groth16 keys for ${c.nConstraints.toLocaleString('en-US')} constraints…`);
    const ts = performance.now();
    const zkey = await devGroth16Setup(r1cs, {});
    setupMs = performance.now() - ts;
    fs.writeFileSync(`${zkeyPath}.tmp`, zkey);
    fs.renameSync(`${zkeyPath}.tmp`, zkeyPath);
  }
  const vkey = await snarkjs.zKey.exportVerificationKey(new Uint8Array(fs.readFileSync(zkeyPath)));
  const wasmPath = path.join(c.dir, 'circuit_js/circuit.wasm');
  const power = Math.ceil(Math.log2(c.nConstraints + Number(vkey.nPublic) + 1));
  return { facts: { constraints: c.nConstraints, power, zkeyBytes: fs.statSync(zkeyPath).size, wasmBytes: fs.statSync(wasmPath).size, compileMs, setupMs }, wasmPath, zkeyPath, vkey };
}

const poolPage = (rel: (p: string) => string) => `
  import { proveBatches, poolSize, circuitId, snarkClientProver, MemoryBatchProofStore } from ${rel('src/app/pool/batch-pool.ts')};
  import { IdbBatchProofStore } from ${rel('src/app/pool/proof-store.ts')};
  import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
  const bytes = async (name) => new Uint8Array(await (await fetch(window.filesUrl + name)).arrayBuffer());
  const state = { result: null, error: null, last: null, times: {} };
  window.pool = {
    async run(filesUrl, jobs, vkey) {
      window.filesUrl = filesUrl;
      const store = await IdbBatchProofStore.open();
      const [wasm, zkey] = [await bytes('circuit.wasm'), await bytes('circuit.zkey')];
      const size = poolSize({ hardwareConcurrency: navigator.hardwareConcurrency, deviceMemory: navigator.deviceMemory, batches: jobs.length });
      const clients = Array.from({ length: size.workers }, () => new SnarkClient());
      await Promise.all(clients.map((c) => c.warmup()));
      const key = { bountyId: 'bench-' + Date.now(), circuit: await circuitId(vkey) };
      const t0 = performance.now();
      const started = {};
      proveBatches({
        key, batches: jobs.length, store, job: (k) => jobs[k],
        provers: clients.map((c) => snarkClientProver(c, { wasm, zkey })),
        verify: async (p) => (await clients[0].verify({ scheme: 'groth16', vkey, ...p })).valid,
        onProgress: (p) => {
          state.last = { done: p.done, total: p.total, etaMs: p.etaMs };
          for (const b of p.batches) {
            if (b.state === 'witness' && started[b.batch] === undefined) started[b.batch] = performance.now();
            if (b.state === 'done' && state.times[b.batch] === undefined) state.times[b.batch] = performance.now() - (started[b.batch] ?? t0);
          }
        },
      }).then((r) => { state.result = { totalMs: performance.now() - t0, proofs: r.proofs.map((x) => ({ proof: x.proof, publicSignals: x.publicSignals, batch: x.batch })) }; },
               (e) => { state.error = { name: e.name, message: e.message }; })
        .finally(() => clients.forEach((c) => c.terminate()));
      return size;
    },
    status() { return state; },
  };
  window.ready = true;
`;

async function main(): Promise<void> {
  if (process.argv.includes('--doc-only')) { writeDoc(JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as Result); return; }
  if (!hasShared) { log('needs ../shared/fixtures (the CNN and the MNIST images); skipped'); return; }
  const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
  const km = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(fs.readFileSync(MNIST_H5)) }]);
  const t = transpile(km, { inputRange: [0, 1] });
  const single = transpile(km, { inputRange: [0, 1], input: 'public' }).plan.estimate.total;
  const K = Math.ceil(N / B);
  if (K * B !== N) throw new Error(`--samples ${N} is not a multiple of --batch ${B}`);
  const acc = generateAccuracyCircuit(t.q, t.plan, { batch: B, batches: K, name: 'keras2circom-cnn' });
  const labels = mnistLabels().slice(0, N);
  const samples = Array.from({ length: N }, (_, k) => {
    const bytes = fs.readFileSync(path.join(MNIST_DIR, `${k}.pgm`));
    return new Uint8Array(bytes.subarray(bytes.length - 784));
  });
  const salts = Array.from({ length: K }, (_, k) => Uint8Array.from({ length: 31 }, (_, i) => (k * 31 + i * 7 + 11) & 0xff));
  const ts: TestSet = commitTestSet(samples, labels, B, { classes: 10, salts });

  log(`accuracy circuit B = ${B}, K = ${K}: ${acc.estimate.total.toLocaleString('en-US')} constraints (estimate); compiling (cached by content)…`);
  const a = await circuit(acc.source, `bench-accuracy-cnn-b${B}-k${K}`);
  if (a.facts.constraints !== acc.estimate.total) throw new Error(`compiled ${a.facts.constraints} constraints, estimate ${acc.estimate.total}`);
  const jobs = Array.from({ length: K }, (_, k) => {
    const w = accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: BOUNTY });
    return { input: jsonable(Object.fromEntries(Object.entries(w.input))) as Record<string, unknown>, publicSignals: w.publicSignals.map(String) };
  });
  const correct = jobs.reduce((sum, j) => sum + Number(j.publicSignals[0]), 0);

  const zkey = new Uint8Array(fs.readFileSync(a.zkeyPath));
  let node: Result['node'] = null;
  if (!process.argv.includes('--no-node')) {
    log('Node: one batch with snarkjs…');
    const tw = performance.now();
    const wtns: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.wtns.calculate(jobs[0]!.input as never, a.wasmPath, wtns);
    const tp = performance.now();
    const np = await snarkjs.groth16.prove(zkey, wtns.data!);
    node = { witnessMs: tp - tw, proveOneBatchMs: performance.now() - tw };
    if (np.publicSignals.join() !== jobs[0]!.publicSignals.join() || !(await snarkjs.groth16.verify(a.vkey, np.publicSignals, np.proof))) throw new Error('Node batch proof does not match or verify');
  }

  log('reveal circuit…');
  const rw = revealWitness(ts);
  const r = await circuit(`pragma circom 2.2.3;\ninclude "reveal-test-set.circom";\ncomponent main {public [rho]} = RevealTestSet(${ts.K}, ${ts.m});\n`, `bench-reveal-k${ts.K}-m${ts.m}`);

  let browser: Result['browser'] = null;
  if (BROWSER && hasChromium) {
    const b = await launch();
    let testPage: TestPage | undefined;
    let files: { url: string; close(): Promise<void> } | undefined;
    try {
      log(`Chromium: the batch pool proves ${K} batches…`);
      testPage = await buildTestPage('zkml-bench-accuracy-', poolPage);
      // the keys are hundreds of MB: served from disk by a loopback server (playwright's request routing
      // sends a fulfilled body through the DevTools protocol in one message, which a 100 MB+ body crashes)
      files = await serveFiles({ 'circuit.wasm': a.wasmPath, 'circuit.zkey': a.zkeyPath });
      const page: Page = await openTestPage(b, testPage);
      page.on('crash', () => log('the page crashed'));
      page.on('console', (m) => { if (m.type() === 'error') log(`page: ${m.text()}`); });
      b.on('disconnected', () => log('the browser disconnected'));
      const sampler = await RssSampler.attach(b);
      sampler.start();
      const call = pageCall('pool');
      const size = await call<{ workers: number; threadsPerWorker: number; why: string }>(page, 'run', files.url, jobs, a.vkey);
      log(`pool: ${size.workers} worker(s) × ${size.threadsPerWorker} threads (${size.why})`);
      type St = { result: { totalMs: number; proofs: { proof: snarkjs.Groth16Proof; publicSignals: string[]; batch: number }[] } | null; error: { name: string; message: string } | null; last: { done: number } | null; times: Record<number, number> };
      let st: St;
      let shown = -1;
      for (;;) {
        st = await call<St>(page, 'status');
        if (st.result || st.error) break;
        if ((st.last?.done ?? 0) !== shown) { shown = st.last?.done ?? 0; log(`  ${shown}/${K} batches`); }
        await new Promise((res) => setTimeout(res, 1000));
      }
      sampler.stop();
      if (st.error) throw new Error(`pool: ${st.error.name}: ${st.error.message}`);
      for (const p of st.result!.proofs) {
        if (p.publicSignals.join() !== jobs[p.batch]!.publicSignals.join()) throw new Error(`batch ${p.batch}: public signals differ from accuracyWitness`);
        if (!(await snarkjs.groth16.verify(a.vkey, p.publicSignals, p.proof))) throw new Error(`batch ${p.batch}: the proof does not verify`);
      }
      await page.close();

      log('Chromium: the reveal proof…');
      const pp = await openProvePage(b, { prefix: 'zkml-bench-reveal-', wasmPath: r.wasmPath, zkeyPath: r.zkeyPath });
      const input = { d: rw.input.d.map((row) => row.map(String)), rho: rw.input.rho.toString() };
      const rp = await pp.prove(input);
      if (rp.publicSignals.join() !== rw.publicSignals.map(String).join() || !(await snarkjs.groth16.verify(r.vkey, rp.publicSignals, rp.proof))) throw new Error('reveal proof does not match or verify');
      await pp.close();
      browser = {
        chromium: b.version(), workers: size.workers, threadsPerWorker: size.threadsPerWorker, why: size.why,
        totalMs: st.result!.totalMs, perBatchMs: Array.from({ length: K }, (_, k) => st.times[k] ?? 0), peakRendererRss: sampler.peak, correct,
        reveal: { constraints: r.facts.constraints, power: r.facts.power, wallMs: rp.wallMs, witnessMs: rp.witnessMs, proveMs: rp.proveMs },
      };
    } finally {
      await b.close();
      await testPage?.close();
      await files?.close();
    }
  }
  const result: Result = {
    date: new Date().toISOString(), machine: hostLine(), load: { before: loadBefore, after: os.loadavg().map((x) => Number(x.toFixed(2))) },
    model: 'keras2circom MNIST CNN', samples: N, batch: B, batches: K,
    accuracy: { ...a.facts, estimate: acc.estimate.total, perSample: acc.estimate.total / B, singleInference: single },
    node, browser,
  };
  fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  writeDoc(result);
  log('wrote bench/accuracy.json and the "accuracy" section of docs/BENCHMARKS.md');
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

function writeDoc(r: Result): void {
  const f = (n: number) => n.toLocaleString('en-US');
  const br = r.browser;
  const idle = r.load.before[0] <= 2.5 && r.load.after[0] <= 3;
  const lines = [
    '## Accuracy proofs (keras2circom MNIST CNN, 100-sample test set)',
    '',
    `Written by \`bench/accuracy.ts\` (\`npm run bench\`) on ${r.date}: ${r.machine}, load average ${r.load.before.join(' / ')} before, ${r.load.after.join(' / ')} after. Machine-readable: \`bench/accuracy.json\`.`,
    '',
    `The first ${r.samples} MNIST training images of ../shared/fixtures with their labels, committed in K = ${r.batches} salted batches of B = ${r.batch}; ` +
      `the hunter's accuracy circuit (\`generateAccuracyCircuit\`, public signals [correct, commitment, testRoot, batchIndex, beneficiary, bountyId]) has ` +
      `${f(r.accuracy.constraints)} constraints (= estimate), 2^${r.accuracy.power}, ${(r.accuracy.zkeyBytes / 1e6).toFixed(0)} MB zkey (development keys), ` +
      `${f(Math.round(r.accuracy.perSample))} per sample = ${(r.accuracy.perSample / r.accuracy.singleInference).toFixed(2)}× the single-inference circuit (${f(r.accuracy.singleInference)}, public input; target ≤ 1.1×).`,
    '',
    '| what | where | result | target |',
    '|---|---|---|---|',
    ...(br ? [
      `| all ${r.batches} batches proved by the app's pool (${br.workers} worker × ${br.threadsPerWorker} threads: ${br.why}) | Chromium ${br.chromium} headless | **${sec(br.totalMs)} s** (${(br.totalMs / 60000).toFixed(1)} min), per batch ${br.perBatchMs.map(sec).join(', ')} s; ${br.correct} of ${r.samples} correct, every proof verified | ≤ 10 min: ${br.totalMs <= 600000 ? 'met' : 'not met'} |`,
      `| peak tab memory (renderer RSS) while proving | Chromium | **${f(mib(br.peakRendererRss))} MiB** | ≤ 3 GiB: ${br.peakRendererRss <= 3 * 2 ** 30 ? 'met' : 'not met'} |`,
      `| RevealTestSet(${r.batches}, ${Math.round(0)}) proof of the ${r.samples} samples: ${f(br.reveal.constraints)} constraints, 2^${br.reveal.power} | Chromium, snark worker | **${sec(br.reveal.wallMs)} s** (witness ${sec(br.reveal.witnessMs)}, prove ${sec(br.reveal.proveMs)}) | ≤ 2^18 and ≤ 60 s: ${br.reveal.constraints <= 2 ** 18 && br.reveal.wallMs <= 60000 ? 'met' : 'not met'} |`,
    ] : []),
    ...(r.node ? [`| one batch, witness + prove | Node, snarkjs | ${sec(r.node.proveOneBatchMs)} s (witness ${sec(r.node.witnessMs)})${br ? `; Chromium / Node per batch ${(br.totalMs / r.batches / r.node.proveOneBatchMs).toFixed(2)}` : ''} | — |`] : []),
    '',
    ...(idle ? [] : ['**The machine was shared during this run** (see the load average): the times are upper bounds.', '']),
  ].map((l) => l.replace(`RevealTestSet(${r.batches}, 0)`, `RevealTestSet(${r.batches}, m)`));
  writeBenchSection('accuracy', lines);
}

main().catch((e) => { console.error(e); process.exit(1); });
