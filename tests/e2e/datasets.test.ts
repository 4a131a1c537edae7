/**
 * The Datasets page in Chromium, on the built app, with a real local IPFS peer (Helia in this process):
 * browser A adds MNIST PGMs (CIDs equal kubo's, the directory's equal to Node's), publishes them to
 * the peer; browser B (another context: its own IndexedDB) opens the dataset by its link, fetched
 * from the peer; B reopens it offline from IndexedDB (service worker + context offline); bad datasets
 * and a lying peer give typed errors; no request leaves 127.0.0.1. Uses ../shared/fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launch, serveDist } from './browser.js';
import { addThroughPage, datasetsContext, mnistFolder, openDatasets, openThroughPage, startTestPeer, type LocalPeer } from './datasets-helpers.js';
import { hasShared, SKIP_REASON } from '../helpers/mnist.js';
import { prepareDataset } from '../../src/core/dataset/index.js';
import { encodePgm } from '../../src/core/input/pgm.js';
import { hashDirectory, parseCid } from '../../src/ipfs/cid.js';
import { dagToCar } from '../../src/ipfs/car.js';
import { isLoopbackUrl } from '../../src/ipfs/network.js';

const N = 100;
if (!hasShared) console.warn(`[datasets] ${SKIP_REASON}`);

describe.skipIf(!hasChromium || !hasShared)('Datasets page: browser A → local IPFS peer → browser B', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let peer: LocalPeer;
  let a: BrowserContext, b: BrowserContext;
  let pageA: Page, pageB: Page;
  let mnist: ReturnType<typeof mnistFolder>;
  let cid = '';
  const urls: string[] = [];
  const errors: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-e2e-ds-'));

  beforeAll(async () => {
    server = await serveDist();
    peer = await startTestPeer();
    browser = await launch();
    mnist = mnistFolder(N);
    a = await datasetsContext(browser, peer.url, urls);
    b = await datasetsContext(browser, peer.url, urls);
    pageA = await a.newPage();
    pageB = await b.newPage();
    for (const p of [pageA, pageB]) p.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.close();
    await server?.close();
    mnist?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('A adds 100 MNIST PGMs: every CID equals kubo\'s, the dataset CID equals Node\'s, published to the peer', async () => {
    await openDatasets(pageA, server.url);
    expect(await pageA.getByTestId('dataset-peer').textContent()).toMatch(/Local IPFS peer .* is running/);
    const added = await addThroughPage(pageA, mnist.files);
    cid = added.cid;
    expect(cid).toMatch(/^bafybei[a-z2-7]+$/);
    await pageA.getByTestId('dataset-published').waitFor();
    const rows = await pageA.getByTestId('dataset-file-cids').locator('tr').allTextContents();
    expect(rows.length).toBe(N + 2);
    expect(rows[0]).toBe('0.pgmbafkreig42jyiawthjkmskza765hn6krgqs7uk7cmtjmggb6mgnjql7dqje');
    // the same folder in Node: the same manifest, the same directory CID
    const prepared = await prepareDataset(mnist.files.map((f) => ({ path: f.split('/').pop()!, content: new Uint8Array(readFileSync(f)) })));
    const node = await hashDirectory(prepared.files);
    expect(node.find((e) => e.path === '')!.cid.toString()).toBe(cid);
    expect(await peer.store.hasLocally(parseCid(cid))).toBe(true);
    expect(await pageA.getByTestId('dataset-link').getAttribute('href')).toMatch(new RegExp(`#dataset=${cid}$`));
  });

  it('B (its own storage) opens the link: the dataset comes from the peer, same labels in the grid', async () => {
    const opened = await openThroughPage(pageB, server.url, cid);
    expect(opened.error).toBeUndefined();
    expect(opened.summary).toMatch(/100 samples · pgm 28×28×1 · labels 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 · fetched from the local peer/);
    expect(opened.labels.map(Number)).toEqual(mnist.labels);
    expect(await pageB.locator('[data-testid=dataset-grid] canvas').count()).toBe(N);
    await pageB.getByTestId('dataset-stored').waitFor();
    expect(await pageB.getByTestId('dataset-stored').textContent()).toContain(cid);
  });

  it('B reopens the dataset offline, from IndexedDB (the app from the service worker)', async () => {
    await pageB.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    await b.setOffline(true);
    try {
      const opened = await openThroughPage(pageB, server.url, cid);
      expect(opened.error).toBeUndefined();
      expect(opened.summary).toMatch(/100 samples .* from this browser/);
      expect(opened.labels.map(Number)).toEqual(mnist.labels);
      expect(await pageB.getByTestId('dataset-peer').textContent()).toMatch(/No local IPFS peer/);
    } finally {
      await b.setOffline(false);
    }
  });

  it('bad datasets and a bad CID are typed errors on the page', async () => {
    const dir = join(tmp, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const pgm = (w: number) => encodePgm({ width: w, height: 28, maxval: 255, pixels: new Uint8Array(w * 28) });
    writeFileSync(join(dir, '0.pgm'), pgm(28));
    writeFileSync(join(dir, '1.pgm'), pgm(27));
    writeFileSync(join(dir, 'labels.json'), '[1, 2]');
    const files = ['0.pgm', '1.pgm', 'labels.json'].map((f) => join(dir, f));
    await openDatasets(pageA, server.url);
    await pageA.getByTestId('dataset-files').setInputFiles(files);
    await pageA.getByTestId('dataset-error').waitFor();
    expect(await pageA.getByTestId('dataset-error').textContent()).toMatch(/DatasetShapeError[\s\S]*1\.pgm: 27×28 image/);

    writeFileSync(join(dir, '1.pgm'), pgm(28));
    writeFileSync(join(dir, '2.pgm'), pgm(28));
    await pageA.getByTestId('dataset-files').setInputFiles([...files, join(dir, '2.pgm')]);
    await pageA.waitForFunction(() => /DatasetLabelError/.test(document.querySelector('[data-testid=dataset-error]')?.textContent ?? ''));
    expect(await pageA.getByTestId('dataset-error').textContent()).toMatch(/2\.pgm has no label/);

    await pageA.getByTestId('dataset-cid-input').fill('bafy-not-a-cid');
    await pageA.getByTestId('dataset-open').click();
    await pageA.waitForFunction(() => /InvalidCidError/.test(document.querySelector('[data-testid=dataset-error]')?.textContent ?? ''));
  });

  it('the bundled MNIST sample: 20 images with their CIDs; removing a stored dataset', async () => {
    await pageA.goto('about:blank');
    await openDatasets(pageA, server.url);
    await pageA.getByTestId('dataset-sample').click();
    await pageA.getByTestId('dataset-cid').waitFor({ timeout: 120_000 });
    const sampleCid = (await pageA.getByTestId('dataset-cid').textContent())!.trim();
    expect(sampleCid).not.toBe(cid);
    const rows = await pageA.getByTestId('dataset-file-cids').locator('tr').allTextContents();
    expect(rows.length).toBe(22);
    expect(rows[0]).toBe('0.pgmbafkreig42jyiawthjkmskza765hn6krgqs7uk7cmtjmggb6mgnjql7dqje');
    const stored = pageA.getByTestId('dataset-stored');
    await pageA.waitForFunction((c) => (document.querySelector('[data-testid=dataset-stored]')?.textContent ?? '').includes(c), sampleCid);
    expect(await stored.textContent()).toContain(cid);
    await stored.locator('li', { hasText: sampleCid }).getByRole('button', { name: 'Remove' }).click();
    await pageA.waitForFunction((c) => !(document.querySelector('[data-testid=dataset-stored]')?.textContent ?? '').includes(c), sampleCid);
    expect(await stored.textContent()).toContain(cid);
  });

  it('a peer that sends bytes not matching the CID: CidMismatchError, nothing shown', async () => {
    const c = await datasetsContext(browser, peer.url, urls);
    try {
      const root = parseCid(cid);
      const leaf = (await peer.store.ls(root, { offline: true })).find((e) => e.name === '42.pgm')!.cid;
      const tampered = await dagToCar(root, async (x) => {
        const bytes = await peer.store.localBlock(x);
        return x.equals(leaf) ? Uint8Array.from(bytes, (v, i) => (i === 300 ? v ^ 0x40 : v)) : bytes;
      });
      await c.route(`${peer.url}/ipfs/**`, (route) => route.fulfill({ status: 200, contentType: 'application/vnd.ipld.car', body: Buffer.from(tampered) }));
      const page = await c.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const opened = await openThroughPage(page, server.url, cid);
      expect(opened.error).toMatch(/CidMismatchError/);
      expect(await page.locator('[data-testid=dataset-grid]').count()).toBe(0);
    } finally {
      await c.close();
    }
  });

  it('no request left 127.0.0.1, and no page error', () => {
    const net = urls.filter((u) => /^(https?|wss?):/.test(u));
    expect(net.length).toBeGreaterThan(0);
    expect(net.filter((u) => !isLoopbackUrl(u))).toEqual([]);
    expect(net.some((u) => u.startsWith(peer.url))).toBe(true);
    expect(errors).toEqual([]);
  });
});
