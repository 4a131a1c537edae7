/**
 * The Keys page (#keys) in Chromium, on the built app (ZKML_DIST): a key pair made in the page and kept
 * in IndexedDB (survives a reload), its passphrase-protected backup downloaded, the key deleted after a
 * confirmation, the backup refused with a wrong passphrase and as a bad file, then imported; a
 * hand-over of the tiny model encrypted in Node to the page's public key (src/core/handover +
 * src/core/commit/model.ts, the files `zkml handover encrypt` writes) decrypted in the page: the
 * downloaded model.json + weights.bin and model.h5 load back through load-model.ts and transpile to
 * the same commitment; a ciphertext for another key and another commitment are plain-words errors.
 * Screenshots at 1280 and 420 px, no horizontal overflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launch, serveDist, SCREENSHOTS } from './browser.js';
import { tinyModelFiles } from '../helpers/tiny-model.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { modelCommitment, modelLimbs } from '../../src/core/commit/model.js';
import { architectureOf } from '../../src/core/commit/architecture.js';
import { encryptModel, randomNonce } from '../../src/core/handover/handover.js';
import { generateKeyPair, generateHunterKeyPair, importKeyFile } from '../../src/core/handover/keys.js';
import type { Point } from '../../src/core/handover/babyjub.js';

const PASS = 'correct horse battery';

describe.skipIf(!hasChromium)('Keys page: provider keys and receiving a handed-over model', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-e2e-keys-'));
  let pub: [string, string];
  let backup = '';

  beforeAll(async () => {
    server = await serveDist();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const idle = () => page.waitForFunction(() => !document.querySelector('[data-testid=keys-busy]'), null, { timeout: 120_000 });
  const keyError = async () => ({ name: await page.getByTestId('keys-error').getAttribute('data-error'), text: await page.getByTestId('keys-error').textContent() });
  const readPub = async (): Promise<[string, string]> => [(await page.getByTestId('key-pub-x').first().textContent())!.trim(), (await page.getByTestId('key-pub-y').first().textContent())!.trim()];
  const save = async (testid: string, name: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    const path = join(tmp, name);
    await dl.saveAs(path);
    return { path, suggested: dl.suggestedFilename() };
  };

  it('the header links to #keys; a key pair is made in the page, kept across a reload, its backup downloaded', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keys').waitFor();
    await idle();
    expect(await page.getByTestId('keys-warning').textContent()).toMatch(/Losing the key means losing the model/);
    expect(await page.getByTestId('keys-empty').count()).toBe(1);
    await page.getByTestId('key-name').fill('Bounty provider');
    await page.getByTestId('key-new').click();
    await page.getByTestId('key-item').waitFor();
    await idle();
    pub = await readPub();
    expect(pub.every((v) => /^\d{60,78}$/.test(v))).toBe(true);
    expect(await page.getByTestId('key-not-backed-up').count()).toBe(1);
    await page.reload();
    await page.getByTestId('key-item').waitFor();
    expect(await readPub()).toEqual(pub);

    // a short or mismatched passphrase is refused in plain words
    await page.getByTestId('key-export').click();
    await page.getByTestId('export-pass').fill('short');
    await page.getByTestId('export-pass2').fill('short');
    await page.getByTestId('export-go').click();
    await page.getByTestId('keys-error').waitFor();
    expect((await keyError()).text).toMatch(/at least 8 characters/);
    await page.getByTestId('export-pass').fill(PASS);
    await page.getByTestId('export-pass2').fill(`${PASS}!`);
    await page.getByTestId('export-go').click();
    await page.waitForFunction(() => /differ/.test(document.querySelector('[data-testid=keys-error]')?.textContent ?? ''));

    await page.getByTestId('export-pass2').fill(PASS);
    const t0 = Date.now();
    const dl = await save('export-go', 'backup.json');
    console.log(`[keys] backup exported in ${Date.now() - t0} ms (${dl.suggested})`);
    await idle();
    backup = readFileSync(dl.path, 'utf8');
    expect(JSON.parse(backup).kind).toBe('zkml/babyjub-key/v1');
    expect(Object.keys(JSON.parse(backup)).sort()).toEqual(['cipher', 'kdf', 'kind', 'publicKey', 'secretKey']);
    expect(JSON.parse(backup).secretKey).toMatch(/^[A-Za-z0-9+/]{64}$/); // 32 bytes + the GCM tag, encrypted
    const kp = await importKeyFile(backup, PASS); // the file opens in Node with the passphrase
    expect([String(kp.pub[0]), String(kp.pub[1])]).toEqual(pub);
    expect(await page.getByTestId('key-backed-up').count()).toBe(1);
  });

  it('delete asks first; the backup is refused with a wrong passphrase and as a bad file, then imported', async () => {
    await page.getByTestId('key-delete').click();
    expect(await page.getByTestId('delete-confirm').textContent()).toMatch(/restore it only from its backup/);
    await page.getByTestId('delete-no').click();
    expect(await page.getByTestId('key-item').count()).toBe(1);
    await page.getByTestId('key-delete').click();
    await page.getByTestId('delete-yes').click();
    await page.getByTestId('keys-empty').waitFor();

    const bf = join(tmp, 'backup.json');
    await page.getByTestId('import-file').setInputFiles(bf);
    await page.waitForFunction(() => !(document.querySelector('[data-testid=import-go]') as HTMLButtonElement).disabled);
    await page.getByTestId('import-pass').fill('not the passphrase');
    await page.getByTestId('import-go').click();
    await page.getByTestId('keys-error').waitFor();
    await idle();
    let e = await keyError();
    expect(e.name).toBe('WrongPassphraseError');
    expect(e.text).toMatch(/Wrong passphrase.*does not open the key file/);
    expect(await page.getByTestId('key-item').count()).toBe(0);

    const bad = join(tmp, 'not-a-key.json');
    writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    await page.getByTestId('import-file').setInputFiles(bad);
    await page.waitForFunction(() => /not-a-key/.test(document.body.textContent ?? ''));
    await page.getByTestId('import-pass').fill(PASS);
    await page.getByTestId('import-go').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=keys-error]')?.getAttribute('data-error') === 'BadKeyFileError');
    e = await keyError();
    expect(e.text).toMatch(/Not a ZKML key file/);

    await page.getByTestId('import-file').setInputFiles(bf);
    await page.waitForFunction(() => /backup\.json/.test(document.body.textContent ?? ''));
    await page.getByTestId('import-pass').fill(PASS);
    await page.getByTestId('import-go').click();
    await page.getByTestId('key-item').waitFor();
    await idle();
    expect(await page.getByTestId('keys-error').count()).toBe(0);
    expect(await readPub()).toEqual(pub);
    expect(await page.getByTestId('key-backed-up').count()).toBe(1);
  });

  it('a hand-over of the tiny model made in Node is decrypted, checked and rebuilt; downloads transpile to the same commitment', async () => {
    const { q } = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    const commitment = modelCommitment(q);
    const { weightLimbs, biasLimbs } = modelLimbs(q);
    const limbs = [...weightLimbs, ...biasLimbs];
    const write = (name: string, to: Point, extra: Record<string, unknown> = {}) => {
      const hunter = generateHunterKeyPair();
      const nonce = randomNonce();
      const ct = encryptModel(limbs, to, hunter.sk, nonce);
      const f = join(tmp, name);
      writeFileSync(f, JSON.stringify({
        kind: 'zkml/handover-ciphertext/v1', ciphertext: ct.map(String), hunterPub: hunter.pub.map(String), nonce: String(nonce),
        providerPub: to.map(String), commitment: String(commitment), ...extra,
      }, null, 2));
      return f;
    };
    const providerPub: Point = [BigInt(pub[0]), BigInt(pub[1])];
    const ctFile = write('ciphertext.json', providerPub);
    const otherFile = write('ciphertext-other.json', generateKeyPair().pub);
    const archFile = join(tmp, 'architecture.json');
    writeFileSync(archFile, JSON.stringify(architectureOf(q)));

    const decrypt = async () => {
      await page.getByTestId('recv-go').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid=keys-busy]')
        && (document.querySelector('[data-testid=recv-result]') || document.querySelector('[data-testid=recv-error]')), null, { timeout: 120_000 });
      return page.getByTestId('recv-error').count().then(async (n) => (n ? { name: await page.getByTestId('recv-error').getAttribute('data-error'), text: await page.getByTestId('recv-error').textContent() } : undefined));
    };

    // no commitment entered: said so
    await page.getByTestId('handover-files').setInputFiles([ctFile, archFile]);
    await page.getByTestId('loaded-arch').waitFor();
    expect(await page.getByTestId('loaded-ct').textContent()).toMatch(/ciphertext\.json · \d+ words/);
    expect((await decrypt())?.text).toMatch(/Enter the bounty's model commitment/);

    // another commitment
    await page.getByTestId('recv-commitment').fill(String(commitment + 1n));
    let e = await decrypt();
    expect(e?.name).toBe('CommitmentMismatchError');
    expect(e?.text).toMatch(/Not the committed model.*do not match the model commitment/);

    // the right one
    await page.getByTestId('recv-commitment').fill(String(commitment));
    // the page's thread stays free while the worker decrypts and rebuilds: the longest gap between 20 ms ticks
    await page.evaluate(() => {
      const w = window as unknown as { gap: number; last: number; timer: number };
      w.gap = 0; w.last = performance.now();
      w.timer = window.setInterval(() => { const t = performance.now(); w.gap = Math.max(w.gap, t - w.last); w.last = t; }, 20);
    });
    const t0 = Date.now();
    expect(await decrypt()).toBeUndefined();
    const gap = await page.evaluate(() => { const w = window as unknown as { gap: number; timer: number }; clearInterval(w.timer); return w.gap; });
    console.log(`[keys] decrypted, checked and rebuilt in ${Date.now() - t0} ms (longest main-thread gap ${gap.toFixed(0)} ms): ${await page.getByTestId('recv-result').textContent()}`);
    expect(gap).toBeLessThan(400);
    const mj = await save('dl-model-json', 'model.json');
    const wb = await save('dl-weights-bin', 'weights.bin');
    const h5 = await save('dl-h5', 'model.h5');
    expect([mj.suggested, wb.suggested, h5.suggested]).toEqual(['model.json', 'weights.bin', 'model.h5']);
    const bytes = (p: string) => new Uint8Array(readFileSync(p));
    const record = JSON.parse(readFileSync(mj.path, 'utf8')).userDefinedMetadata.zkml;
    expect(record.commitment).toBe(String(commitment));
    const tfjs = transpile(await loadModel([{ name: 'model.json', bytes: bytes(mj.path) }, { name: 'weights.bin', bytes: bytes(wb.path) }]), record.transpile).q;
    const keras = transpile(await loadModel([{ name: 'model.h5', bytes: bytes(h5.path) }]), record.transpile).q;
    expect(modelCommitment(tfjs)).toBe(commitment);
    expect(modelCommitment(keras)).toBe(commitment);

    // screenshots: 1280 and 420 px, no horizontal overflow
    for (const width of [1280, 420]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(scroll, `overflow at ${width} px`).toBeLessThanOrEqual(inner);
      await page.screenshot({ path: join(SCREENSHOTS, `keys-handover-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // a ciphertext encrypted to another key
    await page.getByTestId('handover-files').setInputFiles([otherFile]);
    await page.waitForFunction(() => /ciphertext-other\.json/.test(document.querySelector('[data-testid=loaded-ct]')?.textContent ?? ''));
    e = await decrypt();
    expect(e?.name).toBe('WrongKeyError');
    expect(e?.text).toMatch(/was not encrypted to this key/);
    expect(await page.getByTestId('recv-result').count()).toBe(0);

    // a file that is neither
    await page.getByTestId('handover-files').setInputFiles([join(tmp, 'not-a-key.json')]);
    await page.waitForFunction(() => document.querySelector('[data-testid=recv-error]')?.getAttribute('data-error') === 'HandoverFileError');
    expect(await page.getByTestId('recv-error').textContent()).toMatch(/neither a hand-over ciphertext/);
    expect(errors).toEqual([]);
  });

  it('the studio header fits at 420 px with the Keys link', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    await page.goto(`${server.url}/`);
    await page.getByTestId('nav-keys').waitFor();
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);
  });
});
