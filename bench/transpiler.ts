/**
 * Transpiler benchmark: the keras2circom MNIST CNN (../shared/fixtures) and the fixture models, measured
 * end to end in Node on this machine: constraints (against keras2circom's 2,335,628 for the same model),
 * transpile, compile (circom2 WASM), witness, Groth16 setup on the development ptau, prove, verify, and
 * float/circuit agreement. Writes bench/transpiler.json and the "Transpiler" section of docs/BENCHMARKS.md.
 * Tests never assert on these times; this script only records them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../src/core/keras/load-model.js';
import { transpile } from '../src/core/transpile.js';
import { quantizeInput, infer, witnessInput } from '../src/core/witness/run.js';
import { evaluateAgreement } from '../src/core/float/agreement.js';
import { nest } from '../src/core/tensor.js';
import { compileSource } from '../src/circuits/test/harness.js';
import { ensureDevPtau } from '../src/zk/dev-ptau-node.js';
import { setup } from '../src/zk/setup.js';
import { prove } from '../src/zk/prove.js';
import { verify } from '../src/zk/verify.js';
import { requiredPower } from '../src/zk/ptau.js';
import { hasShared, MNIST_H5, mnistImage, mnistLabels } from '../tests/helpers/mnist.js';
import { ROOT, hostLine, writeBenchSection } from './doc.js';

const KERAS2CIRCOM = { constraints: 2_335_628, compileSeconds: 462, witnessSeconds: 10.5 };

const secs = async <T>(f: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const r = await f(); return [r, (performance.now() - t) / 1000]; };

async function full(name: string, files: { name: string; bytes: Uint8Array }[], images: Float32Array[], labels: number[], input: 'public' | 'hashed') {
  const km = await loadModel(files);
  const [r, transpileS] = await secs(async () => transpile(km, { inputRange: [0, 1], input }));
  const a = await evaluateAgreement(km, r.q, images, labels);
  // a uniquely commented source forces a real compile (the test cache is not used)
  const [c, compileS] = await secs(() => compileSource(`${r.plan.source}// bench ${Date.now()}\n`, `bench-${name}-${input}`));
  const ints = quantizeInput(r.q, nest({ shape: km.inputShape, data: Array.from(images[0]) as unknown as bigint[] }));
  const [w, witnessS] = await secs(() => c.witness(witnessInput(r.q, ints)));
  if (!w.satisfies() || w.get('out') !== infer(r.q, ints).output[0]) throw new Error(`${name}: witness does not match`);
  const power = Math.max(8, requiredPower('groth16', c.nConstraints, r.plan.publicSignals.length));
  const [ptauPath, ptauS] = await secs(() => ensureDevPtau(power));
  const ptau = new Uint8Array(fs.readFileSync(ptauPath));
  const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
  const wasm = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit_js/circuit.wasm')));
  const [{ zkey, vkey }, setupS] = await secs(() => setup({ scheme: 'groth16', r1cs, ptau, entropy: 'bench' }));
  const [{ proof, publicSignals }, proveS] = await secs(() => prove({ scheme: 'groth16', wasm, zkey, input: witnessInput(r.q, ints) }));
  const [valid, verifyS] = await secs(() => verify({ scheme: 'groth16', vkey, proof, publicSignals }));
  if (!valid) throw new Error(`${name}: proof did not verify`);
  fs.rmSync(c.dir, { recursive: true, force: true });
  return {
    name, input, constraints: c.nConstraints, estimate: r.plan.estimate.total, commitment: r.plan.estimate.commitment, params: r.plan.nWeights + r.plan.nBiases,
    publicSignals: r.plan.publicSignals.length, ptauPower: power, zkeyBytes: zkey.length,
    seconds: { transpile: transpileS, compile: compileS, witness: witnessS, ptau: ptauS, setup: setupS, prove: proveS, verify: verifyS },
    agreement: { n: a.n, agreement: a.agreement, maxLogitError: a.maxLogitError, floatAccuracy: a.floatAccuracy, circuitAccuracy: a.circuitAccuracy },
  };
}

function fixtureFiles(name: string) {
  const dir = path.join(ROOT, 'tests/fixtures/models', name);
  const json = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
  const paths = (JSON.parse(json).weightsManifest as { paths: string[] }[]).flatMap((g) => g.paths);
  return [{ name: 'model.json', bytes: new TextEncoder().encode(json) }, ...paths.map((p) => ({ name: p, bytes: new Uint8Array(fs.readFileSync(path.join(dir, p))) }))];
}

async function main() {
  if (!hasShared) { console.error('bench/transpiler.ts needs ../shared/fixtures (MNIST); skipped'); return; }
  await tf.setBackend('cpu');
  const labels = mnistLabels();
  const all = Array.from({ length: 1000 }, (_, k) => mnistImage(k));
  const rows = [];
  console.log('bench: keras2circom MNIST CNN (public input)…');
  rows.push(await full('keras2circom MNIST CNN', [{ name: 'model.h5', bytes: new Uint8Array(fs.readFileSync(MNIST_H5)) }], all, labels, 'public'));
  const fixtures = fs.readdirSync(path.join(ROOT, 'tests/fixtures/models')).filter((d) => fs.existsSync(path.join(ROOT, 'tests/fixtures/models', d, 'model.json'))).sort();
  for (const f of fixtures) {
    console.log(`bench: fixture ${f}…`);
    rows.push(await full(`fixture ${f}`, fixtureFiles(f), all.slice(0, 200), labels.slice(0, 200), 'public'));
  }
  const date = new Date().toISOString();
  const machine = hostLine();
  fs.writeFileSync(path.join(ROOT, 'bench/transpiler.json'), `${JSON.stringify({ generatedBy: 'bench/transpiler.ts', date, machine, keras2circom: KERAS2CIRCOM, rows }, null, 2)}\n`);
  const n = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d });
  const mn = rows[0];
  const sec = writeBenchSection('transpiler', [
    '## Transpiler (Keras → circuit → Groth16 proof, in Node)',
    '',
    `Written by \`bench/transpiler.ts\` on ${date}: ${machine} (load from other jobs inflates times; ratios within one run are what matter). Machine-readable: \`bench/transpiler.json\`. Development ptau (not for value); snarkjs 0.7.6 in Node.`,
    '',
    `- **keras2circom MNIST CNN**: ${n(mn.constraints, 0)} constraints with its weight commitment, fits 2^${mn.ptauPower}; keras2circom: ${n(KERAS2CIRCOM.constraints, 0)} for the same model without a commitment (**${n(KERAS2CIRCOM.constraints / mn.constraints)}× fewer**, target ≥ 17.8×).`,
    `- Compile ${n(mn.seconds.compile)} s (keras2circom: 7 min 42 s, ${n(KERAS2CIRCOM.compileSeconds / mn.seconds.compile)}× faster), witness ${n(mn.seconds.witness, 2)} s (keras2circom: 10.5 s), Groth16 setup ${n(mn.seconds.setup)} s, prove ${n(mn.seconds.prove)} s, verify ${n(mn.seconds.verify, 2)} s.`,
    `- Agreement with the float model on ${mn.agreement.n} images: ${n(mn.agreement.agreement * 100)}% (target ≥ 99.5%); accuracy against the labels: float ${n(mn.agreement.floatAccuracy! * 100)}%, circuit ${n(mn.agreement.circuitAccuracy! * 100)}%; largest logit error ${n(mn.agreement.maxLogitError, 3)}.`,
    '',
    '| model | input | params | constraints (= estimate) | commitment | public signals | ptau | compile s | witness s | setup s | prove s | verify s | agreement (n) | float / circuit accuracy |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.input} | ${n(r.params, 0)} | ${n(r.constraints, 0)}${r.constraints === r.estimate ? '' : ` (est. ${n(r.estimate, 0)})`} | ${n(r.commitment, 0)} | ${r.publicSignals} | 2^${r.ptauPower} | ${n(r.seconds.compile)} | ${n(r.seconds.witness, 2)} | ${n(r.seconds.setup)} | ${n(r.seconds.prove)} | ${n(r.seconds.verify, 2)} | ${n(r.agreement.agreement * 100)}% (${r.agreement.n}) | ${n(r.agreement.floatAccuracy! * 100)}% / ${n(r.agreement.circuitAccuracy! * 100)}% |`),
    '',
    'The model commitment is a packed Poseidon hash whose packing range-checks every weight (≈ B + 1.3 constraints per B-bit weight): it dominates models whose weights are used once (Dense), and is small beside convolutions, whose weights are reused.',
  ]);
  console.log(sec);
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

await main();
