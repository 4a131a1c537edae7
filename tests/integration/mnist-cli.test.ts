/**
 * The keras2circom MNIST CNN (../shared/fixtures) through the real command line, as a user runs it:
 * transpile (pixels / 255, calibrated on the 1,000 images) → compile → Groth16 setup on the 2^17
 * development ptau → prove → verify, and snarkjs's own CLI agrees. The heaviest test of the suite
 * (a few minutes on 2 cores; the 2^17 ptau is generated once into .cache/ptau).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, SKIP_REASON, MNIST_H5, MNIST_DIR, mnistImage, mnistLabels, nested28 } from '../helpers/mnist.js';

interface Run { code: number | null; stdout: string; stderr: string }
function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd: process.cwd(), env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}
const zkml = (...args: string[]) => run(process.execPath, ['bin/zkml.mjs', ...args]);
const ok = (r: Run) => { if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`); return r; };

describe.skipIf(!hasShared)(`keras2circom MNIST CNN through the CLI${hasShared ? '' : ` (${SKIP_REASON})`}`, () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'zkml-mnist-')), 'cnn');
  const inputFile = join(dir, '..', 'input.json');
  beforeAll(() => { writeFileSync(inputFile, JSON.stringify({ input: nested28(mnistImage(7)) })); });

  it('transpiles within 2^17 with ≥ 99.5% agreement on the 1,000 images', async () => {
    const r = ok(await zkml('transpile', MNIST_H5, '-o', dir, '--input-range', '0,1', '--calibration', MNIST_DIR, '--labels', join(MNIST_DIR, 'labels.json')));
    const report = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8')).report;
    console.log(r.stdout.split('\n').filter((l) => /estimate|agree|accuracy/i.test(l)).join('\n'));
    expect(report.estimate.total).toBeLessThanOrEqual(131_072);
    expect(report.agreement.agreement).toBeGreaterThanOrEqual(0.995);
  }, 600_000);

  it('compiles to exactly the estimate, sets up, proves the right class and verifies', async () => {
    ok(await zkml('compile', dir));
    ok(await zkml('setup', dir));
    ok(await zkml('prove', dir, '--input', inputFile));
    const pub = JSON.parse(readFileSync(join(dir, 'public.json'), 'utf8')) as string[];
    expect(Number(pub[0])).toBe(mnistLabels()[7]);
    expect((await zkml('verify', dir)).code).toBe(0);
    const snark = await run('npx', ['--no-install', 'snarkjs', 'groth16', 'verify', join(dir, 'verification_key.json'), join(dir, 'public.json'), join(dir, 'proof.json')]);
    expect(snark.code).toBe(0);
    const info = await run('npx', ['--no-install', 'snarkjs', 'r1cs', 'info', join(dir, 'circuit.r1cs')]);
    const report = JSON.parse(readFileSync(join(dir, 'quantization.json'), 'utf8')).report;
    expect(info.stdout).toContain(`# of Constraints: ${report.estimate.total}`);
    // another class claimed with the same proof is rejected
    pub[0] = String((Number(pub[0]) + 1) % 10);
    writeFileSync(join(dir, 'public.json'), JSON.stringify(pub));
    expect((await zkml('verify', dir)).code).toBe(1);
  }, 1_800_000);
});
