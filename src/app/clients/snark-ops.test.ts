/**
 * The snark worker's operations in Node (the worker runs the same functions in Chromium, see
 * tests/e2e/snark-worker.test.ts): setup → prove (witness, then proof, with progress) → verify, and the
 * browser-capable Solidity export, byte-identical to snarkjs's own EJS rendering for every scheme.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCircom } from '../../zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../zk/circom-node.js';
import { solidityVerifier as snarkjsSolidity } from '../../zk/export.js';
import { ProveError, proveFromWitness } from '../../zk/prove.js';
import { readWtns } from '../../zk/wtns.js';
import type { Scheme } from '../../zk/ptau.js';
import { setup, devSetup, prove, verify, calldata, solidityVerifier, renderEjs, warmup, witness, type SnarkProgress } from './snark-ops.js';
import { DevSetupError, DEV_BEACON_HASH, DEV_BEACON_NAME, DEV_BEACON_ITERATIONS_EXP } from '../../zk/dev-setup.js';
// @ts-ignore -- snarkjs ships no type declarations for zKey.newZKey's memory output
import * as snarkjsUntyped from 'snarkjs';

const MAIN = 'pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(16, 4);\n';
const PTAU = join(process.cwd(), 'circuits-prebuilt/dev-ptau/pot9_dev.ptau'); // fflonk needs 9 here

describe('snark worker operations (Node)', () => {
  let r1cs: Uint8Array;
  let wasm: Uint8Array;
  let ptau: Uint8Array;

  beforeAll(async () => {
    ({ r1cs, wasm } = await compileCircom({ main: MAIN, files: await libraryFiles(MAIN), wasmBytes: circomWasmBytes() }));
    ptau = new Uint8Array(readFileSync(PTAU));
  });
  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('warms up the curve', async () => {
    const w = await warmup();
    expect(w.threads).toBeGreaterThanOrEqual(1);
  });

  for (const scheme of ['groth16', 'plonk', 'fflonk'] as Scheme[]) {
    it(`${scheme}: setup, prove with progress, verify, calldata, Solidity identical to snarkjs`, async () => {
      const stages: SnarkProgress['stage'][] = [];
      const s = await setup({ scheme, r1cs, ptau, entropy: 'ops test' }, (p) => stages.push(p.stage));
      expect(stages).toContain('zkey');
      expect(stages.at(-1)).toBe('done');
      expect(s.ptau.power).toBe(9);
      expect('sections' in s.ptau).toBe(false);

      const seen: SnarkProgress[] = [];
      const p = await prove({ scheme, wasm, zkey: s.zkey, input: { in: 100 } }, (e) => seen.push(e));
      // stages in order (Groth16 reports 'prove' again on each whole percent, from snarkjs's FFT and MSM log)
      expect(seen.map((e) => e.stage).filter((x, i, a) => x !== a[i - 1])).toEqual(['witness', 'prove', 'done']);
      const fractions = seen.map((e) => e.fraction).filter((f): f is number => f !== undefined);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(fractions.at(-1)).toBe(1);
      if (scheme === 'groth16') expect(fractions.length).toBeGreaterThan(2);
      expect(p.publicSignals).toEqual(['6']); // floor(100 / 16)
      expect(p.timings.totalMs).toBeGreaterThanOrEqual(p.timings.proveMs);

      expect(await verify({ scheme, vkey: s.vkey, proof: p.proof, publicSignals: p.publicSignals })).toMatchObject({ valid: true });
      const bad = await verify({ scheme, vkey: s.vkey, proof: p.proof, publicSignals: ['7'] });
      expect(bad.valid).toBe(false);
      const malformed = await verify({ scheme, vkey: s.vkey, proof: p.proof, publicSignals: ['0x7'] });
      expect(malformed).toMatchObject({ valid: false, path: 'publicSignals[0]' });

      expect(await calldata(scheme, p.proof, p.publicSignals)).toContain('0x');
      const ours = await solidityVerifier(s.zkey);
      expect(ours).toBe(await snarkjsSolidity(s.zkey));
    });
  }

  it('devSetup: Groth16 keys from the public development secret, equal to snarkjs newZKey on the dev ptau + zkey beacon (δ ≠ γ), labelled not for value', async () => {
    const stages: SnarkProgress['stage'][] = [];
    const d = await devSetup({ r1cs, power: 9 }, (p) => stages.push(p.stage));
    expect(d).toMatchObject({ scheme: 'groth16', power: 9, development: true });
    expect(d.label).toMatch(/public beacon — not for value/);
    expect(stages).toEqual(expect.arrayContaining(['check', 'zkey', 'vkey']));
    expect(stages.at(-1)).toBe('done');
    const ref = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
    const zKey = (snarkjsUntyped as unknown as { zKey: { newZKey(r: object, p: string, o: object): Promise<unknown>; beacon(a: object, b: object, name: string, hash: string, exp: number): Promise<unknown> } }).zKey;
    await zKey.newZKey({ type: 'mem', data: r1cs }, PTAU, ref);
    const withBeacon = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
    await zKey.beacon({ type: 'mem', data: ref.data! }, withBeacon, DEV_BEACON_NAME, DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP);
    expect(Buffer.from(d.zkey).equals(Buffer.from(withBeacon.data!))).toBe(true);
    expect(d.vkey.vk_delta_2).not.toEqual(d.vkey.vk_gamma_2);
    const p = await prove({ scheme: 'groth16', wasm, zkey: d.zkey, input: { in: 100 } });
    expect(await verify({ scheme: 'groth16', vkey: d.vkey, proof: p.proof, publicSignals: p.publicSignals })).toMatchObject({ valid: true });
    await expect(devSetup({ r1cs: r1cs.slice(0, 40) })).rejects.toBeInstanceOf(DevSetupError);
  });

  it('witness: the .wtns alone for a native prover; snarkjs proves from it a proof that verifies; a refused input is a ProveError', async () => {
    const w = await witness({ wasm, input: { in: 100 } });
    const { values } = readWtns(w.wtns);
    expect(values[0]).toBe(1n);
    expect(values[1]).toBe(6n); // the output, floor(100 / 16)
    const d = await devSetup({ r1cs, power: 9 });
    // what a native prover (rapidsnark) does with circuit.zkey + witness.wtns, here with snarkjs's prover
    const p = await proveFromWitness({ scheme: 'groth16', zkey: d.zkey, wtns: w.wtns });
    expect(p.publicSignals).toEqual(['6']);
    expect(await verify({ scheme: 'groth16', vkey: d.vkey, proof: p.proof, publicSignals: p.publicSignals })).toMatchObject({ valid: true });
    await expect(witness({ wasm, input: { wrong: 1 } })).rejects.toBeInstanceOf(ProveError);
  });

  it('typed errors: a witness the circuit refuses, a zkey for another scheme', async () => {
    const s = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'x' });
    await expect(prove({ scheme: 'groth16', wasm, zkey: s.zkey, input: { wrong: 1 } })).rejects.toBeInstanceOf(ProveError);
    await expect(prove({ scheme: 'plonk', wasm, zkey: s.zkey, input: { in: 1 } })).rejects.toThrow(/for groth16, not plonk/);
  });

  it('renderEjs: the EJS subset snarkjs uses', () => {
    expect(renderEjs('a<%= x %>b', { x: '<&>' })).toBe('a&lt;&amp;&gt;b');
    expect(renderEjs('a<%- x %>b', { x: '<&>' })).toBe('a<&>b');
    expect(renderEjs('<% for (let i = 0; i < n; i++) { -%>\n<%= i %>,\n<% } -%>\nend', { n: 3 })).toBe('0,\n1,\n2,\nend');
    expect(renderEjs('<% const a = [1,\n 2]; %><%= a.length %>', {})).toBe('2');
  });
});
