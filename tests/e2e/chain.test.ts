/**
 * The chain in the app, in Chromium, through `npm start`'s stack (scripts/start.mjs --no-build:
 * anvil on a free port, VerifierRegistry deployed, dist/deployments.json written, vite preview):
 * prove the tiny model in the studio with the default Development setup (public beacon: δ ≠ γ), "Verify on chain" (registration + verify: tx hash, gas, the
 * ProofVerified event on screen), the same proof again ("already recorded", not a failure), the share
 * link checked against the chain, the receipt still there after a reload; an injected EIP-1193 wallet
 * (switched and added, its refusals said, then sending); then anvil stops (npm start keeps serving the
 * app and says so; CHAIN_RESTARTS=0 here, its restart is tested in scripts/start.test.ts) and the studio still proves; served again with the deployment's node on another chain id,
 * then with no node: "Wrong chain", "no Ethereum node answers", and the share link "not checked on chain".
 * Serves the build under test (ZKML_DIST, else dist/). Screenshots go to test-results/screenshots/.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium } from './browser.js';
import { freePort, startAnvil, type AnvilInstance } from '../../scripts/chain.js';
import { openStudio, writeTinyModel, proveTinyModel, proveWith, TINY_INPUT, type Studio } from './studio-helpers.js';
import { ANVIL_DEV_ADDRESS, DEV_ACCOUNT_LABEL } from '../../src/app/chain/dev-account.js';

/** anvil's development account #1, the injected wallet's account here (not the page's default #0) */
const ANVIL_ACCOUNT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const SHOTS = join(process.cwd(), 'test-results/screenshots');
const DIST = resolve(process.env.ZKML_DIST ?? 'dist');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

/** A plain static server over the build on a given loopback port (index.html for unknown paths). */
async function serveStatic(dir: string, port: number): Promise<Server> {
  const srv = createServer((req, res) => {
    void (async () => {
      const rel = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(dir, rel.endsWith('/') ? `${rel}index.html` : rel);
      let body: Buffer;
      try { body = await readFile(file); } catch { file = join(dir, 'index.html'); body = await readFile(file); }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    })().catch(() => { res.writeHead(404); res.end(); });
  });
  await new Promise<void>((ok, fail) => { srv.once('error', fail); srv.listen(port, '127.0.0.1', () => ok()); });
  return srv;
}

interface Stack { appUrl: string; chainPort: number; child: ChildProcess; output: () => string; exited: Promise<number | null> }

/** `node scripts/start.mjs --no-build` on free ports; resolves when it says it is ready. */
async function startStack(deployments: string): Promise<Stack> {
  if (!existsSync(join(process.cwd(), 'node_modules/.zkml-lock-hash'))) throw new Error('node_modules is not installed (npm start would install it)');
  const [port, chainPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--dist', DIST, '--port', String(port), '--chain-port', String(chainPort), '--deployments', deployments], {
    cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'],
    // the chain stays down when it dies, so the page's "unreachable" can be seen (restarts: scripts/start.test.ts)
    env: { ...process.env, CHAIN_RESTARTS: '0' },
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await Promise.race([
    (async () => { while (!/\[start\] ready/.test(out)) await new Promise((r) => setTimeout(r, 100)); return true; })(),
    exited.then(() => false),
    new Promise<false>((r) => setTimeout(() => r(false), 180_000)),
  ]);
  if (!ready) { child.kill('SIGINT'); throw new Error(`npm start's stack did not come up:\n${out}`); }
  const appUrl = /\[start\] app\s+(http:\/\/\S+)/.exec(out)?.[1];
  if (!appUrl) throw new Error(`no app URL in:\n${out}`);
  return { appUrl, chainPort, child, output: () => out, exited };
}

/** Waits for the chain section to report `problem`; fails with what it shows instead. */
async function waitForProblem(page: Page, problem: string): Promise<void> {
  try {
    await page.waitForFunction((p) => document.querySelector('[data-testid=chain-unavailable]')?.getAttribute('data-problem') === p, problem, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`the chain section never said ${problem}; it shows: ${await page.getByTestId('chain-status').textContent().catch(() => '?')}`, { cause: e });
  }
}

/** The pid listening on a loopback port (anvil), from `ss`. */
function listenerPid(port: number): number | undefined {
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

describe.skipIf(!hasChromium)('the chain in the app (npm start stack, Chromium)', () => {
  let stack: Stack | undefined;
  let studio: Studio | undefined;
  let context: BrowserContext;
  let page: Page;
  let tmp: string;
  let link = '';
  let txHash = '';
  let block = '';
  const errors: string[] = [];
  const measured: Record<string, string | number> = {};
  let server: Server | undefined;
  let other: AnvilInstance | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'zkml-chain-e2e-'));
    const t0 = performance.now();
    stack = await startStack(join(tmp, 'deployments.json'));
    measured.stackReadyMs = Math.round(performance.now() - t0);
    studio = await openStudio({ url: stack.appUrl, errors });
    ({ context, page } = studio);
  });

  afterAll(async () => {
    console.log('chain e2e:', JSON.stringify(measured));
    await studio?.close();
    if (stack && stack.child.exitCode === null) { stack.child.kill('SIGINT'); await stack.exited; }
    await other?.stop();
    if (server) await new Promise((r) => server!.close(r));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('serves deployments.json at ./deployments.json, never precached', async () => {
    const r = await page.evaluate(async () => { const x = await fetch('./deployments.json', { cache: 'no-store' }); return { ok: x.ok, json: await x.json() as Record<string, unknown> }; });
    expect(r.ok).toBe(true);
    expect(r.json).toMatchObject({ chainId: 31337, development: true, rpcUrl: `http://127.0.0.1:${stack!.chainPort}` });
  });

  it('prove in the studio, Verify on chain: registration, tx hash, gas used and the event on screen', async () => {
    const t0 = performance.now();
    await proveTinyModel(page, writeTinyModel(join(tmp, 'tiny')));
    measured.proveMs = Math.round(performance.now() - t0);
    const step = page.getByTestId('step-chain');
    await step.scrollIntoViewIfNeeded();
    await step.getByTestId('chain-ready').waitFor({ timeout: 60_000 });
    expect(await step.getByTestId('chain-id').textContent()).toBe('31337');
    expect(await step.getByTestId('chain-dev-account').textContent()).toBe(DEV_ACCOUNT_LABEL);
    expect(await step.getByTestId('chain-account').textContent()).toContain(ANVIL_DEV_ADDRESS);
    // the user's path: the default Development setup (its public beacon contribution makes δ ≠ γ), then straight to the chain
    expect(await page.getByTestId('setup-result').textContent()).toMatch(/development setup/);
    expect(await step.getByTestId('chain-degenerate').count()).toBe(0);
    expect(await step.getByTestId('verify-chain').isDisabled()).toBe(false);
    await step.screenshot({ path: join(SHOTS, 'chain-01-status-dev-key.png') });

    const t1 = performance.now();
    await step.getByTestId('verify-chain').click();
    // the receipt, or an error said on screen (failing here with its words rather than a timeout)
    await step.locator('[data-testid=chain-receipt], [data-testid=chain-error]').first().waitFor({ timeout: 120_000 });
    if (await step.getByTestId('chain-error').count()) throw new Error(`Verify on chain failed: ${await step.getByTestId('chain-error').textContent()}`);
    measured.verifyOnChainMs = Math.round(performance.now() - t1);
    expect(await step.getByTestId('chain-error').count()).toBe(0);
    expect(await step.getByTestId('chain-result').getAttribute('data-result')).toBe('verified');
    expect(await step.getByTestId('chain-result').textContent()).toMatch(/Verified on chain.*block \d+ of chain 31337/);
    expect(await step.getByTestId('chain-outcome').textContent()).toMatch(/^valid: VerifierRegistry\.verify accepted the proof and recorded its claim$/);
    txHash = (await step.getByTestId('chain-tx').textContent())!;
    expect(txHash).toMatch(/^0x[0-9a-f]{64}$/);
    block = (await step.getByTestId('chain-block').textContent())!;
    const gas = (await step.getByTestId('chain-gas').textContent())!;
    expect(gas).toMatch(/^[\d,]+ of an explicit 1,500,000 limit$/);
    measured.gasUsed = gas;
    expect(Number(gas.split(' ')[0]!.replace(/,/g, ''))).toBeLessThan(400_000);
    expect(await step.getByTestId('event-prover').textContent()).toBe(ANVIL_DEV_ADDRESS);
    expect(await step.getByTestId('event-circuit').textContent()).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await step.getByTestId('event-signals').textContent()).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await step.getByTestId('event-claim').textContent()).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await step.getByTestId('chain-registration').textContent()).toMatch(/Circuit registered first, in tx 0x/);
    await step.screenshot({ path: join(SHOTS, 'chain-02-verified.png') });
  });

  it('the same proof again: "already recorded" with block and first prover, not a failure', async () => {
    const step = page.getByTestId('step-chain');
    await step.getByTestId('verify-chain').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=chain-result]')?.getAttribute('data-result') === 'already-recorded', null, { timeout: 60_000 });
    const text = (await step.getByTestId('chain-result').textContent())!;
    expect(text).toMatch(new RegExp(`already recorded in block ${block} by ${ANVIL_DEV_ADDRESS.slice(0, 10)}…${ANVIL_DEV_ADDRESS.slice(-8)}`));
    expect(await step.getByTestId('event-prover').textContent()).toBe(ANVIL_DEV_ADDRESS);
    expect(text).toMatch(/The proof is fine/);
    expect(await step.getByTestId('chain-tx').textContent()).toBe(txHash);
    expect(await step.getByTestId('chain-gas').count()).toBe(0);
    expect(await step.getByTestId('chain-error').count()).toBe(0);
    await step.screenshot({ path: join(SHOTS, 'chain-03-already-recorded.png') });
    // a phone-sized viewport: facts stack under their labels, long hashes wrap inside the card
    await page.setViewportSize({ width: 400, height: 900 });
    // (only this step is checked: others are other tests' business)
    expect(await step.evaluate((el) => [...el.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 401).map((e) => e.outerHTML.slice(0, 80)))).toEqual([]);
    await step.screenshot({ path: join(SHOTS, 'chain-03-narrow.png') });
    await page.setViewportSize({ width: 1180, height: 900 });
    link = await page.getByTestId('share-link').inputValue();
  });

  it('the share link: valid offline, and "this claim (circuit, public signals) was recorded on chain … in tx … (block N) by 0x…"', async () => {
    const view = await context.newPage();
    view.on('pageerror', (e) => errors.push(e.message));
    await view.goto(link);
    await view.getByTestId('proof-verdict').waitFor({ timeout: 60_000 });
    expect(await view.getByTestId('proof-verdict').textContent()).toBe('valid');
    await view.waitForFunction(() => document.querySelector('[data-testid=chain-claim-result]'), null, { timeout: 30_000 });
    expect(await view.getByTestId('chain-claim-result').getAttribute('data-status')).toBe('recorded');
    expect(await view.getByTestId('chain-claim-result').textContent()).toMatch(new RegExp(`This claim \\(circuit, public signals\\) was recorded on chain 31337 in tx 0x[0-9a-f]{8}…[0-9a-f]{8} \\(block ${block}\\) by 0x`));
    expect(await view.getByTestId('chain-claim-tx').getAttribute('title')).toBe(txHash);
    expect(await view.getByTestId('chain-claim-prover').getAttribute('title')).toBe(ANVIL_DEV_ADDRESS);
    await view.screenshot({ path: join(SHOTS, 'chain-04-link.png'), fullPage: true });
    await view.close();
  });

  it('after a reload the project still shows its on-chain receipt, confirmed on the current chain', async () => {
    await page.reload();
    await page.locator('[data-testid=project]', { hasText: 'tiny' }).first().getByTestId('open-project').click();
    const step = page.getByTestId('step-chain');
    await step.getByTestId('chain-receipt').waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('chain-tx').textContent()).toBe(txHash);
    await step.getByTestId('chain-live').waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('chain-live').textContent()).toMatch(/Still recorded on the current chain/);
  });

  it('an injected EIP-1193 wallet: switched to the chain (added first), refusals said plainly, then the proof sent from it', async () => {
    // window.ethereum as a browser wallet on this node would be: its own chain (1) until switched, anvil's account #1
    await context.addInitScript(({ rpcUrl, account }) => {
      let chainId = 1;
      const known = new Set([1]);
      const w = window as unknown as { ethereum: unknown; walletCalls: string[]; walletReject: Set<string> };
      w.walletCalls = [];
      w.walletReject = new Set();
      let connected = false;
      const rpc = async (method: string, params: unknown) => {
        const r = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }) });
        const j = await r.json() as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
        if (j.error) throw Object.assign(new Error(j.error.message), { code: j.error.code, data: j.error.data });
        return j.result;
      };
      w.ethereum = {
        async request({ method, params }: { method: string; params?: { chainId?: string }[] }) {
          w.walletCalls.push(method);
          if (w.walletReject.delete(method)) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
          switch (method) {
            case 'eth_chainId': return `0x${chainId.toString(16)}`;
            case 'eth_accounts': return connected ? [account] : [];
            case 'eth_requestAccounts': connected = true; return [account];
            case 'wallet_switchEthereumChain': {
              const id = Number.parseInt(params![0]!.chainId!, 16);
              if (!known.has(id)) throw Object.assign(new Error('Unrecognized chain ID'), { code: 4902 });
              chainId = id;
              return null;
            }
            case 'wallet_addEthereumChain': known.add(Number.parseInt(params![0]!.chainId!, 16)); return null;
            default:
              if (chainId !== 31337) throw Object.assign(new Error('the wallet is on another chain'), { code: 4901 });
              return rpc(method, params);
          }
        },
      };
    }, { rpcUrl: `http://127.0.0.1:${stack!.chainPort}`, account: ANVIL_ACCOUNT_1 });
    const wpage = await context.newPage();
    wpage.on('pageerror', (e) => errors.push(e.message));
    await wpage.goto(stack!.appUrl);
    await wpage.locator('[data-testid=project]', { hasText: 'tiny' }).first().getByTestId('open-project').click();
    const step = wpage.getByTestId('step-chain');
    await step.getByTestId('chain-ready').waitFor({ timeout: 30_000 });
    const account = (await step.getByTestId('chain-account').textContent())!;
    expect(account).toMatch(/Browser wallet \(window\.ethereum\).*asked for when you verify.*The wallet is on chain 1; it will be asked to switch to chain 31337/s);
    expect(await step.getByTestId('chain-dev-account').count()).toBe(0);
    await step.screenshot({ path: join(SHOTS, 'chain-10-injected-wallet.png') });

    // another input: a new claim (the circuit is already registered)
    await proveWith(wpage, TINY_INPUT.map((row) => row.map(() => [0.5])));
    await step.getByTestId('chain-ready').waitFor({ timeout: 30_000 });
    const reject = (m: string) => wpage.evaluate((x) => { (window as unknown as { walletReject: Set<string> }).walletReject.add(x); }, m);
    const failure = async () => {
      await step.locator('[data-testid=chain-receipt], [data-testid=chain-error]').first().waitFor({ timeout: 60_000 });
      return { kind: await step.getByTestId('chain-error').getAttribute('data-kind'), text: await step.getByTestId('chain-error').textContent() };
    };
    await reject('eth_requestAccounts');
    await step.getByTestId('verify-chain').click();
    expect(await failure()).toMatchObject({ kind: 'rejected', text: expect.stringMatching(/Rejected in the wallet.*the account request was rejected in the wallet/s) });
    await reject('eth_sendTransaction');
    await step.getByTestId('verify-chain').click();
    await wpage.waitForFunction(() => /Transaction rejected/.test(document.querySelector('[data-testid=chain-error]')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(await failure()).toMatchObject({ kind: 'rejected', text: expect.stringMatching(/Transaction rejected.*nothing was sent/s) });
    await step.screenshot({ path: join(SHOTS, 'chain-11-wallet-rejected.png') });

    await step.getByTestId('verify-chain').click();
    await step.locator('[data-testid=chain-receipt], [data-testid=chain-error]').first().waitFor({ timeout: 60_000 });
    if (await step.getByTestId('chain-error').count()) throw new Error(`Verify on chain failed: ${await step.getByTestId('chain-error').textContent()}`);
    expect(await step.getByTestId('chain-result').getAttribute('data-result')).toBe('verified');
    expect(await step.getByTestId('event-prover').textContent()).toBe(ANVIL_ACCOUNT_1);
    expect(await step.getByTestId('chain-registration').textContent()).toMatch(/already registered/);
    const calls = await wpage.evaluate(() => (window as unknown as { walletCalls: string[] }).walletCalls);
    expect(calls).toEqual(expect.arrayContaining(['eth_requestAccounts', 'wallet_switchEthereumChain', 'wallet_addEthereumChain', 'eth_sendTransaction']));
    expect(calls.indexOf('wallet_addEthereumChain')).toBeLessThan(calls.lastIndexOf('wallet_switchEthereumChain'));
    // the status follows the wallet: its account now, on the deployment's chain
    await step.getByTestId('chain-wallet-address').waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('chain-wallet-address').textContent()).toBe(ANVIL_ACCOUNT_1);
    expect(await step.getByTestId('chain-account').textContent()).not.toMatch(/asked to switch/);
    await step.screenshot({ path: join(SHOTS, 'chain-12-wallet-verified.png') });
    await wpage.close();
  });

  it('anvil stops: npm start keeps serving the app and says so; the chain section says so, the studio still proves offline', async () => {
    const pid = listenerPid(stack!.chainPort);
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGTERM');
    // npm start keeps the app (and the IPFS peer) and says the chain stopped, and how to start it again
    const t0 = Date.now();
    while (!/the local chain is not restarted/.test(stack!.output()) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    expect(stack!.output()).toMatch(/the local chain \(anvil pid \d+, http:\/\/127\.0\.0\.1:\d+\) stopped .*the app keeps running/);
    expect(stack!.output()).toMatch(/npm run chain -- --port/);
    expect((await fetch(stack!.appUrl)).status).toBe(200);
    const step = page.getByTestId('step-chain');
    await step.getByTestId('chain-refresh').click();
    await step.getByTestId('chain-unavailable').waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('chain-unavailable').getAttribute('data-problem')).toBe('unreachable');
    expect(await step.getByTestId('chain-unavailable').textContent()).toMatch(/Chain unreachable.*works without it/s);
    // the receipt stays, but is no longer said to be on the current chain
    expect(await step.getByTestId('chain-receipt').count()).toBe(1);
    expect(await step.getByTestId('chain-live').count()).toBe(0);
    await step.screenshot({ path: join(SHOTS, 'chain-05-unreachable.png') });

    const before = await page.getByTestId('share-link').inputValue();
    await proveWith(page, TINY_INPUT.map((row) => row.map(([v]) => [1 - v!])));
    await page.waitForFunction((old) => (document.querySelector('[data-testid=share-link]') as HTMLTextAreaElement | null)?.value !== old, before, { timeout: 120_000 });
    expect(await page.getByTestId('proof-verified').textContent()).toMatch(/Proof verified/);
    await step.getByTestId('chain-unavailable').waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('verify-chain').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'chain-06-offline-studio.png'), fullPage: true });
    // Ctrl-C stops what is left (the app server, the peer), freeing the app's port for the next test
    stack!.child.kill('SIGINT');
    expect(await stack!.exited).toBe(0);
  });

  it('the app served, the deployment\'s node on another chain, then no node at all: each said plainly', async () => {
    // the same origin as before (its projects and service worker), the deployments.json npm start left in the build
    const appPort = Number(new URL(stack!.appUrl).port);
    server = await serveStatic(DIST, appPort);
    other = await startAnvil({ port: stack!.chainPort, args: ['--chain-id', '31338'] });
    const step = page.getByTestId('step-chain');
    await step.getByTestId('chain-retry').click();
    await waitForProblem(page, 'wrong-chain');
    expect(await step.getByTestId('chain-unavailable').textContent()).toMatch(/Wrong chain.*connected to chain 31338, but the contracts are deployed on chain 31337/s);
    expect(await step.getByTestId('verify-chain').isDisabled()).toBe(true);
    await step.screenshot({ path: join(SHOTS, 'chain-07-wrong-chain.png') });

    await other.stop();
    other = undefined;
    await step.getByTestId('chain-retry').click();
    await waitForProblem(page, 'unreachable');
    expect(await step.getByTestId('chain-unavailable').textContent()).toMatch(new RegExp(`no Ethereum node answers at http://127\\.0\\.0\\.1:${stack!.chainPort}.*works without it`, 's'));
    await step.screenshot({ path: join(SHOTS, 'chain-08-no-node.png') });

    // the share link without a chain: valid in the browser, "not checked on chain"
    const view = await context.newPage();
    view.on('pageerror', (e) => errors.push(e.message));
    await view.goto(await page.getByTestId('share-link').inputValue());
    await view.getByTestId('proof-verdict').waitFor({ timeout: 60_000 });
    expect(await view.getByTestId('proof-verdict').textContent()).toBe('valid');
    await view.waitForFunction(() => document.querySelector('[data-testid=chain-claim-result]'), null, { timeout: 30_000 });
    expect(await view.getByTestId('chain-claim-result').getAttribute('data-status')).toBe('unavailable');
    expect(await view.getByTestId('chain-claim-result').textContent()).toMatch(/not reachable: not checked on chain/);
    await view.getByTestId('chain-claim').screenshot({ path: join(SHOTS, 'chain-09-link-no-chain.png') });
    await view.close();
    expect(errors).toEqual([]);
  });
});
