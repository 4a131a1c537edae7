/**
 * Shared by the Datasets browser test and bench/ipfs.ts: a local IPFS peer started in this process
 * (Helia over a temporary blockstore-fs, src/ipfs/peer.ts), browser contexts that find it through
 * ipfs.json (answered by a route, since dist/ is shared and has none), the MNIST folder, and the
 * page's steps (add files, open by CID) with their times.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createNodeIpfs } from '../../src/ipfs/node.js';
import { servePeer, type RunningPeer } from '../../src/ipfs/peer.js';
import type { IpfsStore } from '../../src/ipfs/store.js';
import { MNIST_DIR } from '../helpers/mnist.js';

export interface LocalPeer { url: string; store: IpfsStore; peer: RunningPeer; close(): Promise<void> }

export async function startTestPeer(): Promise<LocalPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'zkml-e2e-peer-'));
  const store = await createNodeIpfs({ dir });
  const peer = await servePeer(store, { port: 0 });
  return { url: peer.url, store, peer, close: async () => { await peer.close(); await store.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Every URL a context requests, and every websocket it opens (for the no-public-network check). */
export function recordRequests(context: BrowserContext, urls: string[]): void {
  context.on('request', (r) => urls.push(r.url()));
  context.on('page', (p) => p.on('websocket', (w) => urls.push(w.url())));
}

/** A context whose app finds the peer at `peerUrl` (or none: 404). */
export async function datasetsContext(browser: Browser, peerUrl: string | undefined, urls?: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  if (urls) recordRequests(context, urls);
  await context.route('**/ipfs.json', (route) => peerUrl
    ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ gateway: peerUrl, api: peerUrl }) })
    : route.fulfill({ status: 404 }));
  return context;
}

/** The first `n` MNIST PGMs and their labels.json, in a temporary folder (from ../shared). */
export function mnistFolder(n: number): { dir: string; files: string[]; labels: number[]; close(): void } {
  if (!existsSync(join(MNIST_DIR, 'labels.json'))) throw new Error(`${MNIST_DIR} is absent`);
  const dir = mkdtempSync(join(tmpdir(), 'zkml-e2e-mnist-'));
  mkdirSync(dir, { recursive: true });
  const labels = (JSON.parse(readFileSync(join(MNIST_DIR, 'labels.json'), 'utf8')) as number[]).slice(0, n);
  const files = labels.map((_, i) => { const f = join(dir, `${i}.pgm`); writeFileSync(f, readFileSync(join(MNIST_DIR, `${i}.pgm`))); return f; });
  writeFileSync(join(dir, 'labels.json'), JSON.stringify(labels));
  return { dir, files: [...files, join(dir, 'labels.json')], labels, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openDatasets(page: Page, url: string, hash = '#datasets'): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await page.getByTestId('datasets').waitFor();
  await page.waitForFunction(() => !/Starting the IPFS node/.test(document.querySelector('[data-testid=dataset-peer]')?.textContent ?? 'Starting the IPFS node'), null, { timeout: 60_000 });
}

/** Adds files through the page's file input; returns the dataset CID and the milliseconds it took. */
export async function addThroughPage(page: Page, files: string[], timeout = 300_000): Promise<{ cid: string; ms: number }> {
  const t0 = Date.now();
  await page.getByTestId('dataset-files').setInputFiles(files);
  await page.waitForFunction(() => document.querySelector('[data-testid=dataset-cid]') || document.querySelector('[data-testid=dataset-error]'), null, { timeout });
  const err = await page.getByTestId('dataset-error').count();
  if (err) throw new Error(`the page shows an error: ${await page.getByTestId('dataset-error').textContent()}`);
  return { cid: (await page.getByTestId('dataset-cid').textContent())!.trim(), ms: Date.now() - t0 };
}

/** Opens #dataset=<cid> in `page` and waits for the grid (or an error); returns the labels shown and the time. */
export async function openThroughPage(page: Page, url: string, cid: string, timeout = 300_000): Promise<{ labels: string[]; summary: string; ms: number; error?: string }> {
  const t0 = Date.now();
  await page.goto('about:blank');
  await page.goto(`${url}/#dataset=${cid}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=dataset-grid]') || document.querySelector('[data-testid=dataset-error]'), null, { timeout });
  const ms = Date.now() - t0;
  if (await page.getByTestId('dataset-error').count()) return { labels: [], summary: '', ms, error: (await page.getByTestId('dataset-error').textContent()) ?? '' };
  return { labels: await page.getByTestId('dataset-label').allTextContents(), summary: (await page.getByTestId('dataset-summary').textContent()) ?? '', ms };
}
