/**
 * The batch-proving pool in Chromium (src/app/pool/*): the tiny model's accuracy circuit with 3
 * batches of 2 samples, proved by `proveBatchesInWorkers` (the app's path) on resident-key workers
 * (workers/batch-prove.worker.ts) sized by `poolSize`: each worker gets the wasm and zkey once (here as
 * Blobs) for all its batches and ends with the pool. Every finished proof is kept in IndexedDB
 * (`IdbBatchProofStore`). The page is reloaded while the third batch
 * is still to be proved; the next run resumes: the two stored proofs are checked (signals + verify)
 * and not proved again, only the third is. A stored proof with a changed count is refused and proved
 * again. Every proof verifies in Node against the circuit's verification key.
 *
 * Circuit, keys and batch inputs come from Node (compiled and set up here, served to the page
 * through playwright's request routing), as in snark-worker.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';
import { compileSource, ROOT } from '../../src/circuits/test/harness.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { infer } from '../../src/core/witness/run.js';
import { byteToFixed } from '../../src/core/witness/byte-to-fixed.js';
import { generateAccuracyCircuit } from '../../src/core/codegen/accuracy.js';
import { commitTestSet, accuracyWitness } from '../../src/core/testset/index.js';
import { tinyModelFiles } from '../helpers/tiny-model.js';

const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const BOUNTY = 7;
const B = 2;
const K = 3;

const pageMain = (rel: (p: string) => string) => `
  import { poolSize, circuitId } from ${rel('src/app/pool/batch-pool.ts')};
  import { proveBatchesInWorkers } from ${rel('src/app/pool/resident-pool.ts')};
  import { IdbBatchProofStore } from ${rel('src/app/pool/proof-store.ts')};
  import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
  const blob = async (name) => await (await fetch('/fixtures/' + name)).blob();
  const state = { log: [], result: null, error: null, running: false, workers: [] };
  const verifier = new SnarkClient();
  let store;
  const keyOf = async (vkey) => ({ bountyId: '${BOUNTY}', circuit: await circuitId(vkey) });
  window.pool = {
    size() { return poolSize({ hardwareConcurrency: navigator.hardwareConcurrency, deviceMemory: navigator.deviceMemory, batches: ${K} }); },
    /** starts proving in the background; batches >= hold wait for their input forever (a slow witness) */
    async start(jobs, vkey, hold) {
      store ??= await IdbBatchProofStore.open();
      const keys = { wasm: await blob('circuit.wasm'), zkey: await blob('circuit.zkey') };
      const size = window.pool.size();
      let clients = [];
      state.running = true; state.log = []; state.result = null; state.error = null; state.workers = [];
      proveBatchesInWorkers({
        key: await keyOf(vkey), batches: jobs.length, store, keys, workers: size.workers, onClients: (c) => { clients = c; },
        job: (k) => (hold !== undefined && k >= hold ? new Promise(() => {}) : jobs[k]),
        verify: async (p) => (await verifier.verify({ scheme: 'groth16', vkey, ...p })).valid,
        onProgress: (p) => { state.log.push(p); state.workers = clients.map((c) => ({ loads: c.loads, alive: c.state.alive })); },
      }).then((r) => { state.result = { proved: r.proved, resumed: r.resumed, proofs: r.proofs.map((x) => ({ proof: x.proof, publicSignals: x.publicSignals, batch: x.batch })) }; },
               (e) => { state.error = { name: e.name, message: e.message, details: e.details }; })
        .finally(() => { state.running = false; state.ended = clients.map((c) => ({ loads: c.loads, alive: c.state.alive })); });
      return size;
    },
    status() { return { running: state.running, result: state.result, error: state.error, workers: state.workers, ended: state.ended ?? null, last: state.log.at(-1) ?? null, etas: state.log.filter((p) => p.etaMs !== undefined).length,
      states: [...new Set(state.log.flatMap((p) => p.batches.map((b) => b.batch + ':' + b.state)))], discarded: state.log.at(-1)?.batches.map((b) => b.discarded ?? null) ?? [] }; },
    /** proves under another bounty id and cancels when the first batch is stored: how it ends, what is kept, the workers */
    async cancelAfterFirst(jobs, vkey) {
      store ??= await IdbBatchProofStore.open();
      const keys = { wasm: await blob('circuit.wasm'), zkey: await blob('circuit.zkey') };
      const ac = new AbortController();
      const key = { bountyId: '8', circuit: await circuitId(vkey) };
      let client;
      try {
        await proveBatchesInWorkers({ key, batches: jobs.length, store, job: (k) => jobs[k], keys, workers: 1, signal: ac.signal, onClients: (c) => { client = c[0]; },
          onProgress: (p) => { if (p.done === 1 && !ac.signal.aborted) { ac.abort('user pressed stop'); } } });
        return { ok: true };
      } catch (e) {
        return { ok: false, name: e.name, reason: e.details?.reason, stored: (await store.list(key)).map((r) => r.batch), state: client.state, started: client.workersStarted, loads: client.loads };
      }
    },
    async stored(vkey) { store ??= await IdbBatchProofStore.open(); return (await store.list(await keyOf(vkey))).map((r) => r.batch); },
    async tamper(vkey, k) {
      store ??= await IdbBatchProofStore.open();
      const key = await keyOf(vkey);
      const r = await store.get(key, k);
      r.publicSignals = [String(BigInt(r.publicSignals[0]) + 1n), ...r.publicSignals.slice(1)];
      await store.put(r);
    },
  };
  window.ready = true;
`;

interface Status {
  running: boolean;
  result: { proved: number[]; resumed: number[]; proofs: { proof: snarkjs.Groth16Proof; publicSignals: string[]; batch: number }[] } | null;
  error: { name: string; message: string } | null;
  last: { done: number; total: number; fraction: number; etaMs?: number; batches: { batch: number; state: string }[] } | null;
  etas: number;
  states: string[];
  workers: { loads: number; alive: boolean }[];
  ended: { loads: number; alive: boolean }[] | null;
  discarded: (string | null)[];
}
const call = pageCall('pool');
const jsonable = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : Array.isArray(v) ? v.map(jsonable) : v);

describe.skipIf(!hasChromium)('batch-proving pool in Chromium: resume after a reload', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;
  const files = new Map<string, Uint8Array>();
  let vkey: unknown;
  let jobs: { input: Record<string, unknown>; publicSignals: string[] }[];

  beforeAll(async () => {
    const t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    const acc = generateAccuracyCircuit(t.q, t.plan, { batch: B, batches: K, name: 'tiny-pool' });
    let s = 5;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
    const samples = Array.from({ length: B * K }, () => Uint8Array.from({ length: 9 }, next));
    const pred = samples.map((x) => Number(infer(t.q, Array.from(x, (v) => byteToFixed(v, t.q.inputScale))).output[0]));
    const labels = pred.map((p, i) => (i % 3 === 1 ? (p + 1) % 3 : p));
    const ts = commitTestSet(samples, labels, B, { classes: 3 });
    const c = await compileSource(acc.source, 'AccuracyPoolTiny');
    const power = Math.max(8, Math.ceil(Math.log2(c.nConstraints + 7)));
    const zkey: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.zKey.newZKey(join(c.dir, 'circuit.r1cs'), join(ROOT, 'circuits-prebuilt/dev-ptau', `pot${power}_dev.ptau`), zkey);
    vkey = await snarkjs.zKey.exportVerificationKey(zkey.data!);
    files.set('circuit.zkey', zkey.data!);
    files.set('circuit.wasm', readFileSync(join(c.dir, 'circuit_js', 'circuit.wasm')));
    jobs = Array.from({ length: K }, (_, k) => {
      const w = accuracyWitness(t.q, acc, ts, k, { beneficiary: BENEFICIARY, bountyId: BOUNTY });
      return { input: jsonable(Object.fromEntries(Object.entries(w.input))) as Record<string, unknown>, publicSignals: w.publicSignals.map(String) };
    });
    testPage = await buildTestPage('zkml-pool-page-', pageMain);
    browser = await launch();
    page = await openTestPage(browser, testPage, { files });
  });
  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  const waitFor = async (f: (s: Status) => boolean): Promise<Status> => {
    for (;;) {
      const s = await call<Status>(page, 'status');
      if (f(s)) return s;
      if (s.error) throw new Error(`${s.error.name}: ${s.error.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('proves two batches, survives a reload, resumes with only the third, all proofs verify', async () => {
    const size = await call<{ workers: number; threadsPerWorker: number; why: string }>(page, 'start', jobs, vkey, 2);
    console.log('pool size:', size);
    expect(size.workers).toBeGreaterThanOrEqual(1);
    // 2 workers from 2 cores up to 11 (poolSize: the second fills the first's single-threaded stages)
    if (size.threadsPerWorker >= 2 && size.threadsPerWorker <= 11) expect(size.workers).toBe(2);
    // batches 0 and 1 proved and stored, batch 2 waiting for its input: reload now
    await waitFor((s) => (s.last?.done ?? 0) >= 2);
    expect(await call<number[]>(page, 'stored', vkey)).toEqual([0, 1]);
    const before = await call<Status>(page, 'status');
    expect(before.running).toBe(true);
    expect(before.etas).toBeGreaterThan(0); // time left known once a batch was proved
    expect(before.states).toEqual(expect.arrayContaining(['0:done', '1:done', '2:witness']));
    // the keys went to each worker once for both batches (not once per batch), and the worker is still up
    expect(before.workers.length).toBe(size.workers);
    expect(before.workers.reduce((a, w) => a + w.loads, 0)).toBe(size.workers);
    expect(before.workers.every((w) => w.alive)).toBe(true);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    expect(await call<number[]>(page, 'stored', vkey)).toEqual([0, 1]);

    await call(page, 'start', jobs, vkey);
    const s = await waitFor((x) => !x.running && (x.result !== null || x.error !== null));
    expect(s.error).toBeNull();
    expect(s.result!.resumed).toEqual([0, 1]);
    expect(s.result!.proved).toEqual([2]);
    expect(s.states).toEqual(expect.arrayContaining(['0:resumed', '1:resumed', '2:done']));
    expect(s.last).toMatchObject({ done: 3, total: 3, fraction: 1 });
    expect(await call<number[]>(page, 'stored', vkey)).toEqual([0, 1, 2]);
    // the pool's workers ended with it; the one that proved batch 2 had loaded the keys once
    expect(s.ended!.every((w) => !w.alive)).toBe(true);
    expect(s.ended!.reduce((a, w) => a + w.loads, 0)).toBe(1);
    for (const [k, p] of s.result!.proofs.entries()) {
      expect(p.batch).toBe(k);
      expect(p.publicSignals).toEqual(jobs[k]!.publicSignals);
      expect(await snarkjs.groth16.verify(vkey as snarkjs.VerificationKey, p.publicSignals, p.proof)).toBe(true);
    }
  });

  it('a stored proof whose count was changed is refused and proved again', async () => {
    await call(page, 'tamper', vkey, 1);
    await call(page, 'start', jobs, vkey);
    const s = await waitFor((x) => !x.running && (x.result !== null || x.error !== null));
    expect(s.error).toBeNull();
    expect(s.result!.resumed).toEqual([0, 2]);
    expect(s.result!.proved).toEqual([1]);
    expect(s.discarded[1]).toMatch(/public signal 0/);
    const p = s.result!.proofs[1]!;
    expect(await snarkjs.groth16.verify(vkey as snarkjs.VerificationKey, p.publicSignals, p.proof)).toBe(true);
  });

  it('cancel: the call rejects with BatchPoolError(cancelled), the finished batch is kept, no worker is left running', async () => {
    const r = await call<{ ok: boolean; name: string; reason: string; stored: number[]; loads: number; state: { running: string | null; alive: boolean } }>(page, 'cancelAfterFirst', jobs, vkey);
    expect(r).toMatchObject({ ok: false, name: 'BatchPoolError', reason: 'cancelled', stored: [0], loads: 1 });
    expect(r.state.running).toBeNull();
    expect(r.state.alive).toBe(false);
  });
});
