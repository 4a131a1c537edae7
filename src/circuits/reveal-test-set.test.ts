import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as snarkjs from 'snarkjs';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { devGroth16Setup } from '../zk/dev-setup.js';
import { removeTmpAndTerminateCurve } from '../../tests/helpers/circuits.js';
import { toField } from '../core/field.js';
import { polyEval } from '../core/witness/poly-eval.js';
import { revealTestSet } from '../core/witness/reveal-test-set.js';
import { commitTestSet, revealCalldata, revealEval, revealWitness, testSetFromReveal, type TestSet } from '../core/testset/index.js';
import { RevealTestSet, revealTestSetConstraints } from './reveal-test-set.js';
import { hasShared, SKIP_REASON, mnistImage, mnistLabels } from '../../tests/helpers/mnist.js';
import { sampleSet } from '../../tests/helpers/sample-set.js';


const compileReveal = (K: number, M: number) => compileTemplate('reveal-test-set.circom', 'RevealTestSet', [K, M], { publicInputs: ['rho'] });

/** The circuit's public signals [testRoot, e, rho] from a witness (snarkjs order: outputs, then public inputs). */
const publicOf = (w: Awaited<ReturnType<CompiledCircuit['witness']>>) => [w.get('testRoot'), w.get('e'), w.get('rho')].map(toField);

describe('RevealTestSet(K, M)', () => {
  // 6 samples of 20 bytes, B = 2: K = 3 batches of m = 1 + ⌈42/31⌉ = 3 elements, depth 2 (one padding leaf)
  const { samples, labels } = sampleSet(6, 20, 10, 5);
  let ts: TestSet;
  let c: CompiledCircuit;
  beforeAll(async () => {
    ts = commitTestSet(samples, labels, 2, { classes: 10 });
    c = await compileReveal(3, 3);
  });

  it('costs K·(PoseidonCommit(M+2) − 6) + MerkleRoot over K leaves + K·M − 1', async () => {
    expect(c.nConstraints).toBe(RevealTestSet.constraints({ K: 3, M: 3 }));
    expect(c.nConstraints).toBe(1760);
    for (const [K, M, lit] of [[1, 2, 550], [4, 2, 1975]] as const) {
      const cc = await compileReveal(K, M);
      expect(cc.nConstraints).toBe(revealTestSetConstraints(K, M));
      expect(cc.nConstraints).toBe(lit);
    }
    // 100 MNIST samples in batches of 10 (formula; compiled below when the fixtures are present)
    expect(revealTestSetConstraints(10, 255)).toBe(111233);
    expect(revealTestSetConstraints(10, 255)).toBeLessThanOrEqual(2 ** 18);
  });

  it('an honest reveal: the circuit outputs the committed testRoot and the contract\'s e at the contract\'s ρ', async () => {
    const rw = revealWitness(ts);
    const w = await c.witness(rw.input);
    expect(w.satisfies()).toBe(true);
    expect(publicOf(w)).toEqual(rw.publicSignals);
    expect(rw.publicSignals[0]).toBe(ts.testRoot);
    expect(revealTestSet(rw.input.d, rw.input.rho)).toEqual({ testRoot: ts.testRoot, e: rw.publicSignals[1] });
    // a hunter reading the calldata back gets the same root
    expect(testSetFromReveal(rw.calldata, { B: 2, S: 20, C: 10 }).testRoot).toBe(ts.testRoot);
  });

  it('a reveal with one changed byte is refused: its (ρ, e) matches no proof for the committed testRoot', async () => {
    const R = revealCalldata(ts);
    for (const at of [5, 31 + 7, 3 * 31 + 40]) { // a salt byte of batch 0, a sample byte of batch 0, a sample byte of batch 1
      const R2 = R.slice();
      R2[at] ^= 0x10;
      const { rho: rho2, e: e2, elements: d2 } = revealEval(R2); // what the contract computes from the changed calldata
      const d = ts.batches.map((b) => b.elements);
      // (1) the committed data at the new ρ evaluates elsewhere: public signals [testRoot, e', ρ2] with e' ≠ e2
      const w1 = await c.witness({ d, rho: rho2 });
      expect(w1.satisfies()).toBe(true);
      expect(toField(w1.get('testRoot'))).toBe(ts.testRoot);
      expect(toField(w1.get('e'))).toBe(polyEval(d.flat(), rho2));
      expect(toField(w1.get('e'))).not.toBe(e2);
      // forging e to the contract's value is refused
      expect(w1.forge({ e: e2 }).satisfies()).toBe(false);
      // (2) the changed data evaluates to e2 but hashes to another root; claiming the committed root is refused
      const d2s = [d2.slice(0, 3), d2.slice(3, 6), d2.slice(6, 9)];
      const w2 = await c.witness({ d: d2s, rho: rho2 });
      expect(w2.satisfies()).toBe(true);
      expect(toField(w2.get('e'))).toBe(e2);
      expect(toField(w2.get('testRoot'))).not.toBe(ts.testRoot);
      expect(w2.forge({ testRoot: ts.testRoot }).satisfies()).toBe(false);
    }
  });

  it('rejects forged witnesses: another root or e, another element under the same outputs, a tampered leaf', async () => {
    const rw = revealWitness(ts);
    const w = await c.witness(rw.input);
    expect(w.forge({ testRoot: ts.testRoot + 1n }).satisfies()).toBe(false);
    expect(w.forge({ e: rw.publicSignals[1] + 1n }).satisfies()).toBe(false);
    expect(w.forge({ rho: rw.input.rho + 1n }).satisfies()).toBe(false);
    for (const [k, j] of [[0, 0], [1, 2], [2, 1]]) {
      const name = `d[${k}][${j}]`;
      if ((c.sym.get(`main.${name}`) ?? -1) < 0) continue;
      expect(w.forge({ [name]: rw.input.d[k][j] + 1n }).satisfies()).toBe(false);
    }
    const leafOut = [...c.sym].filter(([n, v]) => v >= 0 && /^main\.leaf\[\d\]\.commit\.h\[0\]\./.test(n)).map(([n]) => n);
    expect(leafOut.length).toBeGreaterThan(0);
    expect(w.forge({ [leafOut[leafOut.length - 1]]: w.get(leafOut[leafOut.length - 1]) + 1n }).satisfies()).toBe(false);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('reveal-test-set.circom', 'RevealTestSet', [0, 3])).toMatch(/K: number of batches/);
    expect(await compileError('reveal-test-set.circom', 'RevealTestSet', [2, 0])).toMatch(/M: elements per batch/);
    expect(() => RevealTestSet.validate({ K: 0, M: 3 })).toThrow(/parameter K/);
    expect(() => RevealTestSet.validate({ K: 2, M: 0 })).toThrow(/parameter M/);
  });

  describe('Groth16 proof against the verifier (development ptau)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'zkml-reveal-'));
    afterAll(() => removeTmpAndTerminateCurve(tmp));

    it('the honest reveal verifies with the contract\'s (ρ, e); one changed byte gives a (ρ, e) no proof for testRoot verifies', async () => {
      expect(c.nConstraints).toBeLessThan(2 ** 11 - 4);
      // the key snarkjs newZKey writes from circuits-prebuilt/dev-ptau/pot11_dev.ptau, byte for byte
      // (src/zk/dev-setup.test.ts), computed from the public dev secret: several times faster than newZKey
      const zkey = { data: await devGroth16Setup(new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs'))), { power: 11, contribution: false }) };
      const vk = await snarkjs.zKey.exportVerificationKey(zkey.data!);
      const wasm = join(c.dir, 'circuit_js', 'circuit.wasm');
      const str = (x: { d: bigint[][]; rho: bigint }) => ({ d: x.d.map((r) => r.map(String)), rho: String(x.rho) });
      const rw = revealWitness(ts);
      const honest = await snarkjs.groth16.fullProve(str(rw.input), wasm, zkey.data!);
      const contract = (R: Uint8Array) => { const { rho, e } = revealEval(R); return [ts.testRoot, e, rho].map(String); };
      expect(honest.publicSignals).toEqual(contract(rw.calldata));
      expect(await snarkjs.groth16.verify(vk, contract(rw.calldata), honest.proof)).toBe(true);
      const R2 = rw.calldata.slice();
      R2[31 + 7] ^= 1;
      // the honest proof against the changed calldata's signals
      expect(await snarkjs.groth16.verify(vk, contract(R2), honest.proof)).toBe(false);
      // a fresh proof of the committed data at the new ρ: its e is not the contract's
      const { rho: rho2 } = revealEval(R2);
      const atNewRho = await snarkjs.groth16.fullProve(str({ d: rw.input.d, rho: rho2 }), wasm, zkey.data!);
      expect(atNewRho.publicSignals[0]).toBe(String(ts.testRoot));
      expect(atNewRho.publicSignals[1]).not.toBe(contract(R2)[1]);
      expect(await snarkjs.groth16.verify(vk, contract(R2), atNewRho.proof)).toBe(false);
    }, 600_000);
  });

  describe.skipIf(!hasShared)('MNIST samples in batches of 10 (m = 255, the real batch size)', () => {
    // Every run: 10 MNIST images, one batch of 10 (m = 255 as in the 100-sample set): the formula at the real m on
    // real data. The K dependence is the formula's (compiled above for K = 1, 3, 4); the full K = 10 instance
    // (111,233 ≤ 2^18, pinned by the formula above) is compiled with ZKML_HEAVY=1 below and by bench/accuracy.ts:
    // about 230 s of circom alone, the slowest file of the suite before.
    it('K = 1, m = 255: compiled = formula, and the honest reveal satisfies it', async () => {
      const labels = mnistLabels().slice(0, 10);
      const images = Array.from({ length: 10 }, (_, k) => Uint8Array.from(mnistImage(k), (v) => Math.round(v * 255)));
      const mts = commitTestSet(images, labels, 10, { classes: 10 });
      expect([mts.K, mts.m]).toEqual([1, 255]);
      const cm = await compileReveal(1, 255);
      expect(cm.nConstraints).toBe(revealTestSetConstraints(1, 255));
      const rw = revealWitness(mts);
      expect(rw.calldata.length).toBe(255 * 31);
      const w = await cm.witness(rw.input);
      expect(w.satisfies()).toBe(true);
      expect(publicOf(w)).toEqual(rw.publicSignals);
    }, 1_800_000);
    it.skipIf(!process.env.ZKML_HEAVY)('K = 10, m = 255: 111233 constraints (≤ 2^18), and the honest reveal proves', async () => {
      const labels = mnistLabels().slice(0, 100);
      const images = Array.from({ length: 100 }, (_, k) => Uint8Array.from(mnistImage(k), (v) => Math.round(v * 255)));
      const mts = commitTestSet(images, labels, 10, { classes: 10 });
      expect([mts.K, mts.m, mts.D]).toEqual([10, 255, 4]);
      const cm = await compileReveal(10, 255);
      expect(cm.nConstraints).toBe(revealTestSetConstraints(10, 255));
      expect(cm.nConstraints).toBe(111233);
      const rw = revealWitness(mts);
      expect(rw.calldata.length).toBe(10 * 255 * 31); // 79050 bytes
      const w = await cm.witness(rw.input);
      expect(w.satisfies()).toBe(true);
      expect(publicOf(w)).toEqual(rw.publicSignals);
    }, 1_800_000);
  });
  it.skipIf(hasShared)(`100 MNIST samples: ${SKIP_REASON}`, () => {});
});
