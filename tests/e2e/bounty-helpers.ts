/**
 * Page helpers for driving the bounty app in Chromium, without a test runner (no `expect`): used by
 * bench/bounty.ts, which plays one whole bounty as a user does. They do what tests/e2e/bounty-app.test.ts's
 * own helpers do (that test keeps its own, with its assertions).
 *
 *   const ctx = await bountyContext(browser, { account: 'dev0', deployments, peer: peer.config });
 *   const p = await ctx.newPage();
 *   await p.goto(`${url}/#bounty=1`); await waitState(p, 'Open'); await click(p, 'do-commit'); await idle(p);
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Deployments } from '../../src/chain/deployments.js';
import { ZkmlError } from '../../src/core/errors.js';

/** The bounty page did not get where it was driven: a state never reached, an error shown, a button never enabled. */
export class BountyDriveError extends ZkmlError {
  override name = 'BountyDriveError';
}

/**
 * A browser context (its own storage) on the app with anvil account `account` chosen, the page reading the
 * given deployments.json and the local IPFS peer's ipfs.json (answered by routes: dist/ may be shared).
 */
export async function bountyContext(browser: Browser, o: { account: 'dev0' | 'dev1'; deployments: Deployments; peer?: unknown; viewport?: { width: number; height: number } }): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true });
  await ctx.route('**/deployments.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(o.deployments) }));
  if (o.peer !== undefined) await ctx.route('**/ipfs.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(o.peer) }));
  await ctx.addInitScript((a) => localStorage.setItem('zkml-bounty-account', a), o.account);
  return ctx;
}

/** The text of an error box, or null when there is none — read without waiting. */
export const errorText = (p: Page, testid = 'bounty-error'): Promise<string | null> =>
  p.evaluate((t) => document.querySelector(`[data-testid=${t}]`)?.textContent ?? null, testid).catch(() => null);

/** Waits for the bounty page's state, reporting the page's own error instead when it never comes. */
export async function waitState(p: Page, state: string, timeout = 120_000): Promise<void> {
  try {
    await p.waitForFunction((s) => document.querySelector('[data-testid=bounty-page]')?.getAttribute('data-state') === s, state, { timeout });
  } catch (e) {
    throw new BountyDriveError(`never reached ${state}; the page says: ${(await errorText(p)) ?? '(no error)'}`, { cause: e });
  }
}

/** Clicks a button once it is enabled. */
export async function click(p: Page, testid: string, timeout = 30_000): Promise<void> {
  try {
    await p.waitForFunction((t) => { const b = document.querySelector(`[data-testid=${t}]`) as HTMLButtonElement | null; return !!b && !b.disabled; }, testid, { timeout });
  } catch (e) {
    const why = await p.evaluate((t) => document.querySelector(`[data-testid=${t}]`)?.getAttribute('title') ?? '(no such button)', testid).catch(() => '?');
    throw new BountyDriveError(`${testid} never enabled (${why}); the page says: ${(await errorText(p)) ?? '(no error)'}`, { cause: e });
  }
  await p.getByTestId(testid).click();
}

/** Waits until the bounty page is not busy, then throws the page's error if it shows one. */
export async function idle(p: Page, timeout = 300_000): Promise<void> {
  await p.waitForFunction(() => !document.querySelector('[data-testid=bounty-busy]'), undefined, { timeout });
  const err = await errorText(p);
  if (err) throw new BountyDriveError(`the page reports: ${err}`);
}

/** The dev control: the chain's clock past the bounty's next deadline. */
export async function advance(p: Page): Promise<void> { await click(p, 'dev-advance'); await idle(p); }

/** The page's transaction log ("Transactions from this page"): label and gas, newest first. */
export const txLog = (p: Page): Promise<{ label: string; gas: number }[]> =>
  p.$$eval('[data-testid=tx]', (els) => els.map((e) => ({ label: e.getAttribute('data-label') ?? '', gas: Number((e.querySelector('[data-testid=tx-gas]')?.textContent ?? '').replace(/,/g, '')) })));
