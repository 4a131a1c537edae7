/**
 * createClients() in Chromium, on a tiny self-built page (see `buildTestPage`): the transpile → compile →
 * witness path through the compile and transpile clients, typed errors from each worker
 * (CircomCompileError with its location, ModelFormatError, InputShapeError), cancelling a running
 * compile (worker terminated, the next compile works), cancelAll over several clients, and the state
 * the clients report.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../src/zk/circom-node.js';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';

const MLP = join(process.cwd(), 'tests/fixtures/models/mlp');
const RESCALE = 'pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(32, 12);\n';
// big enough to still be compiling when it is cancelled
const SLOW = 'pragma circom 2.2.3;\ninclude "dense.circom";\ncomponent main = Dense(200, 200);\n';

const pageMain = (rel: (p: string) => string) => `
  import { createClients, CancelledError, WorkerError, SnarkClient } from ${rel('src/app/clients/index.ts')};
  import { CircomCompileError } from ${rel('src/zk/circom.ts')};
  import { ModelFormatError } from ${rel('src/core/keras/errors.ts')};
  import { ZkmlError } from ${rel('src/core/errors.ts')};
  const clients = createClients();
  const states = [];
  clients.compile.subscribe((s) => states.push({ ...s }));
  const TYPED = { CircomCompileError, ModelFormatError, CancelledError };
  const err = (e) => ({ name: e?.name, message: String(e?.message ?? e).slice(0, 300), details: e?.details ? JSON.parse(JSON.stringify(e.details)) : null,
    zkml: e instanceof ZkmlError, typed: TYPED[e?.name] !== undefined && e instanceof TYPED[e.name] });
  const attempt = async (f) => { const t = performance.now(); try { return { ok: true, ms: performance.now() - t, value: await f() }; } catch (e) { return { ok: false, ms: performance.now() - t, error: err(e) }; } };
  const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  window.t = {
    compile: (main) => attempt(async () => { const lines = []; const r = await clients.compile.compile({ main }, { split: true, onMessage: (l) => lines.push(l) }); const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join(''); return { r1cs: r.r1cs.length, wasm: r.wasm.length, lines: lines.length, r1csSha: await hex(r.r1cs), wasmSha: await hex(r.wasm) }; }),
    transpile: (files) => attempt(async () => {
      const fs = files.map((f) => ({ name: f.name, bytes: fromB64(f.b64) }));
      const r = await clients.transpile.transpile(fs, { inputRange: [0, 1], input: 'hashed' }, { transfer: true });
      return { source: r.source.length, publicSignals: r.publicSignals, ptauPower: r.ptauPower, transferred: fs.every((f) => f.bytes.byteLength === 0), quantization: r.quantization };
    }),
    witness: (q, input) => attempt(async () => { const w = await clients.transpile.witness(q, input); return { output: w.output, keys: Object.keys(w.input) }; }),
    cancelCompile: (main, afterMs) => attempt(async () => {
      const ac = new AbortController();
      const p = clients.compile.compile({ main }, { signal: ac.signal });
      await new Promise((r) => setTimeout(r, afterMs));
      const running = clients.compile.state.running;
      const t = performance.now();
      ac.abort();
      try { await p; return { finished: true, running }; } catch (e) { return { finished: false, running, rejectMs: performance.now() - t, error: err(e), state: clients.compile.state }; }
    }),
    cancelAll: (main) => attempt(async () => {
      const ps = [clients.compile.compile({ main }), clients.compile.compile({ main }), clients.snark.verify({ scheme: 'groth16', vkey: {}, proof: {}, publicSignals: [] })];
      await new Promise((r) => setTimeout(r, 50));
      clients.cancelAll('leaving the page');
      const rs = await Promise.allSettled(ps);
      return rs.map((r) => (r.status === 'rejected' ? err(r.reason).name : 'fulfilled'));
    }),
    brokenWorker: () => attempt(async () => {
      const c = new SnarkClient({ create: () => new Worker('/no-such-worker.js', { type: 'module' }) });
      const first = await c.warmup().then(() => null, (e) => ({ ...err(e), worker: e instanceof WorkerError }));
      const second = await c.warmup().then(() => null, (e) => err(e).name);
      return { first, second, started: c.workersStarted };
    }),
    started: () => clients.compile.workersStarted,
    states: () => states,
    workers: () => ({ compile: clients.compile.state, transpile: clients.transpile.state, snark: clients.snark.state }),
  };
  window.ready = true;
`;

type Outcome<V> = { ok: true; ms: number; value: V } | { ok: false; ms: number; error: { name: string; message: string; details: Record<string, unknown> | null; zkml: boolean; typed: boolean } };
const call = pageCall('t');
const ok = <V>(o: Outcome<V>): V => {
  if (!o.ok) throw new Error(`failed: ${o.error.name}: ${o.error.message}`);
  return o.value;
};
const b64 = (path: string) => readFileSync(path).toString('base64');

describe.skipIf(!hasChromium)('createClients in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-clients-page-', pageMain);
    browser = await launch();
    page = await openTestPage(browser, testPage);
  });
  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('transpiles (buffers transferred), compiles, computes a witness; errors are typed', async () => {
    const t = ok(await call<Outcome<{ source: number; publicSignals: string[]; ptauPower: number; transferred: boolean; quantization: string }>>(page, 'transpile', [
      { name: 'model.json', b64: b64(join(MLP, 'model.json')) }, { name: 'weights.bin', b64: b64(join(MLP, 'weights.bin')) },
    ]));
    expect(t.publicSignals).toEqual(['out', 'claim']); // a hashed input: both commitments folded (PROTOCOL §3a)
    expect(t.transferred).toBe(true);
    const image = Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => [0.5]));
    const w = ok(await call<Outcome<{ output: string[]; keys: string[] }>>(page, 'witness', t.quantization, image));
    expect(w.output).toHaveLength(1);
    expect(w.keys).toContain('in');
    const badInput = await call<Outcome<unknown>>(page, 'witness', t.quantization, [[1, 2]]);
    expect(badInput).toMatchObject({ ok: false, error: { name: 'InputShapeError', zkml: true } });
    const badModel = await call<Outcome<unknown>>(page, 'transpile', [{ name: 'model.json', b64: Buffer.from('{not json').toString('base64') }]);
    expect(badModel).toMatchObject({ ok: false, error: { name: 'ModelFormatError', zkml: true, typed: true } });

    const c = ok(await call<Outcome<{ r1cs: number; wasm: number; lines: number; r1csSha: string; wasmSha: string }>>(page, 'compile', RESCALE));
    expect(c.r1cs).toBeGreaterThan(0);
    expect(c.lines).toBeGreaterThan(0);
    // the client's three passes (circom --r1cs --sym, circom --wat, our assembler) give exactly what one
    // circom run with --r1cs --wasm gives in Node
    const node = await compileCircom({ main: RESCALE, files: await libraryFiles(RESCALE), wasmBytes: circomWasmBytes() });
    expect(c.r1csSha).toBe(createHash('sha256').update(node.r1cs).digest('hex'));
    expect(c.wasmSha).toBe(createHash('sha256').update(node.wasm).digest('hex'));
    const bad = await call<Outcome<unknown>>(page, 'compile', RESCALE.replace('Rescale(32, 12)', 'Rescale(32, 40)'));
    expect(bad).toMatchObject({ ok: false, error: { name: 'CircomCompileError', typed: true, details: { file: 'rescale.circom', line: 15 } } });
  });

  it('cancelling a running compile terminates its worker; the next compile works in a fresh one', async () => {
    const before = await call<number>(page, 'started');
    const r = ok(await call<Outcome<{ finished: boolean; running: string | null; rejectMs: number; error: { name: string; typed: boolean }; state: { alive: boolean; running: string | null } }>>(page, 'cancelCompile', SLOW, 300));
    expect(r.finished).toBe(false);
    expect(r.running).toBe('compile');
    expect(r.error).toMatchObject({ name: 'CancelledError', typed: true });
    expect(r.rejectMs).toBeLessThan(100);
    expect(r.state).toMatchObject({ alive: false, running: null });
    ok(await call(page, 'compile', RESCALE));
    expect(await call<number>(page, 'started')).toBe(before + 3); // a fresh worker for each of the compile's three passes
    const states = await call<{ running: string | null }[]>(page, 'states');
    expect(states.some((s) => s.running === 'compile')).toBe(true);
  });

  it('a worker that cannot load fails its job with a WorkerError, and the next job tries a new one', async () => {
    const r = ok(await call<Outcome<{ first: { name: string; worker: boolean }; second: string; started: number }>>(page, 'brokenWorker'));
    expect(r.first).toMatchObject({ name: 'WorkerError', worker: true });
    expect(r.second).toBe('WorkerError');
    expect(r.started).toBe(2);
  });

  it('cancelAll rejects every queued and running job of every client', async () => {
    const names = ok(await call<Outcome<string[]>>(page, 'cancelAll', SLOW));
    expect(names[0]).toBe('CancelledError');
    expect(names[1]).toBe('CancelledError');
    // the snark verify may have finished before the cancel (it is quick); either way nothing hangs
    expect(['CancelledError', 'fulfilled']).toContain(names[2]);
    ok(await call(page, 'compile', RESCALE));
  });
});
