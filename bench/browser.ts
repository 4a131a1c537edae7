/**
 * Browser benchmark (run by `npm run bench` after the circuit and transpiler benches): the keras2circom
 * MNIST CNN bundled in public/samples, with its public input from a bundled MNIST sample, in headless
 * Chromium (Debian's /usr/bin/chromium through playwright-core) against snarkjs in Node, in ONE run:
 *
 *   (a) Groth16 prove time in the snark worker through `SnarkClient` (the client the studio uses) against
 *       snarkjs in Node (witness + prove, exactly what `snarkjs groth16 fullprove` does), and against the
 *       snarkjs CLI itself (`groth16 prove` on the same witness, and `groth16 fullprove`), on the same zkey
 *       (development keys made once in Node, cached in .cache/bench-browser) and the same input → ratios;
 *   (b) the end-to-end time through the real studio UI after the first load (page loaded, service worker
 *       installed and controlling): the .h5 dropped on the model step → compile → development setup →
 *       an MNIST sample chosen → prove → "Proof verified" and the verify step's "valid";
 *   (c) the tab's peak memory while proving: the resident memory (RSS, /proc) of Chromium's renderer
 *       processes (the page, its snark worker and snarkjs's nested curve workers all live in the tab's
 *       renderer), sampled every 200 ms, with the kernel's own high-water mark (VmHWM), and the page's JS heap
 *       (CDP Performance.getMetrics JSHeapUsedSize; the workers' heaps and WASM memories are in the RSS).
 *
 * Writes bench/browser.json and the "Browser" section of docs/BENCHMARKS.md (between its markers).
 * Tests never assert on these times; this script only records them.
 *
 *   npx tsx bench/browser.ts                 # the CNN (default)
 *   npx tsx bench/browser.ts --model mlp     # the bundled MLP sample (quick; for working on the harness)
 *   npx tsx bench/browser.ts --runs 2        # measured proofs per side (default 3, after one warm-up each)
 *   npx tsx bench/browser.ts --no-e2e        # skip (b)
 *   npx tsx bench/browser.ts --input public  # the input's visibility (default: hashed, the studio's default)
 *   ZKML_DIST=dist-x npx tsx bench/browser.ts  # build and serve dist-x/ instead of dist/
 *   npx tsx bench/browser.ts --only-e2e      # (b) alone, with memory per step → bench/browser-e2e.json (docs untouched)
 *   npx tsx bench/browser.ts --doc-only      # rewrite the docs section from bench/browser.json, measuring nothing
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as snarkjs from 'snarkjs';
import type { Browser, BrowserContext } from 'playwright-core';
import { preview } from 'vite';
import { transpileFiles, witnessFromPlan } from '../src/core/transpile-files.js';
import { parsePgm } from '../src/core/input/pgm.js';
import { grayToModelInput } from '../src/core/input/gray.js';
import { compileSource } from '../src/circuits/test/harness.js';
import { devGroth16Setup } from '../src/zk/dev-setup.js';
import { hasChromium, launch } from '../tests/e2e/browser.js';
import { openProvePage, type PageProve } from './prove-page.js';
import type { SamplesIndex } from '../src/app/input/samples.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';
import { BenchError, MemorySampler, dropFiles, stepPeaks, type MemorySample, type MemoryPeak, type RendererProcess } from './tab-memory.js';

const JSON_OUT = path.join(ROOT, 'bench/browser.json');
const CACHE = path.join(ROOT, '.cache/bench-browser');
const GOALS = { ratio: 1.5, endToEndSeconds: 60 };

const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const MODEL_ID = arg('model') === 'mlp' ? 'mlp' : 'keras2circom-mnist-cnn';
const RUNS = Math.max(1, Number(arg('runs') ?? 3));
const SAMPLE_INDEX = Number(arg('sample') ?? 0);
const E2E = !process.argv.includes('--no-e2e');
/** The input's visibility: the studio's default (hashed: only its Poseidon commitment is public), or --input public|private. */
const INPUT = (['public', 'private'] as const).find((x) => x === arg('input')) ?? 'hashed';

const t0 = performance.now();
const log = (msg: string) => console.error(`[bench:browser ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const secs = async <T>(f: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const r = await f(); return [r, (performance.now() - t) / 1000]; };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const MiB = 2 ** 20;

// ---------------------------------------------------------------- dist and server

/** Newest modification time under `p` (files only), skipping node_modules and dot folders. */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

/** The build served: dist/, or ZKML_DIST (as the browser tests), so parallel runs don't rebuild each other's. */
const DIST = process.env.ZKML_DIST ? path.resolve(process.env.ZKML_DIST) : path.join(ROOT, 'dist');

/** Builds DIST with vite when it is missing or older than what goes into it. */
function ensureDist(): void {
  const html = path.join(DIST, 'index.html');
  const built = fs.existsSync(html) ? fs.statSync(html).mtimeMs : 0;
  const inputs = ['src', 'workers', 'public', 'index.html', 'vite.config.ts', 'circuits-prebuilt', 'package-lock.json'].map((p) => newest(path.join(ROOT, p)));
  const rel = path.relative(ROOT, DIST) || '.';
  if (built > Math.max(...inputs)) { log(`${rel}/ is up to date`); return; }
  log(`building ${rel}/ (vite build)…`);
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new BenchError('vite build failed', { details: { status: r.status } });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
  });
}

async function servePreview(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: DIST }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

// ---------------------------------------------------------------- the circuit, its zkey and the input (Node)

interface Prepared {
  model: { id: string; name: string; files: { name: string; bytes: Uint8Array }[] };
  constraints: number;
  ptauPower: number;
  wasmPath: string;
  zkeyPath: string;
  zkeyBytes: number;
  input: Record<string, string[]>;
  sample: { path: string; label: number };
  expectedOutput: string[];
  seconds: { compileNode: number; setupNode: number; setupCached: boolean };
}

async function prepare(): Promise<Prepared> {
  const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/samples/index.json'), 'utf8')) as SamplesIndex;
  const m = index.models.find((x) => x.id === MODEL_ID);
  if (!m) throw new BenchError(`public/samples/index.json has no model "${MODEL_ID}"`);
  const files = m.files.map((f) => ({ name: f.name, bytes: new Uint8Array(fs.readFileSync(path.join(ROOT, 'public', f.path))) }));
  log(`transpiling ${m.name}…`);
  const t = await transpileFiles(files, { inputRange: m.inputRange, input: INPUT });
  log('compiling in Node (circom2 WASM; cached by content in .cache/circuits)…');
  const [c, compileNode] = await secs(() => compileSource(t.source, `bench-browser-${m.id}`));
  const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
  fs.mkdirSync(CACHE, { recursive: true });
  const zkeyPath = path.join(CACHE, `${m.id}-${createHash('sha256').update(r1cs).digest('hex').slice(0, 16)}.zkey`);
  let setupNode = 0;
  const setupCached = fs.existsSync(zkeyPath);
  if (!setupCached) {
    log(`development Groth16 setup in Node (${c.nConstraints.toLocaleString('en-US')} constraints)…`);
    let zkey: Uint8Array;
    [zkey, setupNode] = await secs(() => devZkey(r1cs));
    fs.writeFileSync(`${zkeyPath}.tmp`, zkey);
    fs.renameSync(`${zkeyPath}.tmp`, zkeyPath);
  }
  const ds = index.datasets.find((d) => d.id === (m.dataset ?? 'mnist'));
  const img = ds?.images[SAMPLE_INDEX];
  if (!img) throw new BenchError(`no sample image ${SAMPLE_INDEX} in dataset ${m.dataset}`);
  const gray = parsePgm(new Uint8Array(fs.readFileSync(path.join(ROOT, 'public', img.path))));
  const nested = grayToModelInput(gray, { shape: t.model.inputShape, invert: 'auto', range: m.inputRange }).nested;
  const w = await witnessFromPlan(t.quantization, nested);
  return {
    model: { id: m.id, name: m.name, files },
    constraints: c.nConstraints, ptauPower: t.ptauPower,
    wasmPath: path.join(c.dir, 'circuit_js/circuit.wasm'), zkeyPath, zkeyBytes: fs.statSync(zkeyPath).size,
    input: w.input, sample: { path: img.path, label: img.label }, expectedOutput: w.output,
    seconds: { compileNode, setupNode, setupCached },
  };
}

/** Development Groth16 keys from the public development secret (src/zk/dev-setup.ts; the keys snarkjs makes from the dev ptau). */
function devZkey(r1cs: Uint8Array): Promise<Uint8Array> {
  return devGroth16Setup(r1cs, { log: (m) => log(`  dev setup: ${m}`) });
}

// ---------------------------------------------------------------- (a) prove: Node, CLI, browser worker

interface ProveRun { wallMs: number; witnessMs: number; proveMs: number }

async function proveNode(p: Prepared, vkey: unknown): Promise<ProveRun> {
  const t = performance.now();
  const wtns: snarkjs.MemFile = { type: 'mem' };
  await snarkjs.wtns.calculate(p.input, p.wasmPath, wtns);
  const t1 = performance.now();
  const { proof, publicSignals } = await snarkjs.groth16.prove(p.zkeyPath, wtns.data!);
  const t2 = performance.now();
  if (!(await snarkjs.groth16.verify(vkey as snarkjs.VerificationKey, publicSignals, proof))) throw new BenchError('the Node proof did not verify');
  return { wallMs: t2 - t, witnessMs: t1 - t, proveMs: t2 - t1 };
}

/** The snarkjs CLI as a separate process (so its time includes Node's and snarkjs's start-up). */
async function snarkjsCli(args: string[]): Promise<number> {
  const cli = path.join(ROOT, 'node_modules/snarkjs/build/cli.cjs');
  const t = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const c = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', resolve);
  });
  const ms = performance.now() - t;
  if (code !== 0) throw new BenchError(`snarkjs ${args.slice(0, 2).join(' ')} exited with ${code}`, { details: { args } });
  return ms;
}

/**
 * The snarkjs CLI on the same zkey: `groth16 prove` on the witness Node computed from the input (written
 * once as a .wtns file) and `groth16 fullprove` on the input itself. Each run's proof is verified.
 */
async function cliRunner(p: Prepared, vkey: unknown, dir: string) {
  const inputPath = path.join(dir, 'input.json'), wtnsPath = path.join(dir, 'witness.wtns');
  const proofPath = path.join(dir, 'proof.json'), publicPath = path.join(dir, 'public.json');
  fs.writeFileSync(inputPath, JSON.stringify(p.input));
  await snarkjs.wtns.calculate(p.input, p.wasmPath, wtnsPath);
  const checked = async (what: string, args: string[]) => {
    const ms = await snarkjsCli(args);
    const ok = await snarkjs.groth16.verify(vkey as snarkjs.VerificationKey, JSON.parse(fs.readFileSync(publicPath, 'utf8')), JSON.parse(fs.readFileSync(proofPath, 'utf8')));
    if (!ok) throw new BenchError(`the CLI's ${what} proof did not verify`);
    fs.rmSync(proofPath); fs.rmSync(publicPath);
    return ms;
  };
  return {
    prove: () => checked('prove', ['groth16', 'prove', p.zkeyPath, wtnsPath, proofPath, publicPath]),
    fullprove: () => checked('fullprove', ['groth16', 'fullprove', inputPath, p.wasmPath, p.zkeyPath, proofPath, publicPath]),
  };
}

/** The MNIST CNN's proof in Chromium's snark worker (the app's own SnarkClient), same zkey and witness as Node. */
async function browserProvePage(p: Prepared, browser: Browser) {
  const bp = await openProvePage(browser, { prefix: 'zkml-bench-browser-', wasmPath: p.wasmPath, zkeyPath: p.zkeyPath });
  return { ...bp, prove: () => bp.prove(p.input) };
}

// ---------------------------------------------------------------- (b) the studio, end to end

interface EndToEnd {
  seconds: { transpile: number; compile: number; setup: number; input: number; prove: number; verifyStep: number; toProofVerified: number; toValid: number };
  /** what the UI itself reports (compile/setup/prove times shown in the steps), verbatim */
  uiTexts: Record<string, string>;
  constraintsShown: number;
  predicted: string | null;
  memory: { prove: MemoryPeak; all: MemoryPeak; rendererHighWater: number[]; byStep?: Record<string, number>; processes?: RendererProcess[]; tabByStep?: Record<string, number> };
  serviceWorker: boolean;
}

async function endToEnd(p: Prepared, browser: Browser, url: string): Promise<EndToEnd> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // first load: the app, its service worker installed (precaching everything) and controlling the page
  // (the bench's zkey and proofs use the same input visibility as this flow)
  await page.goto(url);
  await page.getByTestId('studio').waitFor({ timeout: 120_000 });
  const serviceWorker = await page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return false;
    await navigator.serviceWorker.ready;
    return true;
  });
  await page.reload();
  await page.getByTestId('studio').waitFor({ timeout: 120_000 });
  if (serviceWorker) await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  const sampler = await MemorySampler.attach(browser, page);
  sampler.start(200);
  const marks: Record<string, number> = {};
  const mark = (k: string) => { marks[k] = performance.now(); log(`  e2e ${k}`); };
  const uiTexts: Record<string, string> = {};
  const text = async (id: string) => {
    // a .stats block as "key value; key value", anything else as its text
    const t = await page.getByTestId(id).first().evaluate((el) => el.classList.contains('stats')
      ? Array.from(el.children, (c) => Array.from(c.children, (x) => x.textContent?.trim()).filter(Boolean).join(' ')).join('; ')
      : el.textContent ?? '');
    uiTexts[id] = t.replace(/\s+/g, ' ').trim().slice(0, 300);
    return t;
  };
  try {
    const [, all] = await sampler.during('e2e', async () => {
      await page.getByTestId('input-visibility').selectOption(INPUT);
      mark('drop');
      await dropFiles(page, p.model.files);
      await page.locator('[data-testid=model-summary], [data-testid=model-error]').first().waitFor({ timeout: 120_000 });
      if (await page.getByTestId('model-error').count()) throw new BenchError(`the studio refused the model: ${await page.getByTestId('model-error').textContent()}`);
      mark('transpiled');
      await page.getByTestId('compile').click();
      await page.getByTestId('real-constraints').waitFor({ timeout: 1_800_000 });
      mark('compiled');
      await text('compile-result');
      await page.getByTestId('setup-dev').click(); // keys from the public development secret: no ptau file
      await page.getByTestId('setup-result').waitFor({ timeout: 1_800_000 });
      mark('setUp');
      await text('setup-result');
      await page.getByTestId(`mnist-${SAMPLE_INDEX}`).click();
      await page.getByTestId('prediction-chart').waitFor({ timeout: 120_000 });
      mark('input');
      return undefined;
    });
    const [, prove] = await sampler.during('prove', async () => {
      await page.getByTestId('prove').click();
      await page.getByTestId('proof-verified').waitFor({ timeout: 1_800_000 });
      mark('proofVerified');
    });
    await text('proof-result');
    await page.getByTestId('verify').click();
    await page.waitForFunction(() => /\bvalid\b/.test(document.querySelector('[data-testid=verify-result]')?.textContent ?? ''), null, { timeout: 120_000 });
    mark('valid');
    const verdict = await text('verify-result');
    if (/invalid/.test(verdict) || !/Proof verified/.test(uiTexts['proof-result'] ?? '')) throw new BenchError(`the studio did not verify the proof: ${verdict}`);
    if (errors.length) throw new BenchError(`page errors: ${errors.join('; ')}`);
    const d = (a: string, b: string) => (marks[b]! - marks[a]!) / 1000;
    return {
      seconds: {
        transpile: d('drop', 'transpiled'), compile: d('transpiled', 'compiled'), setup: d('compiled', 'setUp'), input: d('setUp', 'input'),
        prove: d('input', 'proofVerified'), verifyStep: d('proofVerified', 'valid'), toProofVerified: d('drop', 'proofVerified'), toValid: d('drop', 'valid'),
      },
      uiTexts,
      constraintsShown: Number((await page.getByTestId('real-constraints').textContent())!.replace(/,/g, '')),
      predicted: await page.getByTestId('predicted').textContent(),
      memory: await (async () => {
        const processes = await sampler.processes();
        const tab = processes.find((x) => x.role === 'tab');
        return { prove, all: mergePeaks(all, prove), rendererHighWater: await sampler.highWater(), byStep: stepPeaks(sampler.samples, marks), processes, ...(tab ? { tabByStep: stepPeaks(sampler.samples, marks, tab.pid) } : {}) };
      })(),
      ...((lastSamples = sampler.samples), (lastMarks = marks), {}),
      serviceWorker,
    };
  } finally {
    await sampler.stop();
    await context.close();
  }
}

/** the last end-to-end run's memory samples (for --only-e2e's report of the peak) */
let lastSamples: MemorySample[] = [];
let lastMarks: Record<string, number> = {};

/** The samples as a timeline: seconds from the drop, the step, MiB per renderer process (one row a second, its largest sample). */
function timeline(samples: MemorySample[], marks: Record<string, number>): { s: number; step: string; mib: number[] }[] {
  const t0 = marks.drop ?? samples[0]?.t ?? 0;
  const steps = Object.entries(marks).sort((a, b) => a[1] - b[1]);
  const rows = new Map<number, MemorySample>();
  for (const x of samples) { const k = Math.floor((x.t - t0) / 1000); const r = rows.get(k); if (!r || x.rendererRss > r.rendererRss) rows.set(k, x); }
  return [...rows].sort((a, b) => a[0] - b[0]).map(([k, x]) => ({
    s: k, step: steps.filter(([, t]) => t <= x.t).pop()?.[0] ?? 'before', mib: Object.values(x.byPid ?? {}).map((b) => Math.round(b / 2 ** 20)),
  }));
}

const mergePeaks = (a: MemoryPeak, b: MemoryPeak): MemoryPeak => ({
  rendererRssPeak: Math.max(a.rendererRssPeak, b.rendererRssPeak), rendererRssBefore: a.rendererRssBefore,
  ...(a.pageJsHeapPeak !== undefined || b.pageJsHeapPeak !== undefined ? { pageJsHeapPeak: Math.max(a.pageJsHeapPeak ?? 0, b.pageJsHeapPeak ?? 0) } : {}),
  samples: a.samples + b.samples,
});

// ---------------------------------------------------------------- main

async function main() {
  if (process.argv.includes('--doc-only')) { writeDoc(JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as BenchResult); return; }
  if (!hasChromium) { console.error('bench/browser.ts needs /usr/bin/chromium; skipped'); return; }
  ensureDist();
  if (process.argv.includes('--only-e2e')) { await onlyEndToEnd(); return; }
  const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
  log(`load: ${uptime()}`);
  const p = await prepare();
  log(`${p.model.name}: ${p.constraints.toLocaleString('en-US')} constraints, zkey ${(p.zkeyBytes / MiB).toFixed(1)} MiB, sample ${p.sample.path} (label ${p.sample.label}, circuit says ${p.expectedOutput[0]})`);
  const vkey = await snarkjs.zKey.exportVerificationKey(new Uint8Array(fs.readFileSync(p.zkeyPath)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-bench-browser-'));
  const browser = await launch();
  const server = await servePreview();
  try {
    // (a) + (c): the worker against Node, interleaved so that load from other jobs hits both sides alike
    log('(a) prove: one warm-up each, then Node and browser in turn…');
    const bp = await browserProvePage(p, browser);
    const sampler = await MemorySampler.attach(browser, bp.page);
    sampler.start(200);
    await proveNode(p, vkey);
    const [warm, warmMem] = await sampler.during('warm-up', bp.prove);
    if (JSON.stringify(warm.publicSignals.slice(0, p.expectedOutput.length)) !== JSON.stringify(p.expectedOutput)) throw new BenchError(`the worker proved output ${warm.publicSignals[0]}, expected ${p.expectedOutput[0]}`);
    const cli = await cliRunner(p, vkey, tmp);
    const node: ProveRun[] = [], worker: PageProve[] = [], cliProve: number[] = [];
    let proveMem = warmMem;
    for (let i = 0; i < RUNS; i++) {
      node.push(await proveNode(p, vkey));
      cliProve.push(await cli.prove());
      const [r, mem] = await sampler.during(`prove-${i}`, bp.prove);
      if (!(await snarkjs.groth16.verify(vkey, r.publicSignals, r.proof))) throw new BenchError('the browser proof did not verify in Node');
      worker.push(r);
      proveMem = mergePeaks(proveMem, mem);
      log(`  run ${i + 1}/${RUNS}: Node ${(node[i]!.wallMs / 1000).toFixed(1)} s, CLI prove ${(cliProve[i]! / 1000).toFixed(1)} s, browser ${(r.wallMs / 1000).toFixed(1)} s (worker: witness ${(r.witnessMs / 1000).toFixed(1)} s + prove ${(r.proveMs / 1000).toFixed(1)} s)`);
    }
    const highWater = await sampler.highWater();
    await sampler.stop();
    log('(a) snarkjs CLI: groth16 fullprove…');
    const cliFullproveMs = await cli.fullprove();
    await bp.close();

    // (b): the studio, end to end
    let e2e: EndToEnd | undefined;
    if (E2E) { log('(b) the studio, end to end…'); e2e = await endToEnd(p, browser, server.url); }

    const nodeMs = median(node.map((r) => r.wallMs)), workerMs = median(worker.map((r) => r.wallMs));
    const nodeProveMs = median(node.map((r) => r.proveMs)), workerProveMs = median(worker.map((r) => r.proveMs));
    const result = {
      generatedBy: 'bench/browser.ts', date: new Date().toISOString(), machine: hostLine(),
      chromium: browser.version(), goals: GOALS,
      load: { before: loadBefore, after: os.loadavg().map((x) => Number(x.toFixed(2))), uptime: uptime() },
      model: { id: p.model.id, name: p.model.name, input: INPUT, constraints: p.constraints, ptauPower: p.ptauPower, zkeyBytes: p.zkeyBytes, sample: p.sample, output: p.expectedOutput[0] },
      prep: p.seconds,
      prove: {
        runs: RUNS, threadsBrowser: bp.threads, threadsNode: os.cpus().length,
        nodeMs: node.map((r) => Math.round(r.wallMs)), nodeWitnessMs: node.map((r) => Math.round(r.witnessMs)), nodeProveMs: node.map((r) => Math.round(r.proveMs)),
        browserMs: worker.map((r) => Math.round(r.wallMs)), browserWitnessMs: worker.map((r) => r.witnessMs), browserProveMs: worker.map((r) => r.proveMs),
        browserWarmupMs: Math.round(warm.wallMs), cliFullproveMs: Math.round(cliFullproveMs), cliProveMs: cliProve.map(Math.round), medianCliProveMs: Math.round(median(cliProve)),
        medianNodeMs: Math.round(nodeMs), medianBrowserMs: Math.round(workerMs),
        medianNodeProveMs: Math.round(nodeProveMs), medianBrowserProveMs: Math.round(workerProveMs),
        /** the headline: witness + prove through the studio's client against snarkjs in Node, in process */
        ratio: workerMs / nodeMs,
        /** groth16.prove alone, on both sides */
        ratioProveOnly: workerProveMs / nodeProveMs,
        ratioVsCliFullprove: workerMs / cliFullproveMs,
        /** the worker's groth16.prove against `snarkjs groth16 prove` on the same zkey and witness (CLI includes start-up and reading files) */
        ratioVsCliProve: workerProveMs / median(cliProve),
        memory: { ...proveMem, rendererHighWater: highWater },
      },
      endToEnd: e2e,
    };
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(result satisfies BenchResult, null, 2)}\n`);
    writeDoc(result);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  }
}

/**
 * `--only-e2e`: (b) alone, the studio end to end with its memory per step, written to
 * bench/browser-e2e.json (bench/browser.json and the docs are left as they are). Needs no Node setup.
 */
async function onlyEndToEnd(): Promise<void> {
  const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/samples/index.json'), 'utf8')) as SamplesIndex;
  const m = index.models.find((x) => x.id === MODEL_ID);
  if (!m) throw new BenchError(`public/samples/index.json has no model "${MODEL_ID}"`);
  const files = m.files.map((f) => ({ name: f.name, bytes: new Uint8Array(fs.readFileSync(path.join(ROOT, 'public', f.path))) }));
  const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
  const browser = await launch();
  const server = await servePreview();
  try {
    const e = await endToEnd({ model: { id: m.id, name: m.name, files } } as Prepared, browser, server.url);
    const result = { generatedBy: 'bench/browser.ts --only-e2e', date: new Date().toISOString(), machine: hostLine(), chromium: browser.version(), model: m.id, input: INPUT, load: { before: loadBefore, after: os.loadavg().map((x) => Number(x.toFixed(2))) }, endToEnd: e, timeline: timeline(lastSamples, lastMarks) };
    fs.writeFileSync(path.join(ROOT, 'bench/browser-e2e.json'), `${JSON.stringify(result, null, 2)}\n`);
    const mib = (b: number) => `${Math.round(b / MiB)} MiB`;
    log(`whole flow peak ${mib(e.memory.all.rendererRssPeak)}, proving ${mib(e.memory.prove.rendererRssPeak)}; by step: ${Object.entries(e.memory.byStep ?? {}).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}`);
    log(`seconds: ${JSON.stringify(e.seconds)}`);
    // which renderer process held the memory at the peak (the tab's; a spare or service-worker renderer)
    const peak = lastSamples.reduce((a, b) => (b.rendererRss > a.rendererRss ? b : a), lastSamples[0]!);
    const cmd = (pid: number) => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).filter((x) => /^--(type|renderer-client-id|extension-process|service-worker|utility-sub-type)/.test(x)).join(' '); } catch { return 'exited'; } };
    log(`at the peak (${peak.phase}): ${Object.entries(peak.byPid ?? {}).map(([pid, b]) => `pid ${pid} ${mib(b)} [${cmd(Number(pid))}]`).join('; ')}`);
    for (const x of e.memory.processes ?? []) log(`renderer ${x.pid} (${x.role}, ${x.cpuSeconds.toFixed(0)} s CPU): sampled peak ${mib(x.rssPeak)}, VmHWM ${mib(x.highWater)}`);
    if (e.memory.tabByStep) log(`the tab's process by step: ${Object.entries(e.memory.tabByStep).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

function uptime(): string {
  const r = spawnSync('uptime', [], { encoding: 'utf8' });
  return (r.stdout ?? '').trim() || `load average: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`;
}

interface BenchResult {
  date: string; machine: string; chromium: string;
  load: { before: number[]; after: number[]; uptime: string };
  model: { name: string; input: string; constraints: number; ptauPower: number; zkeyBytes: number; sample: { path: string; label: number }; output?: string };
  prep: { compileNode: number; setupNode: number; setupCached: boolean };
  prove: {
    runs: number; threadsBrowser: number; threadsNode: number;
    nodeMs: number[]; nodeWitnessMs: number[]; nodeProveMs: number[]; browserMs: number[]; browserWitnessMs: number[]; browserProveMs: number[];
    browserWarmupMs: number; cliFullproveMs: number; cliProveMs: number[]; medianCliProveMs: number;
    medianNodeMs: number; medianBrowserMs: number; medianNodeProveMs: number; medianBrowserProveMs: number;
    ratio: number; ratioProveOnly: number; ratioVsCliFullprove: number; ratioVsCliProve: number;
    memory: MemoryPeak & { rendererHighWater: number[] };
  };
  endToEnd?: EndToEnd;
}

function writeDoc(r: BenchResult): void {
  const n = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const s = (ms: number) => n(ms / 1000);
  const mib = (b: number) => `${n(b / MiB, 0)} MiB`;
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const pr = r.prove, e = r.endToEnd;
  const list = (xs: number[]) => xs.map(s).join(', ');
  const sec = writeBenchSection('browser', [
    '## Browser (headless Chromium against Node)',
    '',
    `Written by \`bench/browser.ts\` (\`npm run bench\`) on ${r.date}: ${r.machine}, Chromium ${r.chromium} headless (playwright-core). Machine-readable: \`bench/browser.json\`. ` +
      `Load: ${r.load.before.join(', ')} before, ${r.load.after.join(', ')} after (1/5/15-minute load averages; the machine was shared with other jobs, so absolute times move between runs; each ratio is measured in one run with both sides interleaved).`,
    '',
    `${r.model.name} with a ${r.model.input} input: ${n(r.model.constraints, 0)} constraints (2^${r.model.ptauPower}), development Groth16 keys (not for value; zkey ${mib(r.model.zkeyBytes)}), ` +
      `input \`${r.model.sample.path}\` (label ${r.model.sample.label}, circuit output ${r.model.output}). Both sides prove with the same zkey and the same input.`,
    '',
    '| measure | value | goal |',
    '|---|---:|---|',
    `| Groth16 witness + prove, browser (snark worker via the studio's \`SnarkClient\`, median of ${pr.runs}) | ${s(pr.medianBrowserMs)} s | |`,
    `| Groth16 witness + prove, Node (snarkjs in process, median of ${pr.runs}) | ${s(pr.medianNodeMs)} s | |`,
    `| **browser / Node** (witness + prove) | **${n(pr.ratio, 2)}** | ≤ ${GOALS.ratio}: ${met(pr.ratio <= GOALS.ratio)} |`,
    `| browser / Node, \`groth16.prove\` alone (${s(pr.medianBrowserProveMs)} s / ${s(pr.medianNodeProveMs)} s) | ${n(pr.ratioProveOnly, 2)} | |`,
    `| \`snarkjs groth16 prove\` CLI on the same zkey and witness (a process each, with start-up; median of ${pr.runs}) | ${s(pr.medianCliProveMs)} s | |`,
    `| browser \`groth16.prove\` / CLI \`groth16 prove\` | ${n(pr.ratioVsCliProve, 2)} | |`,
    `| \`snarkjs groth16 fullprove\` CLI (one run, with start-up); browser / CLI | ${s(pr.cliFullproveMs)} s; ${n(pr.ratioVsCliFullprove, 2)} | |`,
    ...(e ? [
      `| **end to end in the studio** (drop the .h5 → "Proof verified", after the first load) | **${n(e.seconds.toProofVerified)} s** | < ${GOALS.endToEndSeconds} s: ${met(e.seconds.toProofVerified < GOALS.endToEndSeconds)} |`,
      `| … of which transpile / compile / development setup / choose the sample / prove and verify | ${[e.seconds.transpile, e.seconds.compile, e.seconds.setup, e.seconds.input, e.seconds.prove].map((x) => n(x)).join(' / ')} s | |`,
      `| … then the verify step's "valid" | +${n(e.seconds.verifyStep, 2)} s | |`,
    ] : []),
    `| peak tab memory while proving (renderer RSS, sampled every 200 ms) | ${mib(pr.memory.rendererRssPeak)} (${mib(pr.memory.rendererRssBefore)} before) | |`,
    `| peak JS heap of the bench page while proving (CDP \`JSHeapUsedSize\`; the worker's is not in it) | ${pr.memory.pageJsHeapPeak === undefined ? '—' : mib(pr.memory.pageJsHeapPeak)} | |`,
    ...(e ? [
      `| peak tab memory in the studio (renderer RSS): proving / whole flow | ${mib(e.memory.prove.rendererRssPeak)} / ${mib(e.memory.all.rendererRssPeak)} | |`,
      `| peak studio page JS heap: proving / whole flow | ${[e.memory.prove.pageJsHeapPeak, e.memory.all.pageJsHeapPeak].map((x) => (x === undefined ? '—' : mib(x))).join(' / ')} | |`,
    ] : []),
    '',
    `Prove runs (s), interleaved after one warm-up each (browser warm-up ${s(pr.browserWarmupMs)} s): browser ${list(pr.browserMs)} (in the worker: witness ${list(pr.browserWitnessMs)}; prove ${list(pr.browserProveMs)}); ` +
      `Node ${list(pr.nodeMs)} (witness ${list(pr.nodeWitnessMs)}; prove ${list(pr.nodeProveMs)}); CLI \`groth16 prove\` ${list(pr.cliProveMs)}. ` +
      `The browser time is the page's \`await client.prove(…)\`: it includes copying the wasm and zkey to the worker; snarkjs's curve runs on ${pr.threadsBrowser} worker threads in the browser (navigator.hardwareConcurrency) and ${pr.threadsNode} in Node.`,
    '',
    'Memory: the tab is one renderer process holding the page, the snark worker and snarkjs\'s nested curve workers, so its resident set (VmRSS in /proc, summed over Chromium\'s renderer processes, ' +
      'found through CDP `SystemInfo.getProcessInfo`) is what proving costs the machine; the kernel\'s high-water mark of the renderer(s) (VmHWM) was ' +
      `${pr.memory.rendererHighWater.map(mib).join(' + ')}. The page JS heap (CDP \`Performance.getMetrics\`) excludes the workers' heaps and the WASM memory.`,
    ...(e ? ['', `End to end: the studio served by \`vite preview\`, loaded once with its service worker ${e.serviceWorker ? 'installed and controlling the page' : '(absent)'}; then the .h5 is dropped on the model step and the driver clicks Compile, the development setup, the MNIST sample and Prove; times are taken by the driver from the drop to each step's result on screen. The UI showed: compile "${e.uiTexts['compile-result'] ?? ''}"; setup "${e.uiTexts['setup-result'] ?? ''}"; proof "${e.uiTexts['proof-result'] ?? ''}".`] : []),
  ]);
  console.log(sec);
}

await main();
