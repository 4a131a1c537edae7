/**
 * The two bounty-page additions of issue 14, without the whole bounty flow (tests/e2e/bounty-app.test.ts has that):
 *  1. Audit circuits: on a real anvil with the contracts, two bounties over the tiny architecture (B = 3, K = 2)
 *     are created from Node with the real reveal, accuracy and hand-over circuits registered (development keys),
 *     the second pinning another accuracy circuit. A hunter (anvil #1) audits the first in the app: each circuit is
 *     recompiled in the workers, with progress, while the page stays usable, and every registered key matches;
 *     auditing the second on the same page reuses the three compiled circuits (circuits.ts's cache) and reports the
 *     accuracy circuit's mismatch as a BountyAuditError on the page. Screenshots at 1280/420 px, no overflow at 420.
 *  2. Open in studio: a received model (the tiny model quantized with non-default options, rebuilt as receiveFlow
 *     does) goes through the function the "Open in studio" button calls, on a self-built page with the app's
 *     worker clients and IndexedDB store; the studio then mounts and reopens it transpiled, as committed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import solid from 'vite-plugin-solid';
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from 'viem';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launch, serveDist, buildTestPage, openTestPage, pageCall, SCREENSHOTS, type TestPage } from './browser.js';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { tinyModelFiles } from '../helpers/tiny-model.js';
import { standIn, accuracyStandInSource } from '../helpers/bounty.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { architectureOf, type Architecture } from '../../src/core/commit/architecture.js';
import { modelCommitment } from '../../src/core/commit/model.js';
import { parseQGraph } from '../../src/core/quantize/serialize.js';
import { generateKeyPair } from '../../src/core/handover/keys.js';
import { rebuiltModelFiles } from '../../src/core/handover/rebuild.js';
import { compileSource } from '../../src/circuits/test/harness.js';
import { devGroth16Setup } from '../../src/zk/dev-setup.js';
import { registerCircuit } from '../../src/chain/register-circuit.js';
import { createBounty } from '../../src/chain/create-bounty.js';
import type { BountyTerms } from '../../src/chain/bounty-calldata.js';
import type { Deployments } from '../../src/chain/deployments.js';
import { bountyAuditTargets } from '../../src/app/bounty/audit.js';
import { encodeBountyInfo } from '../../src/app/bounty/info.js';

const B = 3, K = 2;
const ZERO = `0x${'00'.repeat(32)}` as Hex;

describe.skipIf(!hasChromium)('bounty page: audit circuits (hunter, before commit)', () => {
  let anvil: AnvilInstance, deployments: Deployments, server: { url: string; close(): Promise<void> }, browser: Browser;
  const contexts: BrowserContext[] = [];
  let honest: bigint, swapped: bigint;

  beforeAll(async () => {
    anvil = await startAnvil();
    deployments = await deploy({ url: anvil.url, out: null });
    const transport = http(anvil.url, { retryCount: 0 });
    const pub = createPublicClient({ transport });
    const provider = getAddress(((await pub.request({ method: 'eth_accounts' } as never)) as Address[])[0]!);
    const wallet = createWalletClient({ transport, account: provider });
    const registry = deployments.contracts.VerifierRegistry, manager = deployments.contracts.BountyManager!;
    const arch: Architecture = architectureOf(transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q);
    // the provider's circuits: the same generation the page audits, compiled (disk-cached) and set up in Node
    const ids: Record<string, Hex> = {};
    for (const t of bountyAuditTargets([arch], { batchSize: B, n: B * K, revealCircuitId: ZERO, accuracyCircuitIds: [ZERO], handoverCircuitIds: [ZERO] })) {
      const c = await compileSource(t.source, 'audit');
      const zkey = await devGroth16Setup(new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs'))));
      const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as snarkjs.VerificationKey;
      ids[t.role] = (await registerCircuit(wallet, { registry, scheme: 'groth16', vkey })).circuitId;
    }
    const other = await standIn('audit-standin', accuracyStandInSource(1));
    await registerCircuit(wallet, { registry, scheme: 'groth16', vkey: other.vkey });
    const t0 = (await pub.getBlock()).timestamp;
    const key = generateKeyPair(new Uint8Array(32).fill(9));
    const terms = (acc: Hex): BountyTerms => ({
      provider, reward: 1_000_000n, bond: 100_000n, stake: 10_000n, testRoot: 12345n, n: B * K, batchSize: B, sampleBytes: 9, classes: 3,
      threshold: 4, commitDeadline: t0 + 100_000n, revealDeadline: t0 + 200_000n, proveDeadline: t0 + 300_000n, handoverDeadline: t0 + 400_000n,
      providerPubX: key.pub[0], providerPubY: key.pub[1],
      revealCircuitId: ids.reveal!, accuracyCircuitIds: [acc], handoverCircuitIds: [ids.handover!],
    });
    const datasetCid = encodeBountyInfo({ dataset: '', architectures: [arch] });
    honest = (await createBounty(wallet, { manager, terms: terms(ids.accuracy!), datasetCid })).bountyId;
    swapped = (await createBounty(wallet, { manager, terms: terms(other.circuitId), datasetCid })).bountyId;
    server = await serveDist();
    browser = await launch();
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await anvil?.stop();
  });

  const shot = async (p: Page, name: string) => {
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.screenshot({ path: join(SCREENSHOTS, `bounty-${name}-1280.png`), fullPage: true });
    await p.setViewportSize({ width: 420, height: 900 });
    await p.waitForTimeout(100);
    const { scroll, inner } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    await p.screenshot({ path: join(SCREENSHOTS, `bounty-${name}-420.png`), fullPage: true });
    expect(scroll, `${name}: page ${scroll} px wide at 420 px`).toBeLessThanOrEqual(inner);
    await p.setViewportSize({ width: 1280, height: 900 });
  };
  const rows = (p: Page) => p.$$eval('[data-testid=audit-circuit]', (els) => els.map((e) => ({
    role: e.getAttribute('data-role'), verdict: e.getAttribute('data-verdict'), reused: e.getAttribute('data-reused'),
    registered: e.querySelector('[data-testid=audit-registered-id]')!.textContent, recompiled: e.querySelector('[data-testid=audit-recompiled-id]')!.textContent,
  })));

  it('every registered key matches the recompiled circuit; another accuracy circuit is a typed mismatch, with the compiled circuits reused', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    await ctx.route('**/deployments.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(deployments) }));
    await ctx.addInitScript(() => localStorage.setItem('zkml-bounty-account', 'dev1'));
    const hunter = await ctx.newPage();
    const errors: string[] = [];
    hunter.on('pageerror', (e) => errors.push(e.message));
    await hunter.goto(`${server.url}/#bounty=${honest}`);
    await hunter.waitForFunction(() => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-state') === 'Open', undefined, { timeout: 60_000 });
    expect(await hunter.getByTestId('bounty-role').textContent()).toBe('visitor');

    await hunter.getByTestId('do-audit').click();
    // progress from the workers, while the page's own actions stay free (no page-wide busy state)
    await hunter.getByTestId('audit-progress').waitFor({ timeout: 60_000 });
    expect(await hunter.getByTestId('audit-progress').textContent()).toMatch(/^Circuit \d of 3: /);
    expect(await hunter.getByTestId('bounty-busy').count()).toBe(0);
    expect(await hunter.getByTestId('do-audit').isDisabled()).toBe(true);
    await hunter.getByTestId('audit-report').waitFor({ timeout: 300_000 });
    expect(await hunter.getByTestId('audit-report').getAttribute('data-ok')).toBe('true');
    expect(await hunter.getByTestId('audit-verdict').textContent()).toMatch(/^All 3 circuits match/);
    const ok = await rows(hunter);
    expect(ok.map((r) => [r.role, r.verdict, r.reused])).toEqual([['reveal', 'match', 'false'], ['accuracy', 'match', 'false'], ['handover', 'match', 'false']]);
    for (const r of ok) expect(r.recompiled).toBe(r.registered);
    expect(await hunter.getByTestId('audit-error').count()).toBe(0);
    await hunter.$$eval('[data-testid=audit-circuit] details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
    await shot(hunter, 'audit-ok');

    // the same page, the other bounty: the circuits compiled above are reused; the accuracy key is another circuit's
    await hunter.evaluate((id) => { location.hash = `#bounty=${id}`; }, String(swapped));
    await hunter.waitForFunction((id) => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-bounty') === id, String(swapped));
    await hunter.getByTestId('do-audit').click();
    await hunter.getByTestId('audit-report').waitFor({ timeout: 300_000 });
    expect(await hunter.getByTestId('audit-report').getAttribute('data-ok')).toBe('false');
    const bad = await rows(hunter);
    expect(bad.map((r) => [r.role, r.verdict, r.reused])).toEqual([['reveal', 'match', 'true'], ['accuracy', 'mismatch', 'true'], ['handover', 'match', 'true']]);
    expect(bad[1]!.recompiled).toBe(ok[1]!.recompiled);
    expect(bad[1]!.registered).not.toBe(bad[1]!.recompiled);
    const err = hunter.getByTestId('audit-error');
    expect(await err.getAttribute('data-error')).toBe('BountyAuditError');
    expect(await err.getByTestId('error-title').textContent()).toBe('Audit failed: the bounty\'s circuits do not match');
    expect(await err.getByTestId('error-text').textContent()).toMatch(/accuracy circuit is not what its published architecture and terms give\. Do not commit/);
    await shot(hunter, 'audit-mismatch');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('bounty page: open a received model in the studio', () => {
  let testPage: TestPage;
  let browser: Browser;
  const call = pageCall('t');

  beforeAll(async () => {
    testPage = await buildTestPage('zkml-open-studio-', (rel) => `import ${rel('tests/e2e/open-in-studio-page.tsx')};\n`, { plugins: [solid()] });
    browser = await launch();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await testPage?.close();
  });

  it('the received model becomes the studio\'s project, transpiled as committed; a wrong commitment is refused', async () => {
    // quantized with non-default options: only the record's options give the committed model back
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1], actBits: 12, weightBits: 6 }).q;
    const f = await rebuiltModelFiles(q);
    const received = { modelJson: Array.from(f.modelJson), weightsBin: Array.from(f.weightsBin), commitment: modelCommitment(q).toString(), record: f.record };
    const errors: string[] = [];
    const page = await openTestPage(browser, testPage, { errors });

    const wrong = await call<{ name: string; message: string }>(page, 'error', { ...received, commitment: (modelCommitment(q) + 1n).toString() });
    expect(wrong).toMatchObject({ name: 'OpenInStudioError', message: expect.stringMatching(/does not transpile back to the model the winner committed/) });
    expect(await call<unknown[]>(page, 'projects')).toEqual([]);

    const r = await call<{ projectId: string; name: string; stages: string[]; remembered: string }>(page, 'open', received, '5');
    expect(r.name).toBe('Bounty #5 — received model');
    expect(r.remembered).toBe(r.projectId);
    expect(r.stages).toEqual(['transpiling the received model for the studio', 'saving it as a studio project']);
    expect(await call<unknown[]>(page, 'projects')).toEqual([{ id: r.projectId, name: r.name }]);

    await call(page, 'mountStudio');
    await page.getByTestId('model-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('step-model').getAttribute('class')).toMatch(/\bdone\b/);
    expect(await page.getByTestId('step-circuit').getAttribute('class')).not.toMatch(/\blocked\b/);
    expect(await page.locator('[data-testid=project].current').textContent()).toContain('Bounty #5 — received model');
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'bounty-open-in-studio-420.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('"Transpile again" without changes keeps the received model\'s commitment (the project\'s own options, shown, are kept)', async () => {
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1], actBits: 12, weightBits: 6 }).q;
    const commitment = modelCommitment(q);
    const f = await rebuiltModelFiles(q);
    const received = { modelJson: Array.from(f.modelJson), weightsBin: Array.from(f.weightsBin), commitment: commitment.toString(), record: f.record };
    const errors: string[] = [];
    const page = await openTestPage(browser, testPage, { errors });
    const { projectId } = await call<{ projectId: string }>(page, 'open', received, '6');
    type Stored = { quantization: string; updatedAt: string };
    const first = await call<Stored>(page, 'stored', projectId);
    expect(modelCommitment(parseQGraph(first.quantization))).toBe(commitment);

    await call(page, 'mountStudio');
    await page.getByTestId('model-summary').waitFor({ timeout: 60_000 });
    // the form shows the stored settings, and the options it does not edit
    expect(await page.getByTestId('input-visibility').inputValue()).toBe('hashed');
    expect(await page.getByTestId('weights-visibility').inputValue()).toBe('private');
    const kept = await page.getByTestId('transpile-kept').textContent();
    expect(kept).toContain('activation bits 12');
    expect(kept).toContain('weight bits 6');

    await page.getByTestId('transpile').click();
    // saved again (a newer updatedAt): the re-transpiled model is the committed one
    let again = first;
    for (let i = 0; i < 600 && again.updatedAt === first.updatedAt; i++) { await page.waitForTimeout(100); again = await call<Stored>(page, 'stored', projectId); }
    expect(again.updatedAt).not.toBe(first.updatedAt);
    expect(modelCommitment(parseQGraph(again.quantization))).toBe(commitment);
    await page.getByTestId('model-summary').waitFor();
    expect(await page.getByTestId('model-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
