/**
 * `zkml testset commit`, `zkml testset reveal-proof` and `zkml accuracy` through the real command line
 * (`node bin/zkml.mjs …`) on the tiny model and a 6-sample PGM dataset (3 batches of 2): the provider
 * commits (roots + salts, warned), reveals with a RevealTestSet proof; the hunter proves every batch
 * and gets summary.json with the counts the integer reference gives; a second run resumes every
 * batch; all proofs verify. Error paths: N not a multiple of B, a changed sample before the reveal.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runZkml, type CliRun } from '../tests/helpers/cli.js';
import * as snarkjs from 'snarkjs';
import { writeTinyModel, tinyModelFiles } from '../tests/helpers/tiny-model.js';
import { loadModel } from '../src/core/keras/load-model.js';
import { transpile } from '../src/core/transpile.js';
import { circuitClass } from '../src/core/float/evaluate.js';

const BENEFICIARY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

type Run = CliRun;
const zkml = (...args: string[]): Promise<Run> => runZkml(args);
const ok = (r: Run) => { expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0); return r; };
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const pgm = (px: Uint8Array) => Buffer.concat([Buffer.from('P5\n3 3\n255\n'), Buffer.from(px)]);

let tmp: string, proj: string, ds: string, ts: string, expected: number[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'zkml-testset-'));
  writeTinyModel(join(tmp, 'model'));
  proj = join(tmp, 'proj');
  ok(await zkml('transpile', join(tmp, 'model/model.json'), '-o', proj, '--input-range', '0,1'));
  // 6 samples labelled by the circuit's own prediction, samples 1 and 4 relabelled wrong
  const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q;
  let s = 11;
  const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
  const samples = Array.from({ length: 6 }, () => Uint8Array.from({ length: 9 }, next));
  const labels = samples.map((x, i) => { const p = circuitClass(q, x); return i === 1 || i === 4 ? (p + 1) % 3 : p; });
  expected = [1, 2, 1];
  ds = join(tmp, 'ds');
  mkdirSync(ds);
  samples.forEach((x, i) => writeFileSync(join(ds, `${i}.pgm`), pgm(x)));
  writeFileSync(join(ds, 'labels.json'), JSON.stringify(labels));
  ts = join(tmp, 'ts');
}, 300_000);
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('zkml testset and zkml accuracy on the tiny model', () => {
  it('commit: roots.json and salts.json, with the warning to keep the salts', async () => {
    const r = ok(await zkml('testset', 'commit', ds, '--batch', '2', '--classes', '3', '-o', ts));
    expect(r.stderr).toMatch(/WARNING: .*salts\.json: KEEP THIS FILE/);
    const roots = json(join(ts, 'roots.json'));
    expect(roots).toMatchObject({ N: 6, B: 2, K: 3, S: 9, C: 3 });
    expect(roots.batchRoots).toHaveLength(3);
    expect(r.stdout).toContain(`testRoot: ${roots.testRoot}`);
    const salts = json(join(ts, 'salts.json'));
    expect(salts.salts).toHaveLength(3);
    expect(salts.salts[0]).toMatch(/^0x[0-9a-f]{62}$/);
    expect(statSync(join(ts, 'salts.json')).mode & 0o077).toBe(0);
    const bad = await zkml('testset', 'commit', ds, '--batch', '4', '-o', join(tmp, 'bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TestSetError: the number of samples \(6\) must be a positive multiple of the batch size B = 4/);
  }, 300_000);

  it('reveal-proof: calldata.bin and a RevealTestSet proof of [testRoot, e, ρ] that verifies', async () => {
    ok(await zkml('testset', 'reveal-proof', ts));
    const roots = json(join(ts, 'roots.json'));
    const rv = json(join(ts, 'reveal.json'));
    const p = json(join(ts, 'reveal-proof.json'));
    expect(p.publicSignals).toEqual([roots.testRoot, rv.e, rv.rho]);
    expect(readFileSync(join(ts, 'calldata.bin')).length).toBe(rv.calldataBytes);
    expect(await snarkjs.groth16.verify(json(join(ts, 'reveal-vkey.json')), p.publicSignals, p.proof)).toBe(true);
    // a changed sample after the commitment: refused by name
    const moved = join(tmp, 'ds2');
    cpSync(ds, moved, { recursive: true });
    const ts2 = join(tmp, 'ts2');
    cpSync(ts, ts2, { recursive: true });
    writeFileSync(join(ts2, 'roots.json'), JSON.stringify({ ...roots, dataset: moved }));
    const px = readFileSync(join(moved, '2.pgm')); px[px.length - 1] ^= 1; writeFileSync(join(moved, '2.pgm'), px);
    const bad = await zkml('testset', 'reveal-proof', ts2);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ConsistencyError: .*not the committed/);
  }, 600_000);

  it('accuracy: one proof per batch and summary.json with the integer reference\'s counts; a second run resumes them all', async () => {
    const r = ok(await zkml('accuracy', proj, '--testset', ts, '--bounty', '7', '--beneficiary', BENEFICIARY));
    const out = join(proj, 'accuracy-7');
    const sum = json(join(out, 'summary.json'));
    expect(sum).toMatchObject({ bountyId: '7', beneficiary: BENEFICIARY, N: 6, B: 2, K: 3, correct: 4, testRoot: json(join(ts, 'roots.json')).testRoot });
    expect(sum.batches.map((b: { correct: number }) => b.correct)).toEqual(expected);
    expect(r.stdout).toMatch(/3 batch proofs made, 0 resumed/);
    expect(r.stdout).toMatch(/local evaluation on the 6 revealed samples: float [\d.]+%, circuit 66\.67%/);
    expect(sum.evaluation.circuit).toBeCloseTo(4 / 6);
    const vkey = json(join(out, 'accuracy-vkey.json'));
    for (let k = 0; k < 3; k++) {
      const p = json(join(out, `batch-${k}.json`));
      expect(p.publicSignals[3]).toBe(String(k));
      expect(BigInt(p.publicSignals[4])).toBe(BigInt(BENEFICIARY));
      expect(p.publicSignals[5]).toBe('7');
      expect(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof)).toBe(true);
    }
    const again = ok(await zkml('accuracy', proj, '--testset', join(ts, 'calldata.bin'), '--bounty', '7', '--beneficiary', BENEFICIARY));
    expect(again.stdout).toMatch(/0 batch proofs made, 3 resumed/);
    const bad = await zkml('accuracy', proj, '--testset', ts, '--bounty', '7', '--beneficiary', '0x1234');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/UsageError: --beneficiary must be/);
  }, 900_000);
});
