/**
 * Scale bench (run by `npm run bench`): the largest model the studio proves in one Chromium tab on this
 * machine. LeNet-5 on 28×28×1 (bench/fixtures/lenet5, made by scripts/make-lenet.ts) and its narrower
 * variants, largest first, each through the real built app in a fresh headless Chromium: the tfjs files
 * dropped on the model step → Compile → the Groth16 development setup → an MNIST sample → Prove (the
 * studio verifies) → "Verify in the browser". For each step: its wall time (from the driver, to the result on
 * screen) and the tab's peak memory (renderer RSS from /proc, sampled every 200 ms; bench/tab-memory.ts).
 * A step that fails (the compiler or setup out of memory, the renderer killed, a time limit) is recorded
 * with its message, and the next smaller model is tried; the run stops after the first model that proves.
 *
 * Writes bench/scale.json and the "Scale" section of docs/BENCHMARKS.md (between its markers).
 * Tests never assert on these figures; src/core/fit.ts's thresholds come from them.
 *
 *   npx tsx bench/scale.ts                        # lenet5, then lenet5-w2, lenet5-w4 until one proves
 *   npx tsx bench/scale.ts --models lenet5-w2     # only these (comma-separated), all of them
 *   npx tsx bench/scale.ts --step-minutes 20      # time limit of each step (default 25)
 *   ZKML_DIST=dist-x npx tsx bench/scale.ts       # serve dist-x/ (built with vite when missing or stale)
 *   npx tsx bench/scale.ts --doc-only             # rewrite the docs section from bench/scale.json
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, serveDist, DIST } from '../tests/e2e/browser.js';
import { transpileFiles } from '../src/core/transpile-files.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';
import { BenchError, MemorySampler, dropFiles, type MemorySample } from './tab-memory.js';

const JSON_OUT = path.join(ROOT, 'bench/scale.json');
const FIXTURES = path.join(ROOT, 'bench/fixtures/lenet5');
const MODELS = ['lenet5', 'lenet5-w2', 'lenet5-w4'];
const MiB = 2 ** 20;

const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const ONLY = arg('models')?.split(',').filter(Boolean);
const STEP_MS = Number(arg('step-minutes') ?? 25) * 60_000;

const t0 = performance.now();
const log = (msg: string) => console.error(`[bench:scale ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}`);
const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

type Step = 'transpile' | 'compile' | 'setup' | 'input' | 'prove' | 'verify';
interface StepResult { step: Step; seconds: number; peakRss: number; ok: boolean; error?: string; ui?: string; load: number[] }
interface ModelRun {
  model: string; params: number; estimate: number; ptauPower: number; constraints?: number; zkeyBytes?: number;
  steps: StepResult[]; proved: boolean; failedAt?: Step; reason?: string; peakRss: number; rendererHighWater: number[];
  loadBefore: number[]; loadAfter: number[];
}
interface ScaleResult { date: string; machine: string; chromium: string; totalMemoryGiB: number; runs: ModelRun[]; largestProved?: string; uptime: string[] }

function ensureDist(): void {
  if (fs.existsSync(path.join(DIST, 'index.html'))) return;
  log(`building ${path.relative(ROOT, DIST)}/ (vite build)…`);
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new BenchError('vite build failed', { details: { status: r.status } });
}

const modelFiles = (name: string) => ['model.json', 'weights.bin'].map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name, f))) }));

/** Waits for the first of `ok` / `fail` test ids, the page crashing, or the step's time limit. */
async function outcome(page: Page, ok: string, fail: string, crashed: Promise<string>): Promise<{ ok: boolean; error?: string }> {
  const win = page.getByTestId(ok).first().waitFor({ timeout: STEP_MS }).then(() => ({ ok: true }));
  const lose = page.getByTestId(fail).first().waitFor({ timeout: STEP_MS }).then(async () => ({ ok: false, error: (await page.getByTestId(fail).first().textContent())?.replace(/\s+/g, ' ').trim().slice(0, 400) }));
  const crash = crashed.then((m) => ({ ok: false, error: m }));
  try {
    return await Promise.race([win, lose, crash]);
  } catch (e) {
    return { ok: false, error: `no result within ${STEP_MS / 60_000} min (${(e as Error).message.split('\n')[0]})` };
  }
}

async function runModel(name: string, browser: Browser, url: string): Promise<ModelRun> {
  const files = modelFiles(name);
  const node = await transpileFiles(files, { input: 'hashed', inputRange: [0, 1] });
  const params = node.layers.reduce((a, l) => a + l.params, 0);
  const run: ModelRun = { model: name, params, estimate: node.estimate.total, ptauPower: node.ptauPower, steps: [], proved: false, peakRss: 0, rendererHighWater: [], loadBefore: load(), loadAfter: [] };
  log(`${name}: ${params.toLocaleString('en-US')} parameters, estimate ${node.estimate.total.toLocaleString('en-US')} constraints (2^${node.ptauPower}); load ${run.loadBefore.join(' ')}`);
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  const crashed = new Promise<string>((resolve) => page.on('crash', () => resolve('the tab crashed (renderer process gone: out of memory?)')));
  page.on('pageerror', (e) => log(`  page error: ${e.message.slice(0, 200)}`));
  await page.goto(url);
  await page.getByTestId('studio').waitFor({ timeout: 120_000 });
  await page.getByTestId('input-visibility').selectOption('hashed');
  const sampler = await MemorySampler.attach(browser, page);
  sampler.start(200);
  const text = async (id: string) => (await page.getByTestId(id).first().textContent().catch(() => ''))?.replace(/\s+/g, ' ').trim().slice(0, 300) ?? '';
  const step = async (s: Step, act: () => Promise<void>, ok: string, fail: string): Promise<boolean> => {
    const from = sampler.samples.length;
    const t = performance.now();
    await act();
    const o = await outcome(page, ok, fail, crashed);
    const seconds = (performance.now() - t) / 1000;
    await sampler.sample().catch(() => undefined);
    const peakRss = Math.max(0, ...sampler.samples.slice(from).map((x: MemorySample) => x.rendererRss));
    const r: StepResult = { step: s, seconds, peakRss, ok: o.ok, ...(o.error ? { error: o.error } : {}), ...(o.ok ? { ui: await text(ok) } : {}), load: load() };
    run.steps.push(r);
    log(`  ${s}: ${o.ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s, peak ${Math.round(peakRss / MiB)} MiB${o.error ? `: ${o.error}` : ''}`);
    if (!o.ok) { run.failedAt = s; run.reason = o.error; }
    return o.ok;
  };
  try {
    const ok =
      await step('transpile', () => dropFiles(page, files), 'model-summary', 'model-error') &&
      await step('compile', () => page.getByTestId('compile').click(), 'real-constraints', 'compile-error') &&
      await step('setup', () => page.getByTestId('setup-dev').click(), 'setup-result', 'setup-error') &&
      await step('input', () => page.getByTestId('mnist-0').click(), 'prediction-chart', 'prove-error') &&
      await step('prove', () => page.getByTestId('prove').click(), 'proof-verified', 'prove-error') &&
      await step('verify', () => page.getByTestId('verify').click(), 'verify-result', 'export-error');
    if (ok) {
      const verdict = run.steps.at(-1)!.ui ?? '';
      const proved = await text('proof-verified');
      run.proved = /valid/.test(verdict) && !/invalid/.test(verdict) && /Proof verified/.test(proved);
      if (!run.proved) { run.failedAt = 'verify'; run.reason = `${proved}; ${verdict}`; }
      run.constraints = Number((await text('real-constraints')).replace(/,/g, ''));
      const setupUi = run.steps.find((x) => x.step === 'setup')?.ui ?? '';
      run.zkeyBytes = zkeyBytes(setupUi);
    }
    run.peakRss = Math.max(0, ...sampler.samples.map((x) => x.rendererRss));
    run.rendererHighWater = await sampler.highWater().catch(() => []);
  } finally {
    await sampler.stop();
    await context.close().catch(() => undefined);
    run.loadAfter = load();
  }
  return run;
}

/** The zkey's size as the setup step shows it ("zkey 234 MB"). */
function zkeyBytes(setupUi: string): number | undefined {
  const z = /zkey\s*([\d.]+)\s*(kB|MB|GB)/.exec(setupUi);
  return z ? Number(z[1]) * ({ kB: 1e3, MB: 1e6, GB: 1e9 } as Record<string, number>)[z[2]!]! : undefined;
}

function uptime(): string {
  return (spawnSync('uptime', [], { encoding: 'utf8' }).stdout ?? '').trim();
}

async function main(): Promise<void> {
  if (process.argv.includes('--doc-only')) { writeDoc(JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as ScaleResult); return; }
  if (!hasChromium) { console.error('bench/scale.ts needs /usr/bin/chromium; skipped'); return; }
  if (!fs.existsSync(FIXTURES)) throw new BenchError(`${FIXTURES} is missing: npx tsx scripts/make-lenet.ts`);
  ensureDist();
  const server = await serveDist();
  const result: ScaleResult = { date: new Date().toISOString(), machine: hostLine(), chromium: '', totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, runs: [], uptime: [uptime()] };
  log(result.uptime[0]!);
  try {
    for (const name of ONLY ?? MODELS) {
      // a fresh browser for each model: nothing left over from a model that ran the tab out of memory
      const browser = await launch();
      result.chromium = browser.version();
      try {
        const r = await runModel(name, browser, server.url);
        result.runs.push(r);
        fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
        if (r.proved) { result.largestProved ??= name; if (!ONLY) break; }
      } finally {
        await browser.close().catch(() => undefined);
      }
    }
  } finally {
    await server.close();
  }
  result.uptime.push(uptime());
  fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  writeDoc(result);
}

function writeDoc(r: ScaleResult): void {
  const n = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const mib = (b: number) => `${n(b / MiB)} MiB`;
  const STEPS: Step[] = ['transpile', 'compile', 'setup', 'input', 'prove', 'verify'];
  const cell = (m: ModelRun, s: Step) => {
    const x = m.steps.find((y) => y.step === s);
    if (!x) return '—';
    return x.ok ? `${n(x.seconds, 1)} s · ${mib(x.peakRss)}` : `**failed** after ${n(x.seconds, 1)} s · ${mib(x.peakRss)}`;
  };
  for (const m of r.runs) m.zkeyBytes ??= zkeyBytes(m.steps.find((x) => x.step === 'setup')?.ui ?? '');
  const best = r.runs.find((m) => m.proved);
  const sec = writeBenchSection('scale', [
    '## Scale: the largest model a tab proves',
    '',
    `Written by \`bench/scale.ts\` (\`npm run bench\`) on ${r.date}: ${r.machine}, Chromium ${r.chromium} headless. Machine-readable: \`bench/scale.json\`. ` +
      `Load (other jobs shared the 2 cores): \`${r.uptime.join('` → `')}\`; the times stretch with the load, the memory does not.`,
    '',
    'LeNet-5 on 28×28×1 (`bench/fixtures/lenet5`, made by `scripts/make-lenet.ts`: Conv2D 6@5×5 same → ReLU → MaxPool → Conv2D 16@5×5 → ReLU → MaxPool → Dense 120 → 84 → 10; ' +
      'the -w2 / -w4 variants divide every width by 2 / 4), hashed input, each through the built studio in a fresh headless Chromium: the files dropped → Compile → development setup → MNIST sample 0 → Prove (the studio verifies) → Verify in the browser. ' +
      'Each cell: the step\'s wall time · the tab\'s peak memory during it (renderer RSS, sampled every 200 ms).',
    '',
    `| model | parameters | constraints (estimate) | ptau | ${STEPS.join(' | ')} | whole-flow peak | result |`,
    `|---|---:|---:|---:|${STEPS.map(() => '---').join('|')}|---:|---|`,
    ...r.runs.map((m) => `| ${m.model} | ${n(m.params)} | ${m.constraints !== undefined ? n(m.constraints) : `(${n(m.estimate)})`} | 2^${m.ptauPower} | ${STEPS.map((s) => cell(m, s)).join(' | ')} | ${mib(m.peakRss)} | ${m.proved ? '**proved, verified**' : `failed at ${m.failedAt}: ${(m.reason ?? '').replace(/\|/g, '/').slice(0, 160)}`} |`),
    '',
    best
      ? `**Largest model proved in the tab: ${best.model}**, ${n(best.constraints ?? best.estimate)} constraints (2^${best.ptauPower}${best.zkeyBytes ? `, zkey ${mib(best.zkeyBytes)}` : ''}): ` +
        `${n(best.steps.reduce((a, s) => a + s.seconds, 0), 0)} s from the drop to "valid", whole-flow peak ${mib(best.peakRss)} of renderer RSS.`
      : '**No model proved in the tab in this run.**',
    ...r.runs.filter((m) => !m.proved).map((m) => `${m.model} (${n(m.estimate)} constraints, 2^${m.ptauPower}) did not: ${m.failedAt} failed — ${m.reason ?? ''}.` + compileExtrapolation(m)),
    '',
    'Load average (1 / 5 / 15 min) at the end of each step: ' + r.runs.map((m) => `${m.model}: ${m.steps.map((x) => `${x.step} ${x.load.join(' / ')}`).join(', ')}`).join('; ') + '.',
    '',
    'Where the memory goes: each step\'s peak above the page before it (renderer RSS after the model is transpiled); ' +
      r.runs.filter((m) => m.steps.length > 1).map((m) => {
        const base = m.steps.find((x) => x.step === 'transpile')?.peakRss ?? 0;
        return `${m.model}: ${m.steps.filter((x) => x.step !== 'transpile').map((x) => `${x.step} +${mib(Math.max(0, x.peakRss - base))}${x.ok ? '' : ' (failed)'}`).join(', ')}`;
      }).join('; ') + '. `src/core/fit.ts` takes its thresholds (largest proved, smallest that failed) and its memory prediction from this table.',
  ]);
  /** A failed compile's memory, extrapolated linearly from the compile that succeeded (circom in the tab is 32-bit WebAssembly: 4 GiB at most). */
  function compileExtrapolation(m: ModelRun): string {
    const okRun = r.runs.find((x) => x.proved && x.constraints);
    const c = okRun?.steps.find((x) => x.step === 'compile');
    const base = okRun?.steps.find((x) => x.step === 'transpile')?.peakRss;
    if (m.failedAt !== 'compile' || !okRun || !c || base === undefined) return '';
    const need = (c.peakRss - base) * (m.estimate / okRun.constraints!);
    return ` Extrapolated from ${okRun.model}'s compile (+${mib(c.peakRss - base)} for ${n(okRun.constraints!)} constraints), circom would need about ${n(need / 2 ** 30, 1)} GiB for ${n(m.estimate)}: ${need > 4 * 2 ** 30 ? 'beyond' : 'within'} the 4 GiB a 32-bit WebAssembly memory can hold.`;
  }
  console.log(sec);
}

await main();
