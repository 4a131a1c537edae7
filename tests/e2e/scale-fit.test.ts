/**
 * A model too big for the tab (issue 15, Scale), in Chromium on the built app: the studio says so in the
 * circuit step BEFORE anything is compiled, from the estimate (src/core/fit.ts), with the numbers, and
 * offers the way out: the files for a native prover (circuit.circom and quantization.json now; r1cs, wasm,
 * witness and zkey as they exist) and the commands (CLI, rapidsnark, snarkjs verify). The model is synthetic
 * (tests/helpers/big-model.ts): millions of constraints from a few hundred weights, so transpiling it is
 * cheap and nothing is compiled. Screenshots at 1280 and 420 px: test-results/screenshots/scale-fit-*.png.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasChromium, SCREENSHOTS } from './browser.js';
import { openStudio, type Studio } from './studio-helpers.js';
import { bigModelFiles } from '../helpers/big-model.js';
import { tabFit } from '../../src/core/fit.js';

describe.skipIf(!hasChromium)('a model too big for the tab (Chromium)', () => {
  let st: Studio;
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkml-scale-fit-'));
    files = bigModelFiles().map(({ name, bytes }) => { const p = join(dir, name); writeFileSync(p, bytes); return p; });
    st = await openStudio();
  });
  afterAll(async () => {
    await st?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so before compiling, with the numbers, and offers the files and commands for a native prover', async () => {
    const { page } = st;
    await page.getByTestId('model-files').setInputFiles(files);
    await page.getByTestId('model-summary').waitFor({ timeout: 120_000 });
    const summary = (await page.getByTestId('model-summary').textContent())!;
    const estimate = Number(/([\d,]+) constraints estimated/.exec(summary)![1]!.replace(/,/g, ''));
    const power = Number(/ptau 2\s*(\d+)/.exec(summary)![1]);
    const fit = tabFit(estimate, power);
    expect(fit.verdict).toBe('cli');
    await expect.poll(() => page.getByTestId('model-warning').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/beyond what a browser tab can prove/)]));

    // the circuit step: the warning, before any compile, above the Compile button
    const warning = page.getByTestId('fit-warning');
    await warning.waitFor();
    const text = (await warning.textContent())!;
    expect(text).toContain(fit.message);
    expect(text).toMatch(/too big for a browser tab, even to compile/);
    expect(text).toContain(`${estimate.toLocaleString('en-US')} constraints`);
    expect(text).toContain(`2^${power}`);
    expect(text).toMatch(/GiB of memory/);
    expect(await page.getByTestId('real-constraints').count()).toBe(0);
    expect(await page.getByTestId('compile-result').count()).toBe(0);
    const before = await page.evaluate(() => {
      const w = document.querySelector('[data-testid=fit-warning]')!;
      const c = document.querySelector('[data-testid=compile]')!;
      return !!(w.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(before).toBe(true);

    // the offer: files that exist now, and the commands to finish outside the tab
    const offer = page.getByTestId('native-export');
    expect(await offer.getAttribute('open')).not.toBeNull();
    const recipe = (await page.getByTestId('native-recipe').textContent())!;
    expect(recipe).toMatch(/zkml transpile .* -o proj/);
    expect(recipe).toContain('zkml compile proj');
    expect(recipe).toContain(`powersOfTau28_hez_final_${power}.ptau`);
    expect(recipe).toContain('zkml witness proj --input input.json');
    expect(recipe).toContain('prover proj/circuit.zkey proj/witness.wtns proj/proof.json proj/public.json');
    expect(recipe).toMatch(/snarkjs groth16 verify/);
    expect(await page.getByTestId('native-dl-r1cs').count()).toBe(0); // nothing compiled: no r1cs to offer
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('native-dl-circom').click()]);
    expect(dl.suggestedFilename()).toBe('circuit.circom');
    const source = readFileSync((await dl.path())!, 'utf8');
    expect(source).toMatch(/component main/);
    const [dq] = await Promise.all([page.waitForEvent('download'), page.getByTestId('native-dl-quantization').click()]);
    expect(dq.suggestedFilename()).toBe('quantization.json');

    await page.getByTestId('fit-warning').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'scale-fit-1280.png') });
    await page.setViewportSize({ width: 420, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.getByTestId('fit-warning').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'scale-fit-420.png') });
    expect(st.errors).toEqual([]);
  });
});
