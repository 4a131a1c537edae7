/**
 * The DEVELOPMENT Groth16 setup (src/zk/dev-setup.ts) in a real browser.
 *
 * 1. In the studio (the built app): a model → compile → "Development setup (not for value)" → prove →
 *    verified; the keys are labelled not for value on screen and in the project store (IndexedDB); the
 *    page stays responsive while a setup runs (a click toggles the compiler log, the elapsed counter
 *    moves), and Cancel stops the setup (no keys, no error, the app usable: the next setup succeeds).
 * 2. The snark worker's `devSetup` op, driven through SnarkClient in Chromium, with no ptau file at all:
 *    the key is byte-identical to the one Node computes (and so to snarkjs newZKey on the dev ptau +
 *    zkey beacon with the public development beacon; δ ≠ γ), it
 *    proves and verifies in the worker and in Node, a malformed r1cs comes back as a typed
 *    DevSetupError, and the client stays usable. Prints the worker's setup time.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, SCREENSHOTS, type TestPage } from './browser.js';
import { openStudio, writeTinyModel, proveTinyModel, type Studio } from './studio-helpers.js';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../src/zk/circom-node.js';
import { devSetup } from '../../src/zk/setup.js';
import { verify } from '../../src/zk/verify.js';
import type { ProofInput } from '../../src/zk/prove.js';

/** Dense(N, M) summed (N·M constraints), with the input public: a key with many IC points. */
const circuit = (n: number, m: number) => `pragma circom 2.2.3;
include "dense.circom";
template Bench(N, M) {
  signal input in[N]; signal input w[N][M]; signal input b[M];
  signal output out;
  component d = Dense(N, M); d.in <== in; d.weights <== w; d.bias <== b;
  var acc = 0; for (var j = 0; j < M; j++) acc += d.out[j];
  out <== acc;
}
component main {public [in]} = Bench(${n}, ${m});
`;
const N = 24;
const M = 20; // 480 constraints + 25 public signals → 2^9
const input: ProofInput = {
  in: Array.from({ length: N }, (_, i) => i % 7),
  w: Array.from({ length: N }, (_, i) => Array.from({ length: M }, (_, j) => (i * j) % 5)),
  b: Array.from({ length: M }, (_, j) => j),
};

const pageMain = (rel: (p: string) => string) => `
  import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
  import { ZkmlError } from ${rel('src/core/errors.ts')};
  const bytes = async (name) => new Uint8Array(await (await fetch('/fixtures/' + name)).arrayBuffer());
  const client = new SnarkClient();
  const store = {};
  window.snark = {
    async load(names) { for (const n of names) store[n] = await bytes(n); return names.length; },
    async devSetup(r1cs) {
      const stages = [];
      const t = performance.now();
      try {
        const r = await client.devSetup({ r1cs: store[r1cs] }, { onProgress: (p) => stages.push(p.stage) });
        store.zkey = r.zkey;
        return { ok: true, ms: performance.now() - t, workerMs: r.ms, stages, vkey: r.vkey, zkey: Array.from(r.zkey), power: r.power, label: r.label, development: r.development };
      } catch (e) {
        return { ok: false, error: { name: e?.name, message: String(e?.message ?? e), details: e?.details ?? null, zkml: e instanceof ZkmlError } };
      }
    },
    async prove(wasm, input) {
      const r = await client.prove({ scheme: 'groth16', wasm: store[wasm], zkey: store.zkey, input });
      return { proof: r.proof, publicSignals: r.publicSignals };
    },
    async verify(req) { return client.verify(req); },
  };
  window.ready = true;
`;

const call = pageCall('snark');

interface DevSetupOut {
  ok: boolean; ms: number; workerMs: number; stages: string[]; vkey: unknown; zkey: number[]; power: number; label: string; development: boolean;
  error?: { name: string; message: string; details: Record<string, unknown> | null; zkml: boolean };
}

describe.skipIf(!hasChromium)('development Groth16 setup in the snark worker (Chromium)', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;
  const files = new Map<string, Uint8Array>();
  let node: { zkey: Uint8Array; vkey: unknown; power: number };

  beforeAll(async () => {
    const main = circuit(N, M);
    const c = await compileCircom({ main, files: await libraryFiles(main), wasmBytes: circomWasmBytes() });
    files.set('c.r1cs', c.r1cs).set('c.wasm', c.wasm).set('bad.r1cs', c.r1cs.slice(0, c.r1cs.length - 100));
    node = await devSetup({ r1cs: c.r1cs });

    testPage = await buildTestPage('zkml-dev-setup-page-', pageMain);
    browser = await launch();
    page = await openTestPage(browser, testPage, { files });
    await call(page, 'load', [...files.keys()]);
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('makes, with no ptau, the key Node makes; it proves and verifies in the worker and in Node', async () => {
    const r = await call<DevSetupOut>(page, 'devSetup', 'c.r1cs');
    expect(r.error).toBeUndefined();
    console.info(`[dev-setup] 2^${r.power} in the worker: ${Math.round(r.workerMs)} ms (page round trip ${Math.round(r.ms)} ms)`);
    expect(r.power).toBe(node.power);
    expect(r.development).toBe(true);
    expect(r.label).toMatch(/public beacon — not for value/);
    expect(r.stages).toEqual(expect.arrayContaining(['check', 'zkey', 'vkey', 'done']));
    expect(r.zkey.length).toBe(node.zkey.length);
    expect(Buffer.from(r.zkey).equals(Buffer.from(node.zkey))).toBe(true);
    expect(r.vkey).toEqual(node.vkey);
    // the public beacon contribution: δ ≠ γ, so the on-chain registry accepts the key
    expect((r.vkey as { vk_delta_2: unknown }).vk_delta_2).not.toEqual((r.vkey as { vk_gamma_2: unknown }).vk_gamma_2);

    const p = await call<{ proof: unknown; publicSignals: string[] }>(page, 'prove', 'c.wasm', input);
    expect(p.publicSignals).toHaveLength(1 + N);
    expect(await verify({ scheme: 'groth16', vkey: node.vkey, proof: p.proof, publicSignals: p.publicSignals })).toBe(true);
    const v = await call<{ valid: boolean }>(page, 'verify', { scheme: 'groth16', vkey: r.vkey, proof: p.proof, publicSignals: p.publicSignals });
    expect(v.valid).toBe(true);
    const forged = [...p.publicSignals];
    forged[3] = String(BigInt(forged[3]!) + 1n);
    expect((await call<{ valid: boolean }>(page, 'verify', { scheme: 'groth16', vkey: r.vkey, proof: p.proof, publicSignals: forged })).valid).toBe(false);
  });

  it('answers a malformed r1cs with a typed DevSetupError and stays usable', async () => {
    const r = await call<DevSetupOut>(page, 'devSetup', 'bad.r1cs');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'DevSetupError', zkml: true });
    expect(r.error!.message).toMatch(/not a usable r1cs/);
    expect(r.error!.details).toMatchObject({ reason: 'r1cs' });
    const again = await call<DevSetupOut>(page, 'devSetup', 'c.r1cs');
    expect(again.ok).toBe(true);
  });
});

/** The projects the studio stored (IndexedDB `zkml-projects`, store `projects`), read in the page. */
const storedProjects = (page: Page) => page.evaluate(async () => {
  const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open('zkml-projects'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  try {
    return await new Promise<Array<{ name: string; scheme?: string; ptauPower?: number; extra?: { setup?: { development?: boolean; ptauLabel?: string } } }>>((res, rej) => {
      const q = db.transaction('projects').objectStore('projects').getAll();
      q.onsuccess = () => res(q.result);
      q.onerror = () => rej(q.error);
    });
  } finally {
    db.close();
  }
});

describe.skipIf(!hasChromium)('development Groth16 setup in the studio (Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let tmp: string;
  const errors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zkml-dev-setup-studio-'));
    studio = await openStudio({ errors });
    page = studio.page;
  });
  afterAll(async () => {
    await studio?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('model → compile → development setup → prove → verified; the keys say not for value on screen and in the store', async () => {
    await proveTinyModel(page, writeTinyModel(join(tmp, 'tiny')));
    expect(await page.getByTestId('proof-verified').textContent()).toMatch(/Proof verified/);
    const result = page.getByTestId('setup-result');
    expect(await result.textContent()).toMatch(/development setup — not for value/);
    expect(await result.textContent()).toMatch(/computed from the public dev-ptau secret, as pot\d+_dev\.ptau \(development\)/);
    expect(await page.getByTestId('dev-label').textContent()).toMatch(/development setup with a public beacon — not for value/);
    // no ptau file was fetched for these keys: the offer names the development secret
    expect(await page.getByTestId('dev-setup').textContent()).toMatch(/no ptau file needed/);
    await page.getByTestId('step-setup').screenshot({ path: join(SCREENSHOTS, 'dev-setup-01-studio-setup.png') });

    await expect.poll(async () => (await storedProjects(page)).find((p) => p.extra?.setup)?.extra?.setup, { timeout: 30_000 })
      .toMatchObject({ development: true, ptauLabel: expect.stringMatching(/public dev-ptau secret.*\(development\)/) });
    const stored = (await storedProjects(page)).find((p) => p.extra?.setup)!;
    expect(stored.scheme).toBe('groth16');
    expect(errors).toEqual([]);
  });

  it('the page stays responsive while a development setup runs, and Cancel stops it; the next one succeeds', async () => {
    // the bundled MLP sample (2^15 with the default hashed input): a setup long enough to interact with
    await page.getByTestId('sample-mlp').click();
    await page.waitForFunction(() => /mlp/.test(document.querySelector('[data-testid=model-summary]')?.textContent ?? ''), null, { timeout: 60_000 });
    // beyond the bundled ptau files: the model step already says Groth16 development keys need none
    expect(await page.getByTestId('ptau-hint').textContent()).toMatch(/Groth16 development keys \(not for value\)\s+need no file/);
    await page.getByTestId('step-model').screenshot({ path: join(SCREENSHOTS, 'dev-setup-00-model-hint.png') });
    await page.getByTestId('compile').click();
    await page.getByTestId('real-constraints').waitFor({ timeout: 600_000 });
    // the count shows as soon as the compile is done; the step stays busy while it stores the r1cs and wasm in
    // IndexedDB, and its log closes when it is no longer busy: wait for that, or the toggle below races it
    await page.getByTestId('step-circuit').getByTestId('busy').waitFor({ state: 'detached', timeout: 120_000 });
    expect(await page.getByTestId('setup-result').count()).toBe(0);

    const setup = page.getByTestId('step-setup');
    await setup.getByTestId('setup-dev').click();
    const busy = setup.getByTestId('busy');
    await busy.waitFor();
    // while the worker computes: the elapsed counter moves and a click is handled at once
    const elapsed0 = await busy.getByTestId('elapsed').textContent();
    const log = page.locator('[data-testid=step-circuit] details.log');
    const open0 = await log.evaluate((d) => (d as HTMLDetailsElement).open);
    await log.locator('summary').click();
    expect(await log.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(!open0);
    await page.waitForFunction((e0) => {
      const e = document.querySelector('[data-testid=step-setup] [data-testid=busy] [data-testid=elapsed]');
      return !e || e.textContent !== e0;
    }, elapsed0, { timeout: 30_000 });
    expect(await setup.getByTestId('setup-result').count()).toBe(0); // still running
    await setup.screenshot({ path: join(SCREENSHOTS, 'dev-setup-02-running.png') });

    await busy.getByTestId('cancel').click();
    await busy.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await setup.getByTestId('setup-error').count()).toBe(0);
    expect(await setup.getByTestId('setup-result').count()).toBe(0);
    await expect(setup.getByTestId('setup-dev').isEnabled()).resolves.toBe(true);

    await setup.getByTestId('setup-dev').click();
    await setup.getByTestId('setup-result').waitFor({ timeout: 600_000 });
    expect(await setup.getByTestId('setup-result').textContent()).toMatch(/pot1\d_dev\.ptau \(development\)[\s\S]*development setup — not for value/);
    await setup.screenshot({ path: join(SCREENSHOTS, 'dev-setup-03-mlp-done.png') });
    expect(errors).toEqual([]);
  });
});
