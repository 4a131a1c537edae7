/**
 * One-off measurement (minutes, not a test): the keras2circom MNIST CNN with a hashed input, end to end —
 * groth16 setup on the 2^17 DEVELOPMENT ptau, a proof in Node and in a browser worker (SnarkClient in
 * Chromium), and the share link of the real proof and key.
 *
 *   npx tsx scripts/measure-mnist-proving.ts            # needs ../shared/fixtures and /usr/bin/chromium
 *
 * Prints a JSON summary. Keys are development keys (public tau): numbers only, nothing to keep.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transpileFiles, witnessFromPlan } from '../src/core/transpile-files.js';
import { compileSource } from '../src/circuits/test/harness.js';
import { ensureDevPtau } from '../src/zk/dev-ptau-node.js';
import { setup } from '../src/zk/setup.js';
import { prove } from '../src/zk/prove.js';
import { encodeProofLink, decodeProofLink, verifyProofLink } from '../src/core/share/proof-link.js';
import { proofCommitments } from '../src/core/commit/proof-commitments.js';
import { hasChromium, launch, buildTestPage } from '../tests/e2e/browser.js';
import { MNIST_H5, mnistImage, mnistLabels, nested28 } from '../tests/helpers/mnist.js';

const out: Record<string, unknown> = {};
const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try { return await f(); } finally { out[label] = Math.round(performance.now() - t); console.error(`${label}: ${out[label]} ms`); }
};

const t = await time('transpileMs', () => transpileFiles([{ name: 'model.h5', bytes: new Uint8Array(readFileSync(MNIST_H5)) }], { inputRange: [0, 1], input: 'hashed' }));
out.constraintsEstimate = t.estimate.total;
out.publicSignals = t.publicSignals;
const c = await time('compileMs', () => compileSource(t.source, 'mnist-cnn-hashed'));
out.constraints = c.nConstraints;
const r1cs = new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs')));
const wasm = new Uint8Array(readFileSync(join(c.dir, 'circuit_js', 'circuit.wasm')));
const ptau = new Uint8Array(readFileSync(await ensureDevPtau(t.ptauPower)));
const keys = await time('setupNodeMs', () => setup({ scheme: 'groth16', r1cs, ptau, entropy: 'measure' }));
out.zkeyBytes = keys.zkey.length;

const k = 7;
const w = await witnessFromPlan(t.quantization, nested28(mnistImage(k)));
out.label = mnistLabels()[k];
out.predicted = w.output[0];
await time('proveNodeColdMs', () => prove({ scheme: 'groth16', wasm, zkey: keys.zkey, input: w.input }));
const proof = await time('proveNodeMs', () => prove({ scheme: 'groth16', wasm, zkey: keys.zkey, input: w.input }));

// a hashed input: public [out, claim]; the link shows the two commitments the claim folds (PROTOCOL §3a)
const pc = proofCommitments(t.quantization, nested28(mnistImage(k)));
const link = encodeProofLink({
  scheme: 'groth16', proof: proof.proof, publicSignals: proof.publicSignals, vkey: keys.vkey,
  meta: { modelCommitment: pc.model.toString(), outputClass: Number(proof.publicSignals[0]), inputCommitment: pc.input.toString(), publicSignalNames: t.publicSignals, title: 'MNIST digit', createdAt: new Date().toISOString() },
});
out.linkChars = link.length;
out.linkValid = (await verifyProofLink(decodeProofLink(link))).valid;

if (hasChromium) {
  const files = new Map([['c.wasm', wasm], ['c.zkey', keys.zkey]]);
  const page0 = await buildTestPage('zkml-measure-', (rel) => `
    import { SnarkClient } from ${rel('src/app/clients/snark-client.ts')};
    const client = new SnarkClient();
    const bytes = async (n) => new Uint8Array(await (await fetch('/fixtures/' + n)).arrayBuffer());
    window.run = async (input) => {
      const [wasm, zkey] = await Promise.all([bytes('c.wasm'), bytes('c.zkey')]);
      const warm = await client.warmup();
      const times = [];
      let r;
      for (let i = 0; i < 3; i++) { const t = performance.now(); r = await client.prove({ scheme: 'groth16', wasm, zkey, input }); times.push({ ms: performance.now() - t, ...r.timings }); }
      return { threads: warm.threads, times, publicSignals: r.publicSignals };
    };
    window.ready = true;
  `);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.route('**/fixtures/*', (route) => route.fulfill({ status: 200, body: Buffer.from(files.get(new URL(route.request().url()).pathname.split('/').pop()!)!) }));
    await page.goto(page0.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const r = await page.evaluate((input) => (window as unknown as { run(i: unknown): Promise<{ threads: number; times: { ms: number; witnessMs: number; proveMs: number }[]; publicSignals: string[] }> }).run(input), w.input);
    out.browserThreads = r.threads;
    out.proveWorker = r.times.map((x) => ({ totalMs: Math.round(x.ms), witnessMs: x.witnessMs, proveMs: x.proveMs }));
    out.workerSignalsMatch = JSON.stringify(r.publicSignals) === JSON.stringify(proof.publicSignals);
  } finally {
    await browser.close();
    await page0.close();
  }
}
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
console.log(JSON.stringify(out, null, 2));
