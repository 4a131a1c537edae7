/**
 * The bounty app in Chromium, two browser contexts with separate storage (the provider on anvil
 * account #0, the hunter on #1), against a real anvil with VerifierRegistry + BountyManager deployed
 * (scripts/chain.ts, as npm start does; the page reads its deployments.json) and the local IPFS peer
 * (scripts/ipfs.ts's startLocalPeer, as npm start does; the page reads its ipfs.json), the tiny fixture
 * model and a 6-sample test set (B = 3, K = 2) with one label that the model gets wrong:
 *  1. provider adds a tiny training set (IPFS in the page, published to the peer) and creates (test set
 *     committed, three real circuits compiled + dev-setup + registered);
 *  2. hunter (its own storage) fetches the training data by the bounty's CID from the peer, with progress,
 *     then drops the model and commits; the provider's dev clock control passes the commit deadline;
 *  3. provider reveals (calldata + reveal proof); 4. hunter proves both batches in the pool and submits;
 *  5. finalize; 6. hunter hands over; 7. provider receives: decrypted, commitment checked, and the
 *     rebuilt model's predictions on the revealed set equal the hunter's circuit predictions; withdraws.
 * Then two short runs: a stalled provider (the hunter closes the bounty and collects its stake + bond
 * share) and a missed hand-over (the provider is refunded). Screenshots of each step at 1280 and 420 px
 * (test-results/screenshots/bounty-*), with no horizontal overflow at 420 px.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launch, serveDist, SCREENSHOTS } from './browser.js';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { startLocalPeer, type LocalPeer } from '../../scripts/ipfs.js';
import { encodePgm } from '../../src/core/input/pgm.js';
import { writeTinyModel, tinyModelFiles } from '../helpers/tiny-model.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { circuitClass } from '../../src/core/float/evaluate.js';
import type { Deployments } from '../../src/chain/deployments.js';

const B = 3, K = 2;

/** A per-step timing log (`[bounty-app] <step> N s`), to see where this long test spends its time. */
let lap = performance.now();
const step = (name: string) => {
  const t = performance.now();
  console.log(`[bounty-app] ${name} ${((t - lap) / 1000).toFixed(1)} s`);
  lap = t;
};

describe.skipIf(!hasChromium)('the bounty app: provider and hunter in two browsers', () => {
  let anvil: AnvilInstance, deployments: Deployments, server: { url: string; close(): Promise<void> }, browser: Browser, peer: LocalPeer;
  let provider: Page, hunter: Page;
  const contexts: BrowserContext[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'zkml-bounty-app-'));
  let modelPaths: string[], testSetPath: string, trainingPaths: string[], predicted: number[];
  /** every URL the hunter's context requested */
  const hunterUrls: string[] = [];

  const page = async (account: 'dev0' | 'dev1'): Promise<Page> => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    contexts.push(ctx);
    await ctx.route('**/deployments.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(deployments) }));
    // the local IPFS peer's address, as npm start writes it next to deployments.json (dist/ is shared: a route)
    await ctx.route('**/ipfs.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(peer.config) }));
    if (account === 'dev1') ctx.on('request', (r) => hunterUrls.push(r.url()));
    await ctx.addInitScript((a) => localStorage.setItem('zkml-bounty-account', a), account);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => console.error(`[${account}] page error:`, e.message));
    return p;
  };

  /** Screenshots at 1280 and 420 px; nothing overflows horizontally at 420. */
  const shot = async (p: Page, name: string) => {
    const t0 = performance.now();
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.screenshot({ path: join(SCREENSHOTS, `bounty-${name}-1280.png`), fullPage: true });
    await p.setViewportSize({ width: 420, height: 900 });
    await p.waitForTimeout(100);
    const { scroll, inner } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    await p.screenshot({ path: join(SCREENSHOTS, `bounty-${name}-420.png`), fullPage: true });
    expect(scroll, `${name}: page ${scroll} px wide at 420 px`).toBeLessThanOrEqual(inner);
    await p.setViewportSize({ width: 1280, height: 900 });
    const dt = performance.now() - t0;
    lap += dt; // not counted in the steps
    console.log(`[bounty-app] (screenshots ${name} ${(dt / 1000).toFixed(1)} s)`);
  };

  /**
   * The text of an error box, or null when there is none — read without waiting (a locator's
   * textContent() waits for the element: 30 s, Playwright's default timeout, whenever there is no error).
   */
  const errorText = (p: Page, testid = 'bounty-error') =>
    p.evaluate((t) => document.querySelector(`[data-testid=${t}]`)?.textContent ?? null, testid).catch(() => null);
  /** Waits for the bounty page's state, showing any error the page explains instead. */
  const waitState = async (p: Page, state: string, timeout = 120_000) => {
    try {
      await p.waitForFunction((s) => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-state') === s, state, { timeout });
    } catch (e) {
      throw new Error(`never reached ${state}; the page says: ${(await errorText(p)) ?? '(no error)'}`, { cause: e });
    }
  };
  const click = async (p: Page, testid: string) => {
    const b = p.getByTestId(testid);
    await expect.poll(() => b.isEnabled(), { timeout: 30_000, message: `${testid} enabled` }).toBe(true);
    await b.click();
  };
  const idle = async (p: Page, timeout = 300_000) => {
    await p.waitForFunction(() => !document.querySelector('[data-testid=bounty-busy]'), undefined, { timeout });
    const err = await errorText(p);
    if (err) throw new Error(`the page reports: ${err}`);
  };
  /** `training`: the provider adds these files as the bounty's training dataset (IPFS, published to the local peer). */
  const create = async (threshold: number, training?: string[]): Promise<string> => {
    await provider.goto(`${server.url}/#bounties/new`);
    if (training) {
      await provider.getByTestId('create-dataset-files').setInputFiles(training);
      try {
        await expect.poll(() => provider.getByTestId('create-dataset').inputValue(), { timeout: 120_000 }).toMatch(/^bafy/);
      } catch (e) {
        throw new Error(`adding the training data failed: ${(await errorText(provider, 'create-error')) ?? '?'}`, { cause: e });
      }
      step('provider adds the training data to IPFS');
    }
    await provider.getByTestId('create-testset').setInputFiles(testSetPath);
    await provider.getByTestId('create-model').setInputFiles(modelPaths);
    await provider.getByTestId('create-architecture').waitFor();
    // a batch size that does not divide the test set is refused on the spot, in words, with the sizes that do
    await provider.getByTestId('create-batch').fill('4');
    await expect.poll(() => provider.getByTestId('create-batch-problem').textContent()).toBe(`${B * K} samples do not split into batches of 4 (every batch holds exactly 4: the accuracy circuit is built for it). Sizes that do: 2, 3, 6.`);
    expect(await provider.getByTestId('create-submit').isDisabled()).toBe(true);
    expect(await provider.getByTestId('create-costs').count()).toBe(0);
    await provider.getByTestId('create-batch').fill(String(B));
    expect(await provider.getByTestId('create-batch-problem').count()).toBe(0);
    await provider.getByTestId('create-threshold').fill(String(threshold));
    await provider.getByTestId('create-costs').waitFor();
    await click(provider, 'create-submit');
    try {
      await provider.waitForFunction(() => /^#bounty=\d+/.test(location.hash), undefined, { timeout: 300_000 });
    } catch (e) {
      throw new Error(`create failed: ${(await errorText(provider, 'create-error')) ?? '?'}`, { cause: e });
    }
    const id = /#bounty=(\d+)/.exec(await provider.evaluate(() => location.hash))![1]!;
    await waitState(provider, 'Open');
    return id;
  };
  /** The hunter's page fetches the bounty's training dataset by its CID from the local peer (with progress). */
  const hunterFetchesTraining = async (cid: string) => {
    expect(await hunter.getByTestId('bounty-dataset').textContent()).toBe(cid);
    await hunter.evaluate(() => {
      const seen: string[] = ((window as unknown as { fetchProgress: string[] }).fetchProgress = []);
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid=hunter-fetch-progress]')?.textContent;
        if (t && seen.at(-1) !== t) seen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await click(hunter, 'hunter-fetch');
    await hunter.waitForFunction(() => document.querySelector('[data-testid=hunter-train-data]') || document.querySelector('[data-testid=hunter-fetch-error]'), undefined, { timeout: 120_000 });
    expect(await errorText(hunter, 'hunter-fetch-error')).toBeNull();
    const data = hunter.getByTestId('hunter-train-data');
    expect(await data.getAttribute('data-count')).toBe(String(trainingPaths.length - 1));
    expect(await data.textContent()).toContain(cid);
    const progress = await hunter.evaluate(() => (window as unknown as { fetchProgress: string[] }).fetchProgress);
    expect(progress.some((t) => /^fetching \d+ \/ \d+$/.test(t)), progress.join(' | ')).toBe(true);
    // its own storage had none of it: the blocks came from the peer, by CID
    expect(hunterUrls.some((u) => u.startsWith(`${peer.url}/ipfs/${cid}`)), 'a request to the peer for the CID').toBe(true);
    await hunter.getByTestId('train-panel').waitFor({ timeout: 60_000 });
  };
  const hunterCommits = async (id: string, training?: string) => {
    await hunter.goto(`${server.url}/#bounty=${id}`);
    await waitState(hunter, 'Open');
    if (training) { await hunterFetchesTraining(training); step('hunter fetches the training data'); }
    await hunter.getByTestId('hunter-model').setInputFiles(modelPaths);
    await hunter.getByTestId('hunter-arch-ok').waitFor({ timeout: 60_000 });
    await click(hunter, 'do-commit');
    await idle(hunter);
    await hunter.waitForFunction(() => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-role') === 'hunter', undefined, { timeout: 30_000 });
  };
  const advance = async (p: Page) => { await click(p, 'dev-advance'); await idle(p); };
  // no reloads: each page keeps its compiled circuits and keys (circuits.ts caches them per page)
  const reveal = async () => {
    await waitState(provider, 'Open');
    await click(provider, 'do-reveal');
    await idle(provider);
    await waitState(provider, 'Revealed');
  };
  const proveAndSubmit = async () => {
    await waitState(hunter, 'Revealed', 30_000);
    await click(hunter, 'do-prove');
    await idle(hunter);
    await click(hunter, 'do-submit');
    await idle(hunter);
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    peer = await startLocalPeer({ port: 0, dir: join(dir, 'ipfs') });
    deployments = await deploy({ url: anvil.url, out: null });
    server = await serveDist();
    browser = await launch();
    modelPaths = writeTinyModel(join(dir, 'model'));
    // 6 samples; labels = the model's own circuit classes except sample 1: 5 of 6 right
    const t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    let s = 11;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
    const samples = Array.from({ length: B * K }, () => Array.from({ length: 9 }, next));
    predicted = samples.map((x) => circuitClass(t.q, Uint8Array.from(x)));
    const labels = predicted.map((p, i) => (i === 1 ? (p + 1) % 3 : p));
    testSetPath = join(dir, 'testset.json');
    writeFileSync(testSetPath, JSON.stringify({ samples, labels }));
    // a tiny public training set: 12 3×3 PGMs labelled by the model, with labels.json
    mkdirSync(join(dir, 'train'));
    const train = Array.from({ length: 12 }, () => Uint8Array.from({ length: 9 }, next));
    trainingPaths = train.map((x, i) => { const f = join(dir, 'train', `${i}.pgm`); writeFileSync(f, encodePgm({ width: 3, height: 3, maxval: 255, pixels: x })); return f; });
    trainingPaths.push(join(dir, 'train', 'labels.json'));
    writeFileSync(trainingPaths.at(-1)!, JSON.stringify(train.map((x) => circuitClass(t.q, x))));
    provider = await page('dev0');
    hunter = await page('dev1');
    step('setup (anvil, deploy, server, browser)');
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await peer?.close();
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create → commit → reveal → prove + submit → finalize → hand over → the provider decrypts the hunter\'s model', async () => {
    await provider.goto(`${server.url}/#bounties`);
    await provider.getByTestId('bounty-none').waitFor();
    await expect.poll(() => provider.getByTestId('bounty-account-note').textContent()).toMatch(/not for value/);
    await shot(provider, '0-list-empty');
    step('list');

    const id = await create(4, trainingPaths);
    step('create');
    const cid = await provider.getByTestId('bounty-dataset').textContent();
    expect(cid).toMatch(/^bafy/);
    await shot(provider, '1-created');
    expect(await provider.getByTestId('tx').count()).toBeGreaterThanOrEqual(2); // registrations + create, with gas
    expect(await provider.getByTestId('action-reveal').getAttribute('data-available')).toBe('false');
    expect(await provider.getByTestId('action-reveal').textContent()).toMatch(/not yet/);

    // the hunter audits the bounty's circuits before committing: recompiled in its own page, keys compared
    await hunter.goto(`${server.url}/#bounty=${id}`);
    await waitState(hunter, 'Open');
    await click(hunter, 'do-audit');
    await hunter.getByTestId('audit-report').waitFor({ timeout: 300_000 });
    expect(await hunter.getByTestId('audit-report').getAttribute('data-ok')).toBe('true');
    expect(await hunter.$$eval('[data-testid=audit-circuit]', (els) => els.map((e) => `${e.getAttribute('data-role')}:${e.getAttribute('data-verdict')}`))).toEqual(['reveal:match', 'accuracy:match', 'handover:match']);
    expect(await hunter.getByTestId('audit-error').count()).toBe(0);
    step('audit');

    await hunterCommits(id, cid!);
    step('commit');
    await shot(hunter, '2-committed');
    // the hunter cannot reveal: wrong account
    expect(await hunter.getByTestId('action-reveal').textContent()).toMatch(/only the provider/);

    await advance(provider);
    await reveal();
    step('reveal');
    await shot(provider, '3-revealed');

    await proveAndSubmit();
    step('prove + submit');
    await expect.poll(() => hunter.getByTestId('board-correct').first().textContent(), { timeout: 30_000 }).toBe('5');
    const circuit = await hunter.getByTestId('hunter-evaluation').getAttribute('data-circuit');
    expect(circuit).toBe(predicted.join(','));
    await shot(hunter, '4-proved');

    await advance(hunter);
    await click(hunter, 'do-finalize');
    await idle(hunter);
    await waitState(hunter, 'Awarded');
    step('finalize');
    await click(hunter, 'do-handOver');
    await idle(hunter);
    await waitState(hunter, 'HandedOver');
    step('hand over');
    await shot(hunter, '5-handed-over');
    await click(hunter, 'do-withdraw');
    await idle(hunter);
    expect(await hunter.getByTestId('bounty-note').textContent()).toMatch(/Withdrawn: 1\.01 ETH/);

    await waitState(provider, 'HandedOver', 30_000);
    await click(provider, 'do-receive');
    await idle(provider);
    const got = provider.getByTestId('received');
    expect(await got.getAttribute('data-predictions')).toBe(circuit);
    expect(await got.getAttribute('data-correct')).toBe('5');
    step('withdraw + receive');
    await shot(provider, '6-received');

    // the received model opens in the studio as a project, transpiled as committed
    await click(provider, 'received-studio');
    await provider.waitForFunction(() => location.hash === '', undefined, { timeout: 120_000 });
    await provider.getByTestId('model-summary').waitFor({ timeout: 60_000 });
    expect(await provider.locator('[data-testid=project].current').textContent()).toContain(`Bounty #${id} — received model`);
    expect(await provider.getByTestId('step-model').getAttribute('class')).toMatch(/\bdone\b/);
    step('open in studio');
  }, 900_000);

  it('a stalled provider: the hunter collects its stake and the bond; a missed hand-over: the provider is refunded', async () => {
    // stalled provider: nobody reveals
    step('(first test\'s last screenshot)');
    const a = await create(4);
    step('stalled: create');
    await hunterCommits(a);
    step('stalled: commit');
    await advance(hunter); // past the commit deadline
    await advance(hunter); // past the reveal deadline
    await click(hunter, 'do-closeUnrevealed');
    await idle(hunter);
    await waitState(hunter, 'Unrevealed');
    await click(hunter, 'do-returnStake');
    await idle(hunter);
    await click(hunter, 'do-withdraw');
    await idle(hunter);
    expect(await hunter.getByTestId('bounty-note').textContent()).toMatch(/Withdrawn: 0\.11 ETH/); // stake 0.01 + bond 0.1
    step('stalled: close + withdraw');
    await shot(hunter, '7-stalled-provider');

    // missed hand-over: the winner lets the deadline pass
    const b = await create(4);
    step('missed: create');
    await hunterCommits(b);
    step('missed: commit');
    await advance(provider);
    await reveal();
    step('missed: reveal');
    await proveAndSubmit();
    step('missed: prove + submit');
    await advance(hunter); // past the prove deadline
    await click(hunter, 'do-finalize');
    await idle(hunter);
    await waitState(hunter, 'Awarded');
    await advance(hunter); // past the hand-over deadline
    expect(await hunter.getByTestId('action-handOver').textContent()).toMatch(/deadline passed/);
    await waitState(provider, 'Awarded', 30_000);
    await click(provider, 'do-expireHandover');
    await idle(provider);
    await waitState(provider, 'HandoverMissed');
    await expect.poll(() => provider.getByTestId('bounty-payouts').textContent()).toMatch(/1\.11 ETH/); // the bond (at the reveal) + the reward + the winner's stake
    step('missed: finalize + expire');
    await shot(provider, '8-missed-handover');
  }, 900_000);
});
