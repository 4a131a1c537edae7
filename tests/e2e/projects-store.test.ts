/**
 * ProjectStore (src/app/store/projects.ts) in real Chromium IndexedDB, on a tiny self-built page (see
 * `buildTestPage`): a round trip of a few MB, partial updates, and the failure paths — a write over the
 * origin's quota (made small through CDP `Storage.overrideQuotaForOrigin`) must leave nothing half
 * written (a new project absent, an existing one intact), and a database deleted underneath the store
 * (CDP `Storage.clearDataForOrigin`, as an eviction does) must surface as a typed StorageError.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page, CDPSession } from 'playwright-core';
import { hasChromium, launch, buildTestPage, openTestPage, pageCall, type TestPage } from './browser.js';

const MB = 1024 * 1024;

const pageMain = (rel: (p: string) => string) => `
  import { openDB } from ${rel('node_modules/idb/build/index.js')};
  import { ProjectStore, StorageError } from ${rel('src/app/store/projects.ts')};
  import { ZkmlError } from ${rel('src/core/errors.ts')};
  let store;
  const evictions = [];
  /** deterministic pseudo-random bytes */
  const bytes = (n, seed) => { const b = new Uint8Array(n); let x = seed >>> 0 || 1; for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 255; } return b; };
  const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('').slice(0, 16);
  const err = (e) => ({ name: e?.name, message: String(e?.message ?? e), kind: e?.details?.kind, storage: e instanceof StorageError, zkml: e instanceof ZkmlError, details: e?.details ? JSON.parse(JSON.stringify(e.details)) : null });
  const project = (id, s, seed) => ({
    id, name: 'Project ' + id,
    model: { name: 'mnist', format: 'h5', inputShape: [28, 28, 1] }, scheme: 'groth16', ptauPower: 17,
    publicSignalNames: ['out', 'commitment'],
    extra: { note: 'hello', nested: { n: seed } },
    artifacts: {
      modelFiles: [{ name: 'model.h5', bytes: bytes(s.model ?? 62520, seed + 1) }],
      circuitSource: 'pragma circom 2.2.3;\\n// ' + 'x'.repeat(1000),
      quantization: JSON.stringify({ seed }),
      r1cs: bytes(s.r1cs, seed + 2),
      wasm: bytes(s.wasm, seed + 3),
      zkey: bytes(s.zkey, seed + 4).subarray(0, s.zkey), // a view over exactly its bytes
      vkey: { protocol: 'groth16', curve: 'bn128', nPublic: 2, IC: [['1', '2', '1']] },
      proofs: [{ id: 'p1', createdAt: new Date(0).toISOString(), scheme: 'groth16', proof: { pi_a: ['1', '2', '1'] }, publicSignals: ['7', '9'], outputClass: 7 }],
    },
  });
  const digest = async (p) => p && ({
    id: p.id, name: p.name, extra: p.extra, sizes: p.sizes, totalBytes: p.totalBytes, createdAt: p.createdAt, updatedAt: p.updatedAt,
    model: await hex(p.artifacts.modelFiles?.[0]?.bytes ?? new Uint8Array()),
    r1cs: p.artifacts.r1cs && await hex(p.artifacts.r1cs), wasm: p.artifacts.wasm && await hex(p.artifacts.wasm), zkey: p.artifacts.zkey && await hex(p.artifacts.zkey),
    zkeyLen: p.artifacts.zkey?.length, source: p.artifacts.circuitSource?.length, vkey: p.artifacts.vkey, proofs: p.artifacts.proofs?.length,
    names: Object.keys(p.artifacts).sort(),
  });
  const attempt = async (f) => { try { return { ok: true, value: await f() }; } catch (e) { return { ok: false, error: err(e) }; } };
  window.t = {
    async open(dbName) { await store?.close(); evictions.length = 0; store = await ProjectStore.open({ dbName, onEvicted: (e) => evictions.push(err(e)) }); return true; },
    expected: async (id, s, seed) => { const d = await digest({ ...project(id, s, seed) }); for (const k of ['sizes', 'totalBytes', 'createdAt', 'updatedAt']) delete d[k]; return d; },
    put: (id, s, seed) => attempt(async () => store.put(project(id, s, seed))),
    get: (id) => attempt(async () => digest(await store.get(id))),
    zkeyOnly: (id) => attempt(async () => (await store.getArtifact(id, 'zkey'))?.length),
    list: () => attempt(async () => (await store.list()).map((p) => ({ id: p.id, totalBytes: p.totalBytes }))),
    del: (id) => attempt(() => store.delete(id)),
    addProof: (id) => attempt(async () => {
      const proofs = (await store.getArtifact(id, 'proofs')) ?? [];
      return store.patch(id, { meta: { name: 'renamed' }, artifacts: { proofs: [...proofs, { ...proofs[0], id: 'p' + (proofs.length + 1) }], solidity: 'contract X {}', wasm: null } });
    }),
    patchMissing: () => attempt(() => store.patch('nope', { meta: { name: 'x' } })),
    putBad: () => attempt(() => store.put({ id: 'bad', name: 'bad', artifacts: { vkey: { f: () => 1 } } })),
    async rawArtifacts(dbName, id) {
      const db = await openDB(dbName);
      const n = await db.countFromIndex('artifacts', 'projectId', id);
      const p = await db.get('projects', id);
      db.close();
      return { artifacts: n, project: p !== undefined };
    },
    estimate: () => store.estimate(),
    persisted: async () => ({ persisted: await store.persisted(), requested: await store.requestPersistence() }),
    evictions: () => evictions,
  };
  window.ready = true;
`;

interface ErrorInfo { name: string; message: string; kind: string; storage: boolean; zkml: boolean; details: Record<string, unknown> | null }
type Attempt<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
type T = Record<string, (...a: unknown[]) => Promise<unknown>>;
const call = pageCall('t');
const ok = <V>(a: Attempt<V>): V => {
  if (!a.ok) throw new Error(`failed: ${a.error.name}: ${a.error.message}`);
  return a.value;
};

describe.skipIf(!hasChromium)('ProjectStore in Chromium', () => {
  let testPage: TestPage;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let origin: string;

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-store-page-', pageMain);
    origin = new URL(testPage.url).origin;
    browser = await launch();
    page = await openTestPage(browser, testPage, { before: async (p) => { cdp = await p.context().newCDPSession(p); } });
  });

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('put / list / get / patch / delete round trip of a few MB', async () => {
    await call(page, 'open', 'rt');
    const sizes = { r1cs: 1 * MB, wasm: 0.5 * MB, zkey: 2.5 * MB };
    const t0 = performance.now();
    const saved = ok(await call<Attempt<{ id: string; totalBytes: number; sizes: Record<string, number> }>>(page, 'put', 'a', sizes, 1));
    const putMs = performance.now() - t0;
    expect(saved.id).toBe('a');
    expect(saved.sizes).toMatchObject({ r1cs: MB, wasm: 0.5 * MB, zkey: 2.5 * MB });
    expect(saved.totalBytes).toBeGreaterThan(4 * MB);
    ok(await call(page, 'put', 'b', { r1cs: 1000, wasm: 1000, zkey: 1000 }, 2));

    const list = ok(await call<Attempt<{ id: string }[]>>(page, 'list'));
    expect(list.map((p) => p.id)).toEqual(['b', 'a']); // most recent first
    const t1 = performance.now();
    const got = ok(await call<Attempt<Record<string, unknown>>>(page, 'get', 'a'));
    const getMs = performance.now() - t1;
    const expected = await call<Record<string, unknown>>(page, 'expected', 'a', sizes, 1);
    expect(got).toMatchObject({ ...expected, sizes: saved.sizes, totalBytes: saved.totalBytes });
    expect(got.names).toEqual(['circuitSource', 'modelFiles', 'proofs', 'quantization', 'r1cs', 'vkey', 'wasm', 'zkey']);
    expect(ok(await call<Attempt<number>>(page, 'zkeyOnly', 'a'))).toBe(2.5 * MB);
    console.info(`[projects] put ${(saved.totalBytes / MB).toFixed(1)} MB in ${putMs.toFixed(0)} ms, get in ${getMs.toFixed(0)} ms (page round trip included)`);

    // patch: a proof added, wasm removed, name changed — zkey untouched
    const patched = ok(await call<Attempt<{ name: string; sizes: Record<string, number>; updatedAt: string; createdAt: string }>>(page, 'addProof', 'a'));
    expect(patched.name).toBe('renamed');
    expect(patched.sizes.wasm).toBeUndefined();
    expect(patched.sizes.solidity).toBeGreaterThan(0);
    const after = ok(await call<Attempt<Record<string, unknown>>>(page, 'get', 'a'));
    expect(after).toMatchObject({ proofs: 2, zkey: expected.zkey, wasm: undefined, createdAt: got.createdAt });
    expect(ok(await call<Attempt<{ id: string }[]>>(page, 'list'))[0]!.id).toBe('a');

    const missing = await call<Attempt<unknown>>(page, 'patchMissing');
    expect(missing).toMatchObject({ ok: false, error: { name: 'StorageError', kind: 'invalid', storage: true, zkml: true } });
    const bad = await call<Attempt<unknown>>(page, 'putBad');
    expect(bad).toMatchObject({ ok: false, error: { name: 'StorageError', kind: 'invalid' } });
    expect(await call(page, 'rawArtifacts', 'rt', 'bad')).toEqual({ artifacts: 0, project: false });

    expect(ok(await call<Attempt<boolean>>(page, 'del', 'a'))).toBe(true);
    expect(ok(await call<Attempt<boolean>>(page, 'del', 'a'))).toBe(false);
    expect(ok(await call<Attempt<unknown>>(page, 'get', 'a'))).toBeUndefined();
    expect(await call(page, 'rawArtifacts', 'rt', 'a')).toEqual({ artifacts: 0, project: false });
    expect(await call(page, 'rawArtifacts', 'rt', 'b')).toMatchObject({ project: true });

    const p = await call<{ persisted?: boolean; requested?: boolean }>(page, 'persisted');
    expect(typeof p.requested).toBe('boolean');
  });

  it('a write over the quota aborts whole: a new project is absent, an existing one keeps its old version', async () => {
    // Chromium applies a quota override only to an origin that has not used storage yet: a fresh
    // context (its own storage), overridden before the page touches IndexedDB.
    const context = await browser.newContext();
    const qpage = await context.newPage();
    const qcdp = await context.newCDPSession(qpage);
    await qcdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8 * MB });
    await qpage.goto(testPage.url);
    await qpage.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const page = qpage; // the calls below run in the small-quota context
    await call(page, 'open', 'quota');
    const small = { r1cs: 200_000, wasm: 100_000, zkey: 700_000 };
    ok(await call(page, 'put', 'keep', small, 10));
    const before = ok(await call<Attempt<Record<string, unknown>>>(page, 'get', 'keep'));
    try {
      // (Chromium applies the override to writes; navigator.storage.estimate() keeps reporting the real quota)
      const huge = { r1cs: 2 * MB, wasm: 1 * MB, zkey: 12 * MB };

      // a new project that does not fit
      const fresh = await call<Attempt<unknown>>(page, 'put', 'new', huge, 20);
      expect(fresh.ok).toBe(false);
      const e = (fresh as { error: ErrorInfo }).error;
      expect(e).toMatchObject({ name: 'StorageError', kind: 'quota', storage: true, zkml: true });
      expect(e.message).toMatch(/^Not enough storage to save 16 MB of project data: .*Nothing was saved/);
      expect(e.details).toMatchObject({ projectId: 'new' });
      console.info(`[projects] quota error: ${e.message}`);
      expect(await call(page, 'rawArtifacts', 'quota', 'new')).toEqual({ artifacts: 0, project: false });
      expect(ok(await call<Attempt<unknown>>(page, 'get', 'new'))).toBeUndefined();

      // a new version of an existing project that does not fit
      const replace = await call<Attempt<unknown>>(page, 'put', 'keep', huge, 30);
      expect(replace).toMatchObject({ ok: false, error: { kind: 'quota' } });
      expect(ok(await call<Attempt<Record<string, unknown>>>(page, 'get', 'keep'))).toEqual(before);
      expect(ok(await call<Attempt<{ id: string }[]>>(page, 'list')).map((p) => p.id)).toEqual(['keep']);

      // what fits still saves
      ok(await call(page, 'put', 'fits', small, 40));
      expect(ok(await call<Attempt<{ id: string }[]>>(page, 'list')).map((p) => p.id).sort()).toEqual(['fits', 'keep']);
    } finally {
      await context.close();
    }
  });

  it('a database deleted underneath the store (eviction) is a typed StorageError, and the store recovers', async () => {
    await call(page, 'open', 'evict');
    ok(await call(page, 'put', 'e1', { r1cs: 1000, wasm: 1000, zkey: 1000 }, 50));
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
    await expect.poll(() => call<ErrorInfo[]>(page, 'evictions'), { timeout: 5000 }).toHaveLength(1);
    const [ev] = await call<ErrorInfo[]>(page, 'evictions');
    expect(ev).toMatchObject({ name: 'StorageError', kind: 'evicted', storage: true });
    const next = await call<Attempt<unknown>>(page, 'list');
    expect(next).toMatchObject({ ok: false, error: { name: 'StorageError', kind: 'evicted' } });
    expect((next as { error: ErrorInfo }).error.message).toMatch(/cleared or evicted/);
    // then it reopens: an empty database, usable
    expect(ok(await call<Attempt<unknown[]>>(page, 'list'))).toEqual([]);
    ok(await call(page, 'put', 'e2', { r1cs: 1000, wasm: 1000, zkey: 1000 }, 60));
    expect(ok(await call<Attempt<{ id: string }[]>>(page, 'list')).map((p) => p.id)).toEqual(['e2']);
  });
});
