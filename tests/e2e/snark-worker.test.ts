/**
 * snarkjs in a real browser worker: workers/snark.worker.ts driven through SnarkClient in Chromium, on
 * a tiny self-built page (see `buildTestPage`). Circuit, keys and ptau come from Node (compiled and set
 * up here, served to the page through playwright's request routing). Checks: snarkjs's own threads run
 * inside the module worker; setup/prove/verify/export agree with Node; errors arrive typed; cancelling
 * really stops the work (the worker and its nested threads are gone) and leaves the client usable.
 * Prints prove timings, worker vs Node.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../src/zk/circom-node.js';
import { setup } from '../../src/zk/setup.js';
import { prove } from '../../src/zk/prove.js';
import { solidityVerifier, solidityCalldata } from '../../src/zk/export.js';
import { verify } from '../../src/zk/verify.js';
import type { ProofInput } from '../../src/zk/prove.js';

const PTAU_DIR = join(process.cwd(), 'circuits-prebuilt/dev-ptau');

/** Dense(N, M) summed: N·M constraints. */
const bench = (n: number, m: number) => `pragma circom 2.2.3;
include "dense.circom";
template Bench(N, M) {
  signal input in[N]; signal input w[N][M]; signal input b[M];
  signal output out;
  component d = Dense(N, M); d.in <== in; d.weights <== w; d.bias <== b;
  var acc = 0; for (var j = 0; j < M; j++) acc += d.out[j];
  out <== acc;
}
component main = Bench(${n}, ${m});
`;
const benchInput = (n: number, m: number): ProofInput => ({
  in: Array.from({ length: n }, (_, i) => i % 7),
  w: Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => (i * j) % 5)),
  b: Array.from({ length: m }, (_, j) => j),
});
const SMALL = [64, 30] as const; // 1,920 constraints → groth16 needs 2^11
const BIG = [64, 60] as const; // 3,840 constraints → 2^12, for the cancel test

const pageMain = (rel: (p: string) => string) => `
  import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
  import { CancelledError, WorkerError } from ${rel('src/app/clients/errors.ts')};
  import { ZkmlError } from ${rel('src/core/errors.ts')};
  import { PtauError } from ${rel('src/zk/ptau.ts')};
  import { ProveError } from ${rel('src/zk/prove.ts')};
  import { ExportError } from ${rel('src/zk/export.ts')};
  const TYPED = { ProveError, ExportError, PtauError, CancelledError, WorkerError };
  const bytes = async (name) => new Uint8Array(await (await fetch('/fixtures/' + name)).arrayBuffer());
  const describeError = (e) => ({ name: e?.name, message: String(e?.message ?? e), details: e?.details ?? null,
    zkml: e instanceof ZkmlError, cancelled: e instanceof CancelledError, worker: e instanceof WorkerError, ptau: e instanceof PtauError,
    typed: TYPED[e?.name] !== undefined && e instanceof TYPED[e.name] });
  const client = new SnarkClient();
  const store = {};
  window.snark = {
    client,
    async load(names) { for (const n of names) store[n] = await bytes(n); return Object.fromEntries(names.map((n) => [n, store[n].length])); },
    async warmup() { return client.warmup(); },
    async setup(scheme, r1cs, ptau, key) {
      const stages = [];
      const t = performance.now();
      try {
        const r = await client.setup({ scheme, r1cs: store[r1cs], ptau: store[ptau], entropy: 'e2e' }, { onProgress: (p) => stages.push(p.stage) });
        store[key] = r.zkey;
        return { ok: true, ms: performance.now() - t, stages, vkey: r.vkey, zkeyLen: r.zkey.length, power: r.ptau.power, ptauCopied: store[ptau].length };
      } catch (e) { return { ok: false, ms: performance.now() - t, stages, error: describeError(e) }; }
    },
    async prove(scheme, wasm, zkey, input) {
      const stages = [];
      const t = performance.now();
      try {
        const r = await client.prove({ scheme, wasm: store[wasm], zkey: store[zkey], input }, { onProgress: (p) => stages.push(p.stage) });
        return { ok: true, ms: performance.now() - t, stages, ...r };
      } catch (e) { return { ok: false, ms: performance.now() - t, stages, error: describeError(e) }; }
    },
    async verify(req) { return client.verify(req); },
    async solidity(zkey) { try { return { ok: true, src: await client.solidityVerifier(store[zkey]) }; } catch (e) { return { ok: false, error: describeError(e) }; } },
    async calldata(scheme, proof, pub) { return client.calldata(scheme, proof, pub); },
    /** start a setup and abort it after ms; resolves with how it ended and how long the abort took to land */
    async cancelSetup(scheme, r1cs, ptau, afterMs) {
      const ac = new AbortController();
      const stages = [];
      const p = client.setup({ scheme, r1cs: store[r1cs], ptau: store[ptau] }, { signal: ac.signal, onProgress: (x) => stages.push(x.stage) });
      await new Promise((r) => setTimeout(r, afterMs));
      const t = performance.now();
      ac.abort('user pressed stop');
      try { await p; return { ok: true, stages }; } catch (e) { return { ok: false, rejectMs: performance.now() - t, stages, error: describeError(e), state: client.state }; }
    },
    /** a job queued behind a running one, cancelled while waiting: the running one is unaffected */
    async cancelQueued(scheme, wasm, zkey, input) {
      const ac = new AbortController();
      const first = client.prove({ scheme, wasm: store[wasm], zkey: store[zkey], input });
      const second = client.prove({ scheme, wasm: store[wasm], zkey: store[zkey], input }, { signal: ac.signal });
      const queued = client.state.queued;
      ac.abort();
      const [a, b] = await Promise.allSettled([first, second]);
      return { queued, first: a.status, second: b.status, secondError: b.status === 'rejected' ? describeError(b.reason) : null };
    },
    started() { return client.workersStarted; },
    state() { return client.state; },
  };
  window.ready = true;
`;

const call = pageCall('snark');

interface ErrorInfo { name: string; message: string; details: Record<string, unknown> | null; zkml: boolean; cancelled: boolean; worker: boolean; ptau: boolean; typed: boolean }

describe.skipIf(!hasChromium)('snark worker in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;
  const files = new Map<string, Uint8Array>();
  const timings: Record<string, number | string> = {};
  let small: { r1cs: Uint8Array; wasm: Uint8Array; zkey: Uint8Array; vkey: unknown };

  beforeAll(async () => {
    const compile = async (n: number, m: number) => {
      const main = bench(n, m);
      return compileCircom({ main, files: await libraryFiles(main), wasmBytes: circomWasmBytes() });
    };
    const [s, b] = await Promise.all([compile(...SMALL), compile(...BIG)]);
    for (const p of [8, 11, 12]) files.set(`pot${p}.ptau`, new Uint8Array(readFileSync(join(PTAU_DIR, `pot${p}_dev.ptau`))));
    const keys = await setup({ scheme: 'groth16', r1cs: s.r1cs, ptau: files.get('pot11.ptau')!, entropy: 'node' });
    small = { r1cs: s.r1cs, wasm: s.wasm, zkey: keys.zkey, vkey: keys.vkey };
    files.set('small.r1cs', s.r1cs).set('small.wasm', s.wasm).set('small.zkey', keys.zkey).set('big.r1cs', b.r1cs);

    testPage = await buildTestPage('zkml-snark-page-', pageMain);
    browser = await launch();
    page = await openTestPage(browser, testPage, { files });
    await call(page, 'load', [...files.keys()]);
  });

  afterAll(async () => {
    console.info('[snark-worker] timings:', JSON.stringify(timings));
    await browser?.close();
    await testPage?.close();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('runs snarkjs with its own threads inside the module worker', async () => {
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const w = await call<{ threads: number; ms: number }>(page, 'warmup');
    timings.cores = cores;
    timings.warmupMs = w.ms;
    expect(w.threads).toBe(Math.min(cores, 64));
    // the snark worker plus its nested curve threads are running
    expect(page.workers().length).toBeGreaterThanOrEqual(1 + (cores > 1 ? cores : 0));
  });

  it('proves in the worker what Node proves, verifies, exports the same Solidity and calldata', async () => {
    const input = benchInput(...SMALL);
    const node0 = performance.now();
    const nodeProof = await prove({ scheme: 'groth16', wasm: small.wasm, zkey: small.zkey, input });
    const nodeCold = performance.now() - node0;
    const node1 = performance.now();
    await prove({ scheme: 'groth16', wasm: small.wasm, zkey: small.zkey, input });
    timings.nodeProveMs = Math.round(performance.now() - node1);
    timings.nodeProveColdMs = Math.round(nodeCold);

    type P = { ok: boolean; ms: number; stages: string[]; proof: unknown; publicSignals: string[]; timings: { witnessMs: number; proveMs: number }; error?: ErrorInfo };
    const first = await call<P>(page, 'prove', 'groth16', 'small.wasm', 'small.zkey', input);
    expect(first.error).toBeUndefined();
    const runs: P[] = [];
    for (let i = 0; i < 3; i++) runs.push(await call<P>(page, 'prove', 'groth16', 'small.wasm', 'small.zkey', input));
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    timings.workerProveFirstMs = Math.round(first.ms);
    timings.workerProveMs = Math.round(best.ms);
    timings.workerWitnessMs = best.timings.witnessMs;
    timings.workerProofMs = best.timings.proveMs;
    // in order; Groth16 reports 'prove' again on each whole percent (snarkjs's FFT and MSM log)
    expect(first.stages.filter((x, i, a) => x !== a[i - 1])).toEqual(['witness', 'prove', 'done']);
    expect(first.publicSignals).toEqual(nodeProof.publicSignals);

    // the worker's proof verifies in Node, Node's proof in the worker; a wrong signal does not
    expect(await verify({ scheme: 'groth16', vkey: small.vkey, proof: first.proof, publicSignals: first.publicSignals })).toBe(true);
    const v = await call<{ valid: boolean; reason?: string }>(page, 'verify', { scheme: 'groth16', vkey: small.vkey, proof: nodeProof.proof, publicSignals: nodeProof.publicSignals });
    expect(v.valid).toBe(true);
    const bad = await call<{ valid: boolean; reason?: string }>(page, 'verify', { scheme: 'groth16', vkey: small.vkey, proof: nodeProof.proof, publicSignals: ['1'] });
    expect(bad.valid).toBe(false);
    expect(bad.reason).toBeTruthy();

    const sol = await call<{ ok: boolean; src: string; error?: ErrorInfo }>(page, 'solidity', 'small.zkey');
    expect(sol.error).toBeUndefined();
    expect(sol.src).toBe(await solidityVerifier(small.zkey));
    expect(await call<string>(page, 'calldata', 'groth16', nodeProof.proof, nodeProof.publicSignals))
      .toBe(await solidityCalldata('groth16', nodeProof.proof, nodeProof.publicSignals));
  });

  it('sets up in the worker (keys verify against Node proofs), with progress; request buffers stay usable', async () => {
    type S = { ok: boolean; ms: number; stages: string[]; vkey: { nPublic: number }; zkeyLen: number; power: number; ptauCopied: number; error?: ErrorInfo };
    const s = await call<S>(page, 'setup', 'groth16', 'small.r1cs', 'pot11.ptau', 'browser.zkey');
    expect(s.error).toBeUndefined();
    timings.workerSetupMs = Math.round(s.ms);
    expect(s.stages).toEqual(expect.arrayContaining(['check', 'zkey', 'contribute', 'vkey', 'done']));
    expect(s.vkey.nPublic).toBe(1);
    expect(s.power).toBe(11);
    expect(s.ptauCopied).toBe(files.get('pot11.ptau')!.length); // copied, not transferred
    const input = benchInput(...SMALL);
    const p = await call<{ proof: unknown; publicSignals: string[] }>(page, 'prove', 'groth16', 'small.wasm', 'browser.zkey', input);
    expect(await verify({ scheme: 'groth16', vkey: s.vkey, proof: p.proof, publicSignals: p.publicSignals })).toBe(true);
  });

  it('errors arrive typed, with details', async () => {
    const tooSmall = await call<{ ok: boolean; error: ErrorInfo }>(page, 'setup', 'groth16', 'small.r1cs', 'pot8.ptau', 'x.zkey');
    expect(tooSmall.ok).toBe(false);
    expect(tooSmall.error).toMatchObject({ name: 'PtauError', zkml: true, ptau: true, details: { needed: 11, have: 8 } });

    const refused = await call<{ ok: boolean; error: ErrorInfo }>(page, 'prove', 'groth16', 'small.wasm', 'small.zkey', { in: [1] });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ name: 'ProveError', zkml: true });
    expect(refused.error.message).toMatch(/witness computation failed/);
    expect(refused.error.typed).toBe(true); // instanceof ProveError

    const notZkey = await call<{ ok: boolean; error: ErrorInfo }>(page, 'solidity', 'small.r1cs');
    expect(notZkey.error).toMatchObject({ name: 'ExportError', zkml: true, typed: true });
  });

  it('cancel stops the running job for real, and the client keeps working', async () => {
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const startedBefore = await call<number>(page, 'started');
    const workersBefore = page.workers().length;
    type C = { ok: boolean; rejectMs: number; stages: string[]; error: ErrorInfo; state: { running: string | null; alive: boolean } };
    const c = await call<C>(page, 'cancelSetup', 'groth16', 'big.r1cs', 'pot12.ptau', 400);
    expect(c.ok).toBe(false);
    expect(c.error).toMatchObject({ name: 'CancelledError', cancelled: true, zkml: true });
    expect(c.error.message).toContain('user pressed stop');
    expect(c.stages).toContain('zkey'); // it was working when cancelled
    expect(c.rejectMs).toBeLessThan(100);
    expect(c.state).toMatchObject({ running: null, alive: false });
    timings.cancelRejectMs = Math.round(c.rejectMs);
    // the worker and its nested snarkjs threads are gone
    await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(0);
    timings.workersBeforeCancel = workersBefore;

    // usable again: a fresh worker proves
    const input = benchInput(...SMALL);
    const p = await call<{ ok: boolean; publicSignals: string[]; error?: ErrorInfo }>(page, 'prove', 'groth16', 'small.wasm', 'small.zkey', input);
    expect(p.error).toBeUndefined();
    expect(await call<number>(page, 'started')).toBe(startedBefore + 1);
    expect(page.workers().length).toBeGreaterThanOrEqual(1 + (cores > 1 ? cores : 0));

    // a queued job cancelled while waiting: dropped, the running one finishes, no restart
    const q = await call<{ queued: number; first: string; second: string; secondError: ErrorInfo }>(page, 'cancelQueued', 'groth16', 'small.wasm', 'small.zkey', input);
    expect(q).toMatchObject({ queued: 1, first: 'fulfilled', second: 'rejected', secondError: { name: 'CancelledError' } });
    expect(await call<number>(page, 'started')).toBe(startedBefore + 1);
  });
});
