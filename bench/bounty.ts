/**
 * One real bounty, timed (issue 14): the keras2circom MNIST CNN and a test set of MNIST samples, played in
 * the REAL app as users do — two headless Chromium browsers (separate storage, and separate renderer
 * processes, so each party's tab memory and CPU are its own): the provider on anvil account #0, the hunter
 * on #1 — against a real anvil with the contracts deployed (scripts/chain.ts) and the local IPFS peer
 * (scripts/ipfs.ts), as `npm start` runs them; the same machinery as tests/e2e/bounty-app.test.ts:
 *
 *  1. create: the provider adds the training images (../shared/fixtures/mnist-train-pgm 0 … TRAIN-1, with
 *     their labels) in the page, published to the local peer; drops the test set (N images from TEST_FROM on,
 *     not in the training set) and the .h5 whose architecture the bounty accepts; sets B, threshold and
 *     deadlines; the app commits the test set, compiles + sets up + registers the three circuits, creates;
 *  2. fetch: the hunter fetches the training data by its CID from the peer (the app's progress);
 *  3. train: the hunter trains the architecture in the app's train panel (a short run with early stopping),
 *     reads the local accuracy, and commits;
 *  4. reveal: the dev control passes the commit deadline; the provider reveals (reveal proof in the browser);
 *  5. prove: the hunter evaluates on the revealed set, proves every batch in the app's worker pool, submits;
 *  6. finalize, hand-over (the winner), withdraw; the provider receives: decrypts, the commitment is checked
 *     by the app, and the rebuilt model's predictions must equal the hunter's circuit predictions.
 *
 * Each step: wall time, the renderer processes' peak RSS and CPU seconds of each party's browser
 * (bench/tab-memory.ts's sampler), the load average before and after, the gas of every transaction
 * (the page's own transaction log), and the app's stage texts with their durations. Results are written
 * after every step (a long run that stops still leaves what it measured): bench/bounty.json and the
 * "bounty" section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/bounty.ts [--samples 100] [--batch 2] [--epochs 5] [--patience 2] [--threshold T]
 *                           [--train 900] [--build] [--no-write] [--doc-only]
 *
 * `--no-write` writes /tmp/bounty-bench-<N>.json only (for trying the harness: `--samples 10 --no-write`).
 * The app is served from ZKML_DIST (default /tmp/dist-bounty-bench; built when absent or with --build).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { startAnvil, deploy, type AnvilInstance } from '../scripts/chain.js';
import { startLocalPeer, type LocalPeer } from '../scripts/ipfs.js';
import { parsePgm } from '../src/core/input/pgm.js';
import { MNIST_DIR, MNIST_H5, hasShared } from '../tests/helpers/mnist.js';
import { bountyContext, click, idle, waitState, advance, errorText, txLog, BountyDriveError } from '../tests/e2e/bounty-helpers.js';
import { MemorySampler, BenchError, type MemorySample } from './tab-memory.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';

process.env.ZKML_DIST ??= '/tmp/dist-bounty-bench';
const { hasChromium, launch, serveDist, DIST } = await import('../tests/e2e/browser.js');

const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const N = Number(arg('samples') ?? 100);
const B = Number(arg('batch') ?? 2);
const EPOCHS = Number(arg('epochs') ?? 5);
const PATIENCE = Number(arg('patience') ?? 2);
const THRESHOLD = Number(arg('threshold') ?? Math.ceil(N / 2));
const TRAIN = Number(arg('train') ?? 900);
const TEST_FROM = 900;
const WRITE = !process.argv.includes('--no-write');
const JSON_OUT = WRITE ? path.join(ROOT, 'bench/bounty.json') : `/tmp/bounty-bench-${N}.json`;
const log = (m: string) => process.stderr.write(`[bench/bounty ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
const HOUR = 3_600_000;

type Role = 'provider' | 'hunter';
interface Stage { text: string; s: number }
interface StepRecord {
  name: string;
  startedAt: string;
  wallS: number;
  load: { before: number[]; after: number[] };
  /** peak RSS of each party's renderer processes during the step (MiB), and before it */
  peakMiB: Record<Role, number>;
  beforeMiB: Record<Role, number>;
  /** CPU seconds (user + system) of each party's renderer processes during the step */
  cpuS: Record<Role, number>;
  /** transactions the step sent: label → gas */
  gas: { label: string; gas: number }[];
  /** the app's busy/progress texts in the step and how long each showed (s) */
  stages: Stage[];
  details: Record<string, unknown>;
  error?: string;
}
interface Result {
  date: string; machine: string; chromium: string | null; commit: string; uptime: string;
  config: { samples: number; batch: number; batches: number; epochs: number; patience: number; threshold: number; trainImages: number; testImages: string; model: string };
  steps: StepRecord[];
  complete: boolean;
  totalWallS?: number;
}

// ------------------------------------------------------------------------------ inputs

function mnistBytes(k: number): Uint8Array {
  const g = parsePgm(new Uint8Array(fs.readFileSync(path.join(MNIST_DIR, `${k}.pgm`))));
  return Uint8Array.from(g.pixels, (v) => Math.round((v * 255) / g.maxval));
}

function prepareInputs(dir: string): { trainPaths: string[]; testSetPath: string; trainBytes: number } {
  const labels = JSON.parse(fs.readFileSync(path.join(MNIST_DIR, 'labels.json'), 'utf8')) as number[];
  if (TEST_FROM + N > labels.length) throw new BenchError(`--samples ${N}: only ${labels.length - TEST_FROM} MNIST images after the training ones`);
  if (TRAIN > TEST_FROM) throw new BenchError(`--train ${TRAIN}: the training images must stay below ${TEST_FROM} (the test images)`);
  fs.mkdirSync(path.join(dir, 'train'), { recursive: true });
  const trainPaths: string[] = [];
  let trainBytes = 0;
  for (let k = 0; k < TRAIN; k++) {
    const p = path.join(dir, 'train', `${k}.pgm`);
    fs.copyFileSync(path.join(MNIST_DIR, `${k}.pgm`), p);
    trainBytes += fs.statSync(p).size;
    trainPaths.push(p);
  }
  const lp = path.join(dir, 'train', 'labels.json');
  fs.writeFileSync(lp, JSON.stringify(labels.slice(0, TRAIN)));
  trainBytes += fs.statSync(lp).size;
  trainPaths.push(lp);
  const testSetPath = path.join(dir, 'testset.json');
  const idx = Array.from({ length: N }, (_, i) => TEST_FROM + i);
  fs.writeFileSync(testSetPath, JSON.stringify({ samples: idx.map((k) => Array.from(mnistBytes(k))), labels: idx.map((k) => labels[k]) }));
  return { trainPaths, testSetPath, trainBytes };
}

function ensureDist(): void {
  if (!process.argv.includes('--build') && fs.existsSync(path.join(DIST, 'index.html'))) return;
  log(`building the app into ${DIST}`);
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new BenchError('vite build failed');
}

// ------------------------------------------------------------------------------ what the pages show, as it changes

interface StageEvent { t: number; role: Role; id: string; text: string | null }
const events: StageEvent[] = [];

/** Reports every change of the app's busy/progress texts and of the batch states to Node, with Node's clock. */
async function watchPage(p: Page, role: Role): Promise<void> {
  await p.exposeFunction('__benchStage', (id: string, text: string | null) => { events.push({ t: performance.now(), role, id, text }); });
  // a string, not a function: tsx's transform would put its __name helper into the page
  await p.addInitScript(`(() => {
    const ids = ['create-busy', 'bounty-busy', 'hunter-fetch-progress', 'train-status', 'create-error', 'bounty-error', 'train-error', 'hunter-fetch-error'];
    const seen = new Map();
    const check = () => {
      for (const id of ids) {
        const t = document.querySelector('[data-testid=' + id + ']')?.textContent ?? null;
        if (seen.get(id) !== t) { seen.set(id, t); void window.__benchStage(id, t); }
      }
      const lis = document.querySelectorAll('[data-testid=prove-progress] .bounty-batches li');
      const states = lis.length ? Array.from(lis, (li) => li.getAttribute('data-state')).join(',') : null;
      if (seen.get('batches') !== states) { seen.set('batches', states); void window.__benchStage('batches', states); }
    };
    const start = () => new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'] });
    if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  })();`);
  p.on('pageerror', (e) => log(`[${role}] page error: ${e.message}`));
}

/** The busy texts of `role` between t0 and t1 with how long each showed (consecutive repeats merged). */
function stagesOf(role: Role, t0: number, t1: number): Stage[] {
  const out: Stage[] = [];
  for (const id of ['create-busy', 'bounty-busy', 'hunter-fetch-progress']) {
    const xs = events.filter((e) => e.role === role && e.id === id && e.t >= t0 && e.t <= t1);
    for (let i = 0; i < xs.length; i++) {
      const e = xs[i]!;
      if (e.text === null) continue;
      // fetch progress counts ("fetching 12 / 901"): one stage per phase
      const text = id === 'hunter-fetch-progress' ? e.text.replace(/\s\d+ \/ \d+$/, ' …') : e.text;
      const end = xs[i + 1]?.t ?? t1;
      const last = out.at(-1);
      if (last && last.text === text) last.s += (end - e.t) / 1000;
      else out.push({ text, s: (end - e.t) / 1000 });
    }
  }
  return out.map((s) => ({ text: s.text, s: Number(s.s.toFixed(1)) }));
}

/** Per batch: from its first witness/proving state to done (s); and the most batches running at once. */
function batchTimes(t0: number, t1: number): { perBatchS: number[]; maxConcurrent: number; firstStartS: number | null } {
  const xs = events.filter((e) => e.role === 'hunter' && e.id === 'batches' && e.text && e.t >= t0 && e.t <= t1);
  const start = new Map<number, number>(), done = new Map<number, number>();
  let maxConcurrent = 0;
  for (const e of xs) {
    const st = e.text!.split(',');
    let running = 0;
    st.forEach((s, k) => {
      if (s === 'witness' || s === 'proving') { running++; if (!start.has(k)) start.set(k, e.t); }
      if (s === 'done' && !done.has(k)) done.set(k, e.t);
    });
    maxConcurrent = Math.max(maxConcurrent, running);
  }
  const perBatchS = [...done.keys()].sort((a, b) => a - b).map((k) => Number((((done.get(k)! - (start.get(k) ?? done.get(k)!)) / 1000)).toFixed(1)));
  const firsts = [...start.values()];
  return { perBatchS, maxConcurrent, firstStartS: firsts.length ? Number(((Math.min(...firsts) - t0) / 1000).toFixed(1)) : null };
}

// ------------------------------------------------------------------------------ CPU of a browser's renderers

const CLK_TCK = 100;
async function cpuSeconds(s: MemorySampler): Promise<Map<number, number>> {
  const m = new Map<number, number>();
  for (const pid of await s.rendererPids()) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      m.set(pid, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    } catch { /* gone */ }
  }
  return m;
}
const cpuDelta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, v]) => sum + v - (a.get(pid) ?? 0), 0);

// ------------------------------------------------------------------------------ the run

const mib = (b: number) => Math.round(b / 2 ** 20);
const peakIn = (samples: MemorySample[], t0: number, t1: number) => Math.max(0, ...samples.filter((s) => s.t >= t0 && s.t <= t1).map((s) => s.rendererRss));

async function main(): Promise<void> {
  if (process.argv.includes('--doc-only')) { writeDoc(JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as Result); return; }
  if (!hasShared) throw new BenchError(`../shared/fixtures is absent (${MNIST_DIR}): the MNIST images and the .h5 are needed`);
  if (!hasChromium) throw new BenchError('no Chromium at /usr/bin/chromium');
  if (N % B !== 0) throw new BenchError(`--batch ${B} does not divide --samples ${N}`);
  ensureDist();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-bench-bounty-'));
  const { trainPaths, testSetPath, trainBytes } = prepareInputs(dir);
  const result: Result = {
    date: new Date().toISOString(), machine: hostLine(), chromium: null,
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
    uptime: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
    config: { samples: N, batch: B, batches: N / B, epochs: EPOCHS, patience: PATIENCE, threshold: THRESHOLD, trainImages: TRAIN, testImages: `${TEST_FROM}–${TEST_FROM + N - 1}`, model: path.basename(MNIST_H5) },
    steps: [], complete: false,
  };
  const save = () => { fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`); if (WRITE) writeDoc(result); };

  let anvil: AnvilInstance | undefined, peer: LocalPeer | undefined, server: { url: string; close(): Promise<void> } | undefined;
  const browsers: Browser[] = [];
  const samplers: Partial<Record<Role, MemorySampler>> = {};
  const t00 = performance.now();
  let cleaned = false;
  // stopped from outside (kill <pid>): close the browsers, the peer and anvil, keep what was written
  const onSignal = (sig: string) => { log(`${sig}: stopping`); void cleanup().finally(() => process.exit(130)); };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  try {
    anvil = await startAnvil();
    peer = await startLocalPeer({ port: 0, dir: path.join(dir, 'ipfs') });
    const deployments = await deploy({ url: anvil.url, out: null });
    server = await serveDist();
    const pages = {} as Record<Role, Page>;
    for (const role of ['provider', 'hunter'] as const) {
      const browser = await launch();
      browsers.push(browser);
      result.chromium = browser.version();
      const ctx = await bountyContext(browser, { account: role === 'provider' ? 'dev0' : 'dev1', deployments, peer: peer.config });
      const p = await ctx.newPage();
      await watchPage(p, role);
      await p.goto(`${server.url}/#bounties`);
      samplers[role] = await MemorySampler.attach(browser, p);
      samplers[role]!.start(500);
      pages[role] = p;
    }
    const { provider, hunter } = pages;
    await provider.getByTestId('bounty-none').waitFor({ timeout: 60_000 });
    log(`anvil ${anvil.url}, peer ${peer.url}, app ${server.url} (${DIST}); N = ${N}, B = ${B}, training images ${TRAIN}`);

    /** One timed step: `f` fills `d` with what it saw; `acting` is whose transactions count for it. */
    const step = async (name: string, acting: Role[], f: (d: Record<string, unknown>) => Promise<void>): Promise<void> => {
      const txBefore = Object.fromEntries(await Promise.all(acting.map(async (r) => [r, (await txLog(pages[r])).length] as const)));
      const cpu0 = { provider: await cpuSeconds(samplers.provider!), hunter: await cpuSeconds(samplers.hunter!) };
      const before = { provider: (await samplers.provider!.sample()).rendererRss, hunter: (await samplers.hunter!.sample()).rendererRss };
      const rec: StepRecord = {
        name, startedAt: new Date().toISOString(), wallS: 0, load: { before: loadavg(), after: [] },
        peakMiB: { provider: 0, hunter: 0 }, beforeMiB: { provider: mib(before.provider), hunter: mib(before.hunter) }, cpuS: { provider: 0, hunter: 0 }, gas: [], stages: [], details: {},
      };
      result.steps.push(rec);
      log(`${name}… (load ${rec.load.before.join(' ')})`);
      const t0 = performance.now();
      const finish = async () => {
        const t1 = performance.now();
        rec.wallS = Number(((t1 - t0) / 1000).toFixed(1));
        rec.load.after = loadavg();
        for (const r of ['provider', 'hunter'] as const) {
          rec.peakMiB[r] = mib(peakIn(samplers[r]!.samples, t0, t1));
          rec.cpuS[r] = Number(cpuDelta(cpu0[r], await cpuSeconds(samplers[r]!)).toFixed(1));
        }
        for (const r of acting) {
          const all = await txLog(pages[r]).catch(() => []);
          rec.gas.push(...all.slice(0, all.length - txBefore[r]!).reverse());
        }
        rec.stages = acting.flatMap((r) => stagesOf(r, t0, t1));
        if (name === 'prove + submit') Object.assign(rec.details, batchTimes(t0, t1));
        save();
      };
      try {
        await f(rec.details);
      } catch (e) {
        rec.error = e instanceof Error ? e.message : String(e);
        await finish();
        throw e;
      }
      await finish();
      log(`${name}: ${rec.wallS} s, peak tab MiB provider ${rec.peakMiB.provider} / hunter ${rec.peakMiB.hunter}, CPU s ${rec.cpuS.provider} / ${rec.cpuS.hunter}, gas ${rec.gas.map((g) => g.gas).reduce((a, b) => a + b, 0)}`);
    };

    // 1. create -----------------------------------------------------------------------------------
    let id = '';
    let cid = '';
    await step('create', ['provider'], async (d) => {
      await provider.goto(`${server!.url}/#bounties/new`);
      const tAdd = performance.now();
      await provider.getByTestId('create-dataset-files').setInputFiles(trainPaths);
      try {
        await provider.waitForFunction(() => /^bafy/.test((document.querySelector('[data-testid=create-dataset]') as HTMLInputElement | null)?.value ?? ''), undefined, { timeout: HOUR });
      } catch (e) { throw new BountyDriveError(`adding the training data failed: ${(await errorText(provider, 'create-error')) ?? '?'}`, { cause: e }); }
      d.datasetAddS = Number(((performance.now() - tAdd) / 1000).toFixed(1));
      d.datasetFiles = trainPaths.length;
      d.datasetBytes = trainBytes;
      await provider.getByTestId('create-testset').setInputFiles(testSetPath);
      await provider.getByTestId('create-testset-count').waitFor({ timeout: 60_000 });
      d.testSet = await provider.getByTestId('create-testset-count').textContent();
      const tModel = performance.now();
      await provider.getByTestId('create-model').setInputFiles(MNIST_H5);
      await provider.getByTestId('create-architecture').waitFor({ timeout: 300_000 });
      d.modelReadS = Number(((performance.now() - tModel) / 1000).toFixed(1));
      d.architecture = await provider.getByTestId('create-architecture').textContent();
      await provider.getByTestId('create-batch').fill(String(B));
      await provider.getByTestId('create-threshold').fill(String(THRESHOLD));
      // proving all batches may take hours of wall time, during which the chain's clock runs: a long prove window
      await provider.getByTestId('create-prove-min').fill('1440');
      await provider.getByTestId('create-costs').waitFor({ timeout: 60_000 });
      d.costs = await provider.$$eval('[data-testid=create-costs] li', (els) => els.map((e) => e.textContent));
      const tCreate = performance.now();
      await click(provider, 'create-submit');
      try {
        await provider.waitForFunction(() => /^#bounty=\d+/.test(location.hash), undefined, { timeout: 4 * HOUR });
      } catch (e) { throw new BountyDriveError(`create failed: ${(await errorText(provider, 'create-error')) ?? '?'}`, { cause: e }); }
      id = /#bounty=(\d+)/.exec(await provider.evaluate(() => location.hash))![1]!;
      await waitState(provider, 'Open');
      d.submitToOpenS = Number(((performance.now() - tCreate) / 1000).toFixed(1));
      cid = (await provider.getByTestId('bounty-dataset').textContent()) ?? '';
      d.bountyId = id; d.cid = cid;
    });

    // 2. fetch ------------------------------------------------------------------------------------
    await step('fetch', ['hunter'], async (d) => {
      await hunter.goto(`${server!.url}/#bounty=${id}`);
      await waitState(hunter, 'Open');
      if ((await hunter.getByTestId('bounty-dataset').textContent()) !== cid) throw new BountyDriveError('the hunter sees another dataset CID');
      const tFetch = performance.now();
      await click(hunter, 'hunter-fetch');
      await hunter.waitForFunction(() => document.querySelector('[data-testid=hunter-train-data]') || document.querySelector('[data-testid=hunter-fetch-error]'), undefined, { timeout: HOUR });
      const err = await errorText(hunter, 'hunter-fetch-error');
      if (err) throw new BountyDriveError(`fetching the training data failed: ${err}`);
      d.fetchS = Number(((performance.now() - tFetch) / 1000).toFixed(1));
      d.count = Number(await hunter.getByTestId('hunter-train-data').getAttribute('data-count'));
      d.progressUpdates = events.filter((e) => e.role === 'hunter' && e.id === 'hunter-fetch-progress' && e.text).length;
      d.lastProgress = events.filter((e) => e.role === 'hunter' && e.id === 'hunter-fetch-progress' && e.text).map((e) => e.text).filter((t) => /^fetching/.test(t!)).at(-1) ?? null;
      await hunter.getByTestId('train-panel').waitFor({ timeout: 60_000 });
    });

    // 3. train + commit ---------------------------------------------------------------------------
    await step('train + commit', ['hunter'], async (d) => {
      const set = async (testid: string, v: number) => {
        const el = hunter.getByTestId(testid);
        await el.fill(String(v));
        await el.dispatchEvent('change');
      };
      await set('train-epochs', EPOCHS);
      await set('train-patience', PATIENCE);
      d.settings = await hunter.evaluate(() => Object.fromEntries(['train-epochs', 'train-batch', 'train-val', 'train-patience'].map((t) => [t, (document.querySelector(`[data-testid=${t}]`) as HTMLInputElement).value])));
      const tTrain = performance.now();
      await click(hunter, 'train-start');
      await hunter.waitForFunction(() => document.querySelector('[data-testid=train-result]') || document.querySelector('[data-testid=train-error]'), undefined, { timeout: 4 * HOUR });
      const err = await errorText(hunter, 'train-error');
      if (err) throw new BountyDriveError(`training failed: ${err}`);
      d.trainS = Number(((performance.now() - tTrain) / 1000).toFixed(1));
      d.result = (await hunter.getByTestId('train-result').textContent())?.replace(/\s+/g, ' ').trim();
      d.status = await hunter.getByTestId('train-status').textContent();
      d.epochs = events.filter((e) => e.role === 'hunter' && e.id === 'train-status' && e.text).map((e) => e.text);
      const m = /Accuracy on (\d+) (\w+) samples: float ([\d.]+)%, circuit ([\d.]+)%/.exec(String(d.result));
      if (m) Object.assign(d, { evaluatedCount: Number(m[1]), evaluatedOn: m[2], floatAccuracy: Number(m[3]), circuitAccuracy: Number(m[4]) });
      const tPrep = performance.now();
      await hunter.getByTestId('hunter-arch-ok').waitFor({ timeout: 600_000 });
      d.transpileS = Number(((performance.now() - tPrep) / 1000).toFixed(1));
      d.commitment = await hunter.getByTestId('hunter-commitment').textContent();
      const tCommit = performance.now();
      await click(hunter, 'do-commit');
      await idle(hunter);
      await hunter.waitForFunction(() => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-role') === 'hunter', undefined, { timeout: 60_000 });
      d.commitS = Number(((performance.now() - tCommit) / 1000).toFixed(1));
    });

    // 4. reveal -----------------------------------------------------------------------------------
    await step('reveal', ['provider'], async (d) => {
      const tAdv = performance.now();
      await advance(provider);
      d.advanceS = Number(((performance.now() - tAdv) / 1000).toFixed(1));
      await waitState(provider, 'Open');
      const tRev = performance.now();
      await click(provider, 'do-reveal');
      await idle(provider, 4 * HOUR);
      await waitState(provider, 'Revealed');
      d.revealS = Number(((performance.now() - tRev) / 1000).toFixed(1));
    });

    // 5. prove + submit ---------------------------------------------------------------------------
    await step('prove + submit', ['hunter'], async (d) => {
      await waitState(hunter, 'Revealed', 60_000);
      const tEval = performance.now();
      await click(hunter, 'do-evaluate');
      await idle(hunter, HOUR);
      d.evaluateS = Number(((performance.now() - tEval) / 1000).toFixed(1));
      const ev = hunter.getByTestId('hunter-evaluation');
      d.evaluation = (await ev.textContent())?.replace(/\s+/g, ' ').trim();
      d.circuitPredictions = await ev.getAttribute('data-circuit');
      d.circuitCorrect = Number(await hunter.getByTestId('hunter-circuit-correct').textContent());
      d.navigator = await hunter.evaluate(() => ({ hardwareConcurrency: navigator.hardwareConcurrency, deviceMemory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null }));
      const tProve = performance.now();
      // when the pool starts (the page shows "proving the batches", after its own compile + setup of the
      // accuracy circuit): the pool's own wall time, CPU and peak memory are measured from there
      let proving = true;
      const poolStart = (async () => {
        while (proving && !events.some((e) => e.role === 'hunter' && e.id === 'bounty-busy' && e.text === 'proving the batches' && e.t >= tProve)) await new Promise((r) => setTimeout(r, 250));
        return proving ? { t: performance.now(), cpu: await cpuSeconds(samplers.hunter!) } : undefined;
      })();
      await click(hunter, 'do-prove');
      await idle(hunter, 12 * HOUR);
      const tProved = performance.now();
      proving = false;
      d.proveS = Number(((tProved - tProve) / 1000).toFixed(1));
      const ps = await poolStart;
      if (ps) {
        d.poolWallS = Number(((tProved - ps.t) / 1000).toFixed(1));
        d.poolCpuS = Number(cpuDelta(ps.cpu, await cpuSeconds(samplers.hunter!)).toFixed(1));
        d.poolPeakMiB = mib(peakIn(samplers.hunter!.samples, ps.t, tProved));
      }
      d.proveNote = await hunter.getByTestId('bounty-note').textContent().catch(() => null);
      const tSubmit = performance.now();
      await click(hunter, 'do-submit');
      await idle(hunter, HOUR);
      d.submitS = Number(((performance.now() - tSubmit) / 1000).toFixed(1));
      d.submitNote = await hunter.getByTestId('bounty-note').textContent().catch(() => null);
      await hunter.waitForFunction((c) => document.querySelector('[data-testid=board-correct]')?.textContent === String(c), d.circuitCorrect, { timeout: 60_000 })
        .catch(async () => { throw new BountyDriveError(`the leaderboard shows ${await hunter.getByTestId('board-correct').first().textContent()} correct, the hunter's evaluation ${d.circuitCorrect}`); });
      d.boardCorrect = d.circuitCorrect;
    });
    const predicted = result.steps.at(-1)!.details.circuitPredictions as string;

    // 6. finalize, hand over, withdraw; the provider receives ---------------------------------------
    await step('finalize', ['hunter'], async () => {
      await advance(hunter);
      await click(hunter, 'do-finalize');
      await idle(hunter);
      await waitState(hunter, 'Awarded');
    });
    await step('hand over', ['hunter'], async (d) => {
      // clicked as soon as the step opens: the wait includes the proof the page started making ahead
      await click(hunter, 'do-handOver');
      await idle(hunter, HOUR);
      await waitState(hunter, 'HandedOver');
      const tW = performance.now();
      await click(hunter, 'do-withdraw');
      await idle(hunter);
      d.withdrawS = Number(((performance.now() - tW) / 1000).toFixed(1));
      d.withdrawNote = await hunter.getByTestId('bounty-note').textContent();
    });
    await step('receive', ['provider'], async (d) => {
      await waitState(provider, 'HandedOver', 60_000);
      await click(provider, 'do-receive');
      await idle(provider, HOUR);
      const got = provider.getByTestId('received');
      d.correct = Number(await got.getAttribute('data-correct'));
      d.predictionsMatch = (await got.getAttribute('data-predictions')) === predicted;
      d.text = (await got.textContent())?.replace(/\s+/g, ' ').trim().slice(0, 300);
      if (!d.predictionsMatch) throw new BountyDriveError('the decrypted model\'s predictions differ from the hunter\'s circuit predictions');
    });
    result.complete = true;
    result.totalWallS = Number(((performance.now() - t00) / 1000).toFixed(1));
    save();
    log(`done in ${result.totalWallS} s; ${JSON_OUT}`);
  } finally {
    await cleanup();
  }
  async function cleanup(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    for (const s of Object.values(samplers)) await s?.stop();
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.close();
    await peer?.close();
    await anvil?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------ docs/BENCHMARKS.md

const fmt = (n: number) => n.toLocaleString('en');
function writeDoc(r: Result): void {
  const c = r.config;
  const get = (name: string) => r.steps.find((s) => s.name === name);
  const gasOf = (s?: StepRecord) => s?.gas.map((g) => `${g.label} ${fmt(g.gas)}`).join('; ') || '—';
  const lines: string[] = [
    '## One bounty in the app (keras2circom MNIST CNN, two browsers)',
    '',
    `Written by \`npx tsx bench/bounty.ts --samples ${c.samples} --batch ${c.batch} --epochs ${c.epochs} --patience ${c.patience}\` on ${r.date} (commit ${r.commit}): ${r.machine}, Chromium ${r.chromium ?? '—'} headless; \`/proc/loadavg\` at the start: ${r.uptime}. Machine-readable: \`bench/bounty.json\`.${r.complete ? '' : ' **Incomplete run: the steps below are those finished when this was written.**'}`,
    '',
    `The real app (\`vite build\`), driven as users do in two headless Chromium browsers with their own storage (provider = anvil #0, hunter = anvil #1), against a real anvil with the contracts and the local IPFS peer, as \`npm start\` runs them. Training data: MNIST images 0–${c.trainImages - 1} of ../shared/fixtures/mnist-train-pgm with their labels (${c.trainImages} PGMs + labels.json), added in the provider's page and published to the peer. Private test set: ${c.samples} other images of the same fixtures (${c.testImages}), with their labels. Accepted architecture: ${c.model}. B = ${c.batch} (K = ${c.batches} batches; chosen on the command line: the form's default, 3, does not divide 100), threshold ${c.threshold}, the form's default reward, bond and stake, prove window 1,440 min; the deadlines are passed with the development "advance the chain's clock" control. Training: ${c.epochs} epochs at most, patience ${c.patience}, the panel's other defaults.`,
    '',
    `Memory is the peak resident set (RSS) of each browser's renderer processes, summed and sampled every 500 ms: the tab (the page, its workers and their WASM) and also Chromium's own UI renderer and any spare renderer${r.steps[0] ? ` (with the bounty list open and nothing running: ${fmt(r.steps[0].beforeMiB.provider)} MiB provider, ${fmt(r.steps[0].beforeMiB.hunter)} MiB hunter)` : ''}; CPU is those processes' user + system seconds in the step. **The machine (2 cores) was shared with two other sessions running tests** during the run: wall times are upper bounds, see the load averages (1 / 5 / 15 min) before and after each step.`,
    '',
    '| step | wall | provider tab: peak RSS, CPU | hunter tab: peak RSS, CPU | gas | load before → after |',
    '|---|---:|---|---|---|---|',
    ...r.steps.map((s) => `| ${s.name}${s.error ? ' (**failed**)' : ''} | ${fmt(s.wallS)} s | ${fmt(s.peakMiB.provider)} MiB, ${s.cpuS.provider} s | ${fmt(s.peakMiB.hunter)} MiB, ${s.cpuS.hunter} s | ${s.gas.length ? fmt(s.gas.reduce((a, g) => a + g.gas, 0)) : '—'} | ${s.load.before.join(' / ')} → ${s.load.after.join(' / ') || '—'} |`),
    ...(r.totalWallS ? ['', `Whole run, with anvil, the peer, the browsers and the page loads: ${fmt(r.totalWallS)} s (${(r.totalWallS / 60).toFixed(1)} min).`] : []),
    '',
  ];
  // "submitting batch 7 of 50" and its siblings as one stage
  const stages = (s?: StepRecord) => {
    const xs: Stage[] = [];
    for (const x of s?.stages ?? []) {
      const text = x.text.replace(/^submitting batch \d+ of (\d+)$/, 'submitting the $1 batch proofs');
      const last = xs.at(-1);
      if (last?.text === text) last.s = Number((last.s + x.s).toFixed(1)); else xs.push({ text, s: x.s });
    }
    return xs.length ? xs.map((x) => `${x.text} ${x.s} s`).join('; ') : '—';
  };
  const cr = get('create');
  if (cr) {
    const d = cr.details;
    lines.push(`**1. Create** (provider): adding the ${d.datasetFiles ?? '?'} training files (${d.datasetBytes ? `${(Number(d.datasetBytes) / 1024).toFixed(0)} KiB` : '?'}) to IPFS in the page ${d.datasetAddS ?? '?'} s; reading the .h5 ${d.modelReadS ?? '?'} s; from the create click to the bounty page ${d.submitToOpenS ?? '?'} s. The app's stages: ${stages(cr)}. Transactions: ${gasOf(cr)}. The form's cost review said: ${(d.costs as string[] | undefined)?.join('; ') ?? '—'}.${cr.error ? ` Failed: ${cr.error}` : ''}`, '');
  }
  const fe = get('fetch');
  if (fe) lines.push(`**2. Fetch** (hunter, by CID from the peer): ${fe.details.count ?? '?'} labelled samples in ${fe.details.fetchS ?? '?'} s (${fe.details.progressUpdates ?? '?'} progress updates; the last fetch count shown: "${fe.details.lastProgress ?? '—'}"). Stages: ${stages(fe)}.${fe.error ? ` Failed: ${fe.error}` : ''}`, '');
  const tr = get('train + commit');
  if (tr) {
    const d = tr.details;
    lines.push(`**3. Train + commit** (hunter): training ${d.trainS ?? '?'} s in the app's train worker (tfjs CPU backend; settings ${JSON.stringify(d.settings ?? {})}); ${d.status ?? ''}. The panel: "${String(d.result ?? '—').replace(/\.The model.*$/, '')}". Transpiling the trained model and matching the architecture ${d.transpileS ?? '?'} s; commit ${d.commitS ?? '?'} s (${gasOf(tr)}).${tr.error ? ` Failed: ${tr.error}` : ''}`, '');
  }
  const rv = get('reveal');
  if (rv) lines.push(`**4. Reveal** (provider): the dev clock control ${rv.details.advanceS ?? '?'} s; reveal click to Revealed ${rv.details.revealS ?? '?'} s, stages: ${stages(rv)}. Gas: ${gasOf(rv)}.${rv.error ? ` Failed: ${rv.error}` : ''}`, '');
  const pr = get('prove + submit');
  if (pr) {
    const d = pr.details;
    const xs = (d.perBatchS as number[] | undefined) ?? [];
    const sorted = [...xs].sort((a, b) => a - b);
    const submits = pr.gas.filter((g) => /^submit batch/.test(g.label)).map((g) => g.gas);
    lines.push(`**5. Prove + submit** (hunter): evaluating on the revealed set ${d.evaluateS ?? '?'} s ("${d.evaluation ?? '—'}"); proving all ${c.batches} batches of B = ${c.batch} ${d.proveS ?? '?'} s (click to proofs ready, including the hunter's own compile + setup of the accuracy circuit)${d.poolWallS !== undefined ? `, of which the pool ${d.poolWallS} s with ${d.poolCpuS} s of the hunter tab's CPU (${(Number(d.poolCpuS) / c.samples).toFixed(1)} CPU s per sample) and a peak tab RSS of ${fmt(Number(d.poolPeakMiB))} MiB` : ''}; the pool ran at most ${d.maxConcurrent ?? '?'} batch(es) at once (navigator: ${JSON.stringify(d.navigator ?? {})}; \`poolSize\` gives 1 worker × 2 snarkjs threads on 2 cores), the first batch started ${d.firstStartS ?? '?'} s after the click; per batch (witness + proof, from the page's batch states) ${xs.length ? `min ${sorted[0]} s, median ${sorted[Math.floor(sorted.length / 2)]} s, max ${sorted.at(-1)} s over ${xs.length} batches, ${(xs.reduce((a, b) => a + b, 0) / (xs.length * c.batch)).toFixed(1)} s per sample` : '—'}; submitting ${d.submitS ?? '?'} s, gas per batch proof ${submits.length ? `${fmt(Math.min(...submits))}–${fmt(Math.max(...submits))} (${submits.length} transactions, ${fmt(submits.reduce((a, b) => a + b, 0))} in all)` : '—'}. Stages: ${stages(pr)}. Leaderboard: ${d.boardCorrect ?? '?'} correct.${pr.error ? ` Failed: ${pr.error}` : ''}`, '');
  }
  const fi = get('finalize'), ho = get('hand over'), re = get('receive');
  if (fi || ho || re) {
    lines.push(`**6. Finalize, hand over, receive**: finalize (with the dev clock control) ${fi?.wallS ?? '?'} s (${gasOf(fi)}); hand-over clicked as soon as the winner's step opened, to HandedOver ${ho?.wallS ?? '?'} s including withdraw ${ho?.details.withdrawS ?? '?'} s, stages: ${stages(ho)} (${gasOf(ho)}; ${ho?.details.withdrawNote ?? ''}); the provider receives ${re?.wallS ?? '?'} s, stages: ${stages(re)}: the commitment checked by the app, ${re?.details.correct ?? '?'} / ${c.samples} correct recomputed, predictions equal to the hunter's circuit predictions: ${re?.details.predictionsMatch ?? '?'}.${[fi, ho, re].map((s) => (s?.error ? ` ${s.name} failed: ${s.error}` : '')).join('')}`, '');
  }
  lines.push('Not part of `npm run bench` (a 100-sample bounty takes too long); run it alone on an idle machine: `npx tsx bench/bounty.ts --samples 100 --batch 2` (`--samples 10 --no-write` for a short try of the harness, written to /tmp only).', '');
  writeBenchSection('bounty', lines);
}

main().catch((e: unknown) => { log(e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? `\n  cause: ${e.cause.message.split('\n')[0]}` : ''}` : String(e)); process.exit(1); });
