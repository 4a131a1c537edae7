/**
 * Every fixture model made by scripts/make-fixtures.ts (tfjs in Node) goes through the same loop as a
 * user's model: transpile → compile → Groth16 setup on the development ptau → prove → verify, and its
 * circuit semantics are compared with the float model on the first MNIST images.
 *
 * The setup is the development one `zkml setup` and the app make (`devSetup`: the keys snarkjs's
 * newZKey + zkey beacon write from the development ptau, computed from its public secret; byte
 * identity with snarkjs is pinned in src/zk/dev-setup.test.ts, the snarkjs path in src/app/clients/snark-ops.test.ts).
 * It is several times faster than snarkjs's newZKey on the ptau file, which made this file the
 * longest of the suite.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile } from '../../src/core/transpile.js';
import { quantizeInput, infer, witnessInput } from '../../src/core/witness/run.js';
import { evaluateAgreement } from '../../src/core/float/agreement.js';
import { nest } from '../../src/core/tensor.js';
import { compileSource } from '../../src/circuits/test/harness.js';
import { devSetup } from '../../src/zk/setup.js';
import { prove } from '../../src/zk/prove.js';
import { verify } from '../../src/zk/verify.js';
import { hasShared, SKIP_REASON, mnistImage, mnistLabels } from '../helpers/mnist.js';

const MODELS = join(process.cwd(), 'tests/fixtures/models');
const names = existsSync(MODELS) ? readdirSync(MODELS).filter((d) => existsSync(join(MODELS, d, 'model.json'))).sort() : [];

async function loadFixture(name: string) {
  const dir = join(MODELS, name);
  const json = readFileSync(join(dir, 'model.json'), 'utf8');
  const manifest = JSON.parse(json).weightsManifest as { paths: string[] }[];
  const files = [{ name: 'model.json', bytes: new TextEncoder().encode(json) }];
  for (const g of manifest) for (const p of g.paths) files.push({ name: p, bytes: new Uint8Array(readFileSync(join(dirname(join(dir, 'model.json')), p))) });
  return loadModel(files);
}

afterAll(async () => { await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate(); });

describe.skipIf(!hasShared)(`fixture models: transpile → prove → verify (${hasShared ? names.join(', ') : SKIP_REASON})`, () => {
  it('has fixtures to run', () => { expect(names.length).toBeGreaterThanOrEqual(2); });

  for (const name of names) {
    it(name, async () => {
      await tf.setBackend('cpu');
      const km = await loadFixture(name);
      const r = transpile(km, { inputRange: [0, 1] });
      const images = Array.from({ length: 20 }, (_, k) => mnistImage(k));
      const a = await evaluateAgreement(km, r.q, images, mnistLabels().slice(0, 20));
      console.log(`${name}: ${r.plan.estimate.total} constraints, agreement ${(a.agreement * 100).toFixed(0)}% on 20 images, max logit error ${a.maxLogitError.toFixed(4)}, float acc ${(a.floatAccuracy! * 100).toFixed(0)}%, circuit acc ${(a.circuitAccuracy! * 100).toFixed(0)}%`);
      expect(a.agreement).toBeGreaterThanOrEqual(0.9);

      const c = await compileSource(r.plan.source, `fixture-${name}`);
      expect(c.nConstraints).toBe(r.plan.estimate.total);
      const ints = quantizeInput(r.q, nest({ shape: km.inputShape, data: Array.from(images[0]) as unknown as bigint[] }));
      const input = witnessInput(r.q, ints);
      const expected = infer(r.q, ints).output.map(String);

      const { zkey, vkey } = await devSetup({ r1cs: new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs'))) });
      const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm: new Uint8Array(readFileSync(join(c.dir, 'circuit_js/circuit.wasm'))), zkey, input });
      expect(publicSignals.slice(0, expected.length)).toEqual(expected);
      expect(await verify({ scheme: 'groth16', vkey, proof, publicSignals })).toBe(true);
      const tampered = [...publicSignals]; tampered[0] = String((BigInt(tampered[0]) + 1n));
      expect(await verify({ scheme: 'groth16', vkey, proof, publicSignals: tampered })).toBe(false);
    }, 900_000);
  }
});
