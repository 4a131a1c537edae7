/**
 * The real command line (`node bin/zkml.mjs …`) end to end: a small tfjs model (built here) goes
 * through transpile → compile → setup (groth16, development ptau) → prove → verify, snarkjs's own
 * CLI agrees with the files, a tampered public.json is rejected; the MLP fixture is transpiled and
 * predicted (its 264k-constraint circuit is too slow to prove within this suite); error paths.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevPtau } from '../src/zk/dev-ptau-node.js';
import { DEV_BEACON_HASH } from '../src/zk/dev-setup.js';
import { hasShared, SKIP_REASON, MNIST_H5, MNIST_DIR, mnistImage, nested28 } from '../tests/helpers/mnist.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/zkml.mjs');
const MLP = join(ROOT, 'tests/fixtures/models/mlp');

interface Run { code: number | null; stdout: string; stderr: string }

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}
const zkml = (...args: string[]) => run(process.execPath, [BIN, ...args]);
/** snarkjs's own CLI, as a user would run it in the project. */
const snarkjs = (...args: string[]) => run('npx', ['--no-install', 'snarkjs', ...args]);

let tmp: string;
const dense = (name: string, units: number, activation: string) => ({ class_name: 'Dense', config: { name, units, activation, use_bias: true, trainable: true } });

/** A tfjs layers model.json + weights.bin: [3,3,1] → Flatten → Dense(4, relu) → `extra` → Dense(3, softmax). */
function writeTinyModel(dir: string, extra: object[] = []): string {
  mkdirSync(dir, { recursive: true });
  const topology = {
    class_name: 'Sequential',
    config: {
      name: 'tiny',
      layers: [
        { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 3, 3, 1], dtype: 'float32' } },
        dense('d1', 4, 'relu'), ...extra, dense('d2', 3, 'softmax'),
      ],
    },
    keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
  };
  const specs = [['d1/kernel', [9, 4]], ['d1/bias', [4]], ['d2/kernel', [4, 3]], ['d2/bias', [3]]] as const;
  const data: number[] = [];
  let k = 1;
  for (const [, s] of specs) for (let i = 0; i < s.reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 1.7) * 0.8);
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    format: 'layers-model', modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }],
  }));
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(Float32Array.from(data).buffer));
  return join(dir, 'model.json');
}

const INPUT = [[[0.1], [0.5], [0.9]], [[0], [1], [0.3]], [[0.2], [0.7], [0.4]]];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zkml-cli-'));
  writeTinyModel(join(tmp, 'tiny-model'));
  writeFileSync(join(tmp, 'input.json'), JSON.stringify({ input: INPUT }));
  writeFileSync(join(tmp, 'wrong-shape.json'), JSON.stringify({ input: [[1, 2, 3], [4, 5, 6]] }));
  writeFileSync(join(tmp, 'out-of-range.json'), JSON.stringify({ input: [[[0.1], [0.5], [0.9]], [[0], [1], [0.3]], [[0.2], [0.7], [4]]] }));
});
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('zkml on a small tfjs model: transpile → compile → setup → prove → verify', () => {
  let dir: string;
  beforeAll(() => { dir = join(tmp, 'tiny'); });

  it('transpile writes the circuit, quantization.json with its report, and a copy of the model', async () => {
    const r = await zkml('transpile', join(tmp, 'tiny-model/model.json'), '-o', dir, '--input-range', '0,1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const h of ['layer', 'kind', 'shape', 'scale', 'bits', 'params', 'constraints']) expect(r.stdout).toContain(h);
    expect(r.stdout).toMatch(/d1\s+dense\s+4\s+2\^-\d+\s+\d+\s+40\s+36/);
    expect(r.stdout).toMatch(/estimate: [\d,]+ constraints/);
    expect(readFileSync(join(dir, 'circuit.circom'), 'utf8')).toContain('component main');
    const q = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8'));
    expect(q.inputShape).toEqual([3, 3, 1]);
    expect(q.report.input).toMatchObject({ visibility: 'public', range: [0, 1], encoding: 'u8' });
    expect(r.stdout).toMatch(/input: \[3, 3, 1\] public, bytes \(value = byte \/ 255, range \[0, 1\]\)/);
    expect(q.report.publicSignals.slice(0, 2)).toEqual(['out', 'commitment']);
    expect(q.report.layers.map((l: { id: string }) => l.id)).toContain('d1');
    expect(existsSync(join(dir, 'model/model.json')) && existsSync(join(dir, 'model/weights.bin'))).toBe(true);
  });

  it('compile writes r1cs, wasm and sym; the real count equals the estimate', async () => {
    const r = await zkml('compile', dir);
    expect(r.code).toBe(0);
    const est = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8')).report.estimate.total;
    expect(r.stdout).toContain(`constraints: ${est.toLocaleString('en')} (estimated ${est.toLocaleString('en')}, exact)`);
    expect(r.stderr).toMatch(/circom: non-linear constraints/);
    for (const f of ['circuit.r1cs', 'circuit_js/circuit.wasm', 'circuit.sym']) expect(existsSync(join(dir, f))).toBe(true);
    const info = await snarkjs('r1cs', 'info', join(dir, 'circuit.r1cs'));
    expect(info.stdout).toMatch(new RegExp(`# of Constraints: ${est}\\b`));
  });

  it('setup (groth16, development ptau) says it is NOT FOR VALUE', async () => {
    const r = await zkml('setup', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/DEVELOPMENT SETUP — NOT FOR VALUE/);
    expect(r.stderr).toMatch(/setup \[[\d.]+s\] groth16 phase 2/);
    expect(r.stdout).toMatch(/NOT FOR VALUE/);
    const rec = JSON.parse(readFileSync(join(dir, 'setup.json'), 'utf8'));
    expect(rec).toMatchObject({ scheme: 'groth16', ptau: { development: true } });
    expect(JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8')).protocol).toBe('groth16');
  });

  it('the development Groth16 keys (computed from the public dev secret, no ptau read) pass snarkjs zkey verify against the dev ptau', async () => {
    const rec = JSON.parse(readFileSync(join(dir, 'setup.json'), 'utf8'));
    expect(rec.ptau).toMatchObject({ file: `pot${rec.ptau.power}_dev.ptau`, development: true });
    const ptau = await ensureDevPtau(rec.ptau.power);
    const v = await snarkjs('zkey', 'verify', join(dir, 'circuit.r1cs'), ptau, join(dir, 'circuit.zkey'));
    expect(v.stdout + v.stderr).toMatch(/ZKey Ok!/);
    expect(v.stdout + v.stderr).toContain(`Beacon generator: ${DEV_BEACON_HASH}`);
    expect(v.code).toBe(0);
    const vk = JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8'));
    expect(vk.vk_delta_2).not.toEqual(vk.vk_gamma_2); // the beacon contribution: the registry accepts it
  });

  it('prove writes proof.json and public.json; verify accepts (exit 0) and snarkjs agrees', async () => {
    const p = await zkml('prove', dir, '--input', join(tmp, 'input.json'));
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/class: \d/);
    const pub = JSON.parse(readFileSync(join(dir, 'public.json'), 'utf8'));
    expect(pub).toHaveLength(11); // out, commitment, 9 public inputs
    const v = await zkml('verify', dir);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/VALID groth16 proof/);
    const s = await snarkjs('groth16', 'verify', join(dir, 'verification_key.json'), join(dir, 'public.json'), join(dir, 'proof.json'));
    expect(s.stdout).toMatch(/OK!/);
    expect(s.code).toBe(0);
  });

  it('witness writes witness.wtns for a native prover: snarkjs checks it against the r1cs, proves from it (as rapidsnark would) the same public signals, and verifies', async () => {
    const w = await zkml('witness', dir, '--input', join(tmp, 'input.json'));
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/wrote .*witness\.wtns .*prover .*circuit\.zkey .*witness\.wtns proof\.json public\.json/);
    const wtns = join(dir, 'witness.wtns');
    const c = await snarkjs('wtns', 'check', join(dir, 'circuit.r1cs'), wtns);
    expect(c.stdout + c.stderr).toMatch(/WITNESS IS CORRECT/);
    const proof = join(tmp, 'native-proof.json'), pub = join(tmp, 'native-public.json');
    expect((await snarkjs('groth16', 'prove', join(dir, 'circuit.zkey'), wtns, proof, pub)).code).toBe(0);
    expect(JSON.parse(readFileSync(pub, 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'public.json'), 'utf8')));
    const v = await snarkjs('groth16', 'verify', join(dir, 'verification_key.json'), pub, proof);
    expect(v.stdout).toMatch(/OK!/);
  });

  it('verify rejects a tampered public.json with exit 1 (and so does snarkjs)', async () => {
    const file = join(dir, 'public.json');
    const orig = readFileSync(file, 'utf8');
    const pub = JSON.parse(orig);
    pub[0] = String((Number(pub[0]) + 1) % 3); // claim another class
    writeFileSync(file, JSON.stringify(pub));
    try {
      const v = await zkml('verify', dir);
      expect(v.code).toBe(1);
      expect(v.stdout).toMatch(/INVALID proof/);
      const s = await snarkjs('groth16', 'verify', join(dir, 'verification_key.json'), file, join(dir, 'proof.json'));
      expect(s.stdout).not.toMatch(/OK!/);
    } finally {
      writeFileSync(file, orig);
    }
  });

  it('a hashed input: public [out, claim]; prove writes commitments.json; verify checks the claim against this model (PROTOCOL §3a)', async () => {
    const h = join(tmp, 'tiny-hashed');
    expect((await zkml('transpile', join(tmp, 'tiny-model/model.json'), '-o', h, '--input-range', '0,1', '--input', 'hashed')).code).toBe(0);
    const q = JSON.parse(readFileSync(join(h, 'quantization.json'), 'utf8'));
    expect(q.report.publicSignals).toEqual(['out', 'claim']);
    for (const step of ['compile', 'setup']) expect((await zkml(step, h)).code, step).toBe(0);
    expect((await zkml('prove', h, '--input', join(tmp, 'input.json'))).code).toBe(0);
    const c = JSON.parse(readFileSync(join(h, 'commitments.json'), 'utf8'));
    expect(c.model).toBe(q.report.commitment);
    const v = await zkml('verify', h);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/claim: \d+ = PoseidonCommit/);
    expect(v.stdout).toContain(`input commitment: ${c.input}`);
    const file = join(h, 'commitments.json');
    const orig = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...c, input: String(BigInt(c.input) + 1n) }));
      const bad = await zkml('verify', h);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/INVALID proof: the proof's claim is not this model's commitment folded/);
      rmSync(file);
      const none = await zkml('verify', h);
      expect(none.code).toBe(1);
      expect(none.stdout).toMatch(/commitments\.json \(written by zkml prove\) is needed/);
    } finally {
      writeFileSync(file, orig);
    }
  });

  it('predict prints the float and the circuit output side by side', async () => {
    const r = await zkml('predict', dir, '--input', join(tmp, 'input.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/class: float (\d), circuit \1 \(agree\)/);
    expect(r.stdout).toMatch(/float logit\s+circuit logit/);
    expect(r.stdout.split('\n').filter((l) => /^\s+[0-2]\s+-?\d/.test(l))).toHaveLength(3);
  });

  it('a [0, 1] project transpiled before byte inputs is refused with what to do, not proved with the wrong wires', async () => {
    const old = join(tmp, 'tiny-before-bytes');
    mkdirSync(old, { recursive: true });
    const q = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8'));
    delete q.report.input.encoding;
    writeFileSync(join(old, 'quantization.json'), JSON.stringify(q));
    const r = await zkml('predict', old, '--input', join(tmp, 'input.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/transpiled before ZKML read \[0, 1\] inputs as bytes .*transpile the model again/);
  });

  it('a wrong-shape input names the expected shape; an out-of-range value is refused', async () => {
    const s = await zkml('prove', dir, '--input', join(tmp, 'wrong-shape.json'));
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/^zkml: InputShapeError: .*expected shape \[3, 3, 1\]/m);
    const r = await zkml('prove', dir, '--input', join(tmp, 'out-of-range.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^zkml: InputRangeError: input value 4 .*outside the range \[0, 1\]/m);
  });

  it('setup --ptau with a too-small ptau names both powers; beyond the dev limit it names the public file', async () => {
    const small = await ensureDevPtau(8);
    const r = await zkml('setup', dir, '--ptau', small);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^zkml: PtauError: groth16 needs a ptau of power ≥ 11 .*this file has power 8/m);
    const d = await zkml('setup', dir, '--dev-ptau-max', '10');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^zkml: PtauError: groth16 needs a ptau of power ≥ 11.*powersOfTau28_hez_final_11\.ptau/m);
    expect(d.stderr).toContain('https://storage.googleapis.com/zkevm/ptau/powersOfTau28_hez_final_11.ptau');
    expect(existsSync(join(dir, 'circuit.zkey'))).toBe(true); // the failed setups left the keys alone
  });

  it('setup --scheme plonk still reads a development ptau file (only Groth16 keys are computed directly), NOT FOR VALUE', async () => {
    const r = await zkml('setup', dir, '--scheme', 'plonk');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/plonk setup with the DEVELOPMENT ptau \(power \d+/);
    expect(r.stdout).toMatch(/NOT FOR VALUE/);
    const rec = JSON.parse(readFileSync(join(dir, 'setup.json'), 'utf8'));
    expect(rec).toMatchObject({ scheme: 'plonk', ptau: { development: true } });
    expect(rec.ptau.file).toMatch(/[/\\]pot\d+_dev\.ptau$/);
    expect(JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8')).protocol).toBe('plonk');
  });
});

describe('zkml transpile: fixtures and errors', () => {
  it('transpiles the MLP fixture (tfjs and .keras alike) and predict shows float and circuit', async () => {
    const dir = join(tmp, 'mlp');
    const r = await zkml('transpile', join(MLP, 'model.json'), '-o', dir, '--input-range', '0,1');
    expect(r.code).toBe(0);
    const est = /estimate: ([\d,]+) constraints/.exec(r.stdout)![1];
    const k = await zkml('transpile', join(MLP, 'model.keras'), '-o', join(tmp, 'mlp-keras'), '--input-range', '0,1');
    expect(k.code).toBe(0);
    expect(k.stdout).toContain(`estimate: ${est} constraints`);

    const x = hasShared ? nested28(mnistImage(0)) : Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => [((i * 28 + j) % 17) / 16]));
    writeFileSync(join(tmp, 'mnist.json'), JSON.stringify({ input: x }));
    const p = await zkml('predict', dir, '--input', join(tmp, 'mnist.json'));
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/class: float \d, circuit \d/);
    // the float class is the tfjs model's own prediction recorded in expected.json
    const expected = JSON.parse(readFileSync(join(MLP, 'expected.json'), 'utf8')) as { argmax: number[] };
    if (hasShared) expect(p.stdout).toContain(`class: float ${expected.argmax[0]},`);
    expect(p.stderr).not.toMatch(/tfjs-node|Hi, looks like/);
  });

  it('names the unsupported layer class', async () => {
    const model = writeTinyModel(join(tmp, 'unsupported'), [{ class_name: 'Permute', config: { name: 'perm', dims: [1] } }]);
    const r = await zkml('transpile', model, '-o', join(tmp, 'unsupported-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^zkml: UnsupportedLayerError: layer "perm" has the unsupported class Permute/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack without --debug
  });

  it('usage errors and missing steps exit 2 with the error name; --debug adds the stack', async () => {
    const cases: [string[], RegExp][] = [
      [['frob'], /^zkml: UsageError: unknown command "frob"/m],
      [['transpile', join(MLP, 'model.json')], /^zkml: UsageError: transpile needs an output directory/m],
      [['compile', tmp, '--bogus'], /^zkml: UsageError: Unknown option '--bogus'/m],
      [['transpile', join(MLP, 'model.json'), '-o', join(tmp, 'x'), '--input', 'secret'], /^zkml: UsageError: --input must be one of public, private, hashed/m],
      [['transpile', join(tmp, 'nope.h5'), '-o', join(tmp, 'x')], /^zkml: FileError: model file .*nope\.h5 does not exist/m],
      [['setup', join(tmp, 'mlp')], /^zkml: MissingArtifactError: .*circuit\.r1cs is missing: run `zkml compile/m],
    ];
    for (const [args, re] of cases) {
      const r = await zkml(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const d = await zkml('--debug', 'setup', join(tmp, 'mlp'));
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/\n\s+at /);
  });
});

describe.skipIf(!hasShared)('zkml transpile on the keras2circom MNIST CNN (../shared/fixtures)', () => {
  it('reports the agreement and accuracies on a PGM calibration directory', async () => {
    const pgm = join(tmp, 'pgm');
    mkdirSync(pgm);
    for (let k = 0; k < 40; k++) copyFileSync(join(MNIST_DIR, `${k}.pgm`), join(pgm, `${k}.pgm`));
    const labels = JSON.parse(readFileSync(join(MNIST_DIR, 'labels.json'), 'utf8')).slice(0, 40);
    writeFileSync(join(pgm, 'labels.json'), JSON.stringify(labels));
    const dir = join(tmp, 'cnn');
    const r = await zkml('transpile', MNIST_H5, '-o', dir, '--calibration', pgm, '--labels', join(pgm, 'labels.json'), '--input-range', '0,1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/conv2d\s+conv2d\s+26×26×4/);
    expect(r.stdout).toMatch(/agreement on 40 calibration inputs .*argmax \d+\.\d+%, largest logit error [\d.e-]+; accuracy float \d+\.\d+%, circuit \d+\.\d+%/);
    const report = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8')).report;
    expect(report.agreement.n).toBe(40);
    expect(report.agreement.agreement).toBeGreaterThan(0.9);
    expect(report.ptauPower).toBeLessThanOrEqual(17);
  });
});
if (!hasShared) {
  describe('zkml transpile on the keras2circom MNIST CNN', () => {
    it.skip(SKIP_REASON, () => {});
  });
}
