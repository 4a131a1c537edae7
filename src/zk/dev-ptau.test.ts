import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
// @ts-ignore -- snarkjs ships no type declarations
import * as snarkjsUntyped from 'snarkjs';
// @ts-ignore -- ffjavascript ships no type declarations
import { buildBn128 } from 'ffjavascript';
import { compileSource, type CompiledCircuit } from '../circuits/test/harness.js';
import { TINY_CIRCUIT, removeTmpAndTerminateCurve } from '../../tests/helpers/circuits.js';
import {
  makeDevPtau, devPtauSecret, devPtauSize, DEV_PTAU_SEED, DEV_PTAU_CONTRIBUTION_NAME, DEV_PTAU_BEACON_ITERATIONS_EXP,
} from './dev-ptau.js';
import { DEV_PTAU_COMMITTED_DIR, devPtauFileName } from './dev-ptau-node.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const snarkjs = snarkjsUntyped as any;

// The development ptau must be exactly what the stock snarkjs pipeline (new → beacon → prepare
// phase2) produces, and must work for groth16 / plonk / fflonk. Never larger than 2^10 here.
describe('development powers of tau', () => {
  const tmp = fs.mkdtempSync(path.join(tmpdir(), 'zkml-dev-ptau-'));
  const POWER = 8;
  let ptau8: Uint8Array;
  let ptauFile: string;
  let circuit: CompiledCircuit;

  beforeAll(async () => {
    ptau8 = await makeDevPtau(POWER);
    ptauFile = path.join(tmp, devPtauFileName(POWER));
    fs.writeFileSync(ptauFile, ptau8);
    circuit = await compileSource(TINY_CIRCUIT, 'dev-ptau-tiny');
  });

  afterAll(() => removeTmpAndTerminateCurve(tmp));

  it('is byte-identical to snarkjs powersoftau new + beacon + prepare phase2', async () => {
    const power = 4;
    const mine = await makeDevPtau(power);
    const curve = await buildBn128();
    const f0 = path.join(tmp, 'ref0.ptau');
    const f1 = path.join(tmp, 'ref1.ptau');
    const f2 = path.join(tmp, 'ref2.ptau');
    await snarkjs.powersOfTau.newAccumulator(curve, power, f0);
    const beaconHex = Buffer.from(DEV_PTAU_SEED, 'utf8').toString('hex');
    await snarkjs.powersOfTau.beacon(f0, f1, DEV_PTAU_CONTRIBUTION_NAME, beaconHex, DEV_PTAU_BEACON_ITERATIONS_EXP);
    await snarkjs.powersOfTau.preparePhase2(f1, f2);
    const ref = fs.readFileSync(f2);
    expect(mine.length).toBe(devPtauSize(power));
    expect(Buffer.from(mine).equals(ref)).toBe(true);
  });

  it('is deterministic and depends on the seed', async () => {
    const a = await makeDevPtau(5);
    const b = await makeDevPtau(5);
    const c = await makeDevPtau(5, { seed: 'another seed' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(c.length).toBe(devPtauSize(5, 'another seed')); // the seed is stored as the beacon
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('matches the committed files', () => {
    const committed = path.join(DEV_PTAU_COMMITTED_DIR, devPtauFileName(POWER));
    expect(fs.existsSync(committed)).toBe(true);
    expect(Buffer.from(ptau8).equals(fs.readFileSync(committed))).toBe(true);
  });

  it('has tau = devPtauSecret().tau (the documented derivation)', async () => {
    const { tau, alpha, beta } = await devPtauSecret();
    const curve = await buildBn128();
    const { G1, Fr } = curve;
    const sectionPoint = (id: number, index: number): Uint8Array => {
      // sections: 12-byte file header, then (u32 id, u64 size, data)…
      const dv = new DataView(ptau8.buffer, ptau8.byteOffset);
      let pos = 12;
      for (;;) {
        const sid = dv.getUint32(pos, true);
        const size = Number(dv.getBigUint64(pos + 4, true));
        if (sid === id) return ptau8.slice(pos + 12 + index * 64, pos + 12 + (index + 1) * 64);
        pos += 12 + size;
      }
    };
    const mulG = (s: bigint): Uint8Array => {
      const b = new Uint8Array(64);
      G1.toRprLEM(b, 0, G1.timesFr(G1.g, Fr.e(s)));
      return b;
    };
    expect(sectionPoint(2, 1)).toEqual(mulG(tau));
    expect(sectionPoint(2, 2)).toEqual(mulG((tau * tau) % BigInt(Fr.p)));
    expect(sectionPoint(4, 0)).toEqual(mulG(alpha));
    expect(sectionPoint(5, 0)).toEqual(mulG(beta));
  });

  it('passes snarkjs powersoftau verify', async () => {
    expect(await snarkjs.powersOfTau.verify(ptauFile)).toBe(true);
  });

  it('works for groth16: setup, zkey verify, prove, verify', async () => {
    const r1cs = path.join(circuit.dir, 'circuit.r1cs');
    const wasm = path.join(circuit.dir, 'circuit_js', 'circuit.wasm');
    const zkey = path.join(tmp, 'g16.zkey');
    await snarkjs.zKey.newZKey(r1cs, ptauFile, zkey);
    expect(await snarkjs.zKey.verifyFromR1cs(r1cs, ptauFile, zkey)).toBe(true);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ a: 3, b: 5 }, wasm, zkey);
    expect(publicSignals).toEqual(['50', '5']);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vk, ['51', '5'], proof)).toBe(false);
  });

  it('works for plonk and fflonk: setup, prove, verify', async () => {
    const r1cs = path.join(circuit.dir, 'circuit.r1cs');
    const wasm = path.join(circuit.dir, 'circuit_js', 'circuit.wasm');
    for (const [name, api] of [['plonk', snarkjs.plonk], ['fflonk', snarkjs.fflonk]] as const) {
      const zkey = path.join(tmp, `${name}.zkey`);
      await api.setup(r1cs, ptauFile, zkey);
      const { proof, publicSignals } = await api.fullProve({ a: 3, b: 5 }, wasm, zkey);
      expect(publicSignals).toEqual(['50', '5']);
      const vk = await snarkjs.zKey.exportVerificationKey(zkey);
      expect(await api.verify(vk, publicSignals, proof)).toBe(true);
      expect(await api.verify(vk, ['51', '5'], proof)).toBe(false);
    }
  });
});
