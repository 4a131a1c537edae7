import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { byteInput, byteInputCommit } from '../core/witness/byte-input.js';
import { byteToFixed } from '../core/witness/byte-to-fixed.js';
import { inputCommit } from '../core/witness/input-commit.js';
import { ByteInput, byteInputConstraints } from './byte-input.js';
import { ByteInputCommit, byteInputCommitConstraints } from './byte-input-commit.js';
import { InputCommit } from './input-commit.js';
import { descriptorHash } from '../core/commit/tags.js';
import { poseidonCommit } from '../core/witness/poseidon-commit.js';
import { toField } from '../core/field.js';

const TAG = descriptorHash({ kind: 'zkml/input/v1', test: 'byte-input' });
const bytesOf = (n: number, seed: number) => { const r = rng(seed); return Array.from({ length: n }, () => r.big(0n, 255n)); };

describe('ByteInput(N, F)', () => {
  const CASES = [{ n: 5, F: 8 }, { n: 4, F: 16 }, { n: 3, F: 7 }];
  const compiled: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const c of CASES) compiled.push(await compileTemplate('byte-input.circom', 'ByteInput', [c.n, c.F]));
  });

  it('costs 8 per byte plus ByteToFixed(F): 8N when F % 8 = 0', () => {
    CASES.forEach((c, i) => {
      expect(compiled[i].nConstraints).toBe(byteInputConstraints(c.n, c.F));
      expect(compiled[i].nConstraints).toBe(ByteInput.constraints({ N: c.n, F: c.F }));
    });
    expect(compiled.map((c) => c.nConstraints)).toEqual([40, 32, 3 * 25]);
    expect(byteInputConstraints(784, 8)).toBe(6272);
  });

  it('equals the reference, round(v · 2^F / 255), on edge and random bytes', async () => {
    for (const [i, c] of CASES.entries()) {
      for (const xs of [Array.from({ length: c.n }, (_, j) => [0n, 255n, 127n, 128n, 1n][j % 5]!), bytesOf(c.n, 3 + i)]) {
        const w = await compiled[i].witness({ in: xs });
        expect(w.satisfies()).toBe(true);
        const want = byteInput(xs, c.F);
        expect(want).toEqual(xs.map((v) => byteToFixed(v, c.F)));
        for (let j = 0; j < c.n; j++) expect(toField(w.get(`out[${j}]`))).toBe(want[j]);
      }
    }
  });

  it('refuses a value that is not a byte, a forged bit 7 and a forged output', async () => {
    const xs = [200n, 3n, 128n, 0n, 255n];
    for (const bad of [256n, -1n, 511n, 1n << 100n]) {
      const ys = [...xs]; ys[1] = bad;
      expect(() => byteInput(ys, 8)).toThrow(/not a byte/);
      expect(await witnessFails(compiled[0], { in: ys })).toBe(true);
    }
    const w = await compiled[0].witness({ in: xs });
    // at --O2 bit 7 is folded into out (bit7 = out − v·q): a wrong bit 7 is an output off by one
    for (let j = 0; j < xs.length; j++) {
      const out = toField(w.get(`out[${j}]`));
      const bit7 = (xs[j]! >> 7n) & 1n;
      expect(out).toBe(xs[j]! + bit7);
      expect(w.forge({ [`out[${j}]`]: out + 1n - 2n * bit7 }).satisfies()).toBe(false);
      expect(w.forge({ [`out[${j}]`]: out + 1n }).satisfies()).toBe(false);
    }
    // bits that keep the byte's sum but are not boolean (bit0 + 2, bit1 − 1): refused by booleanity
    const b0 = w.get('bits[1].out[0]'), b1 = w.get('bits[1].out[1]');
    expect(w.forge({ 'bits[1].out[0]': b0 + 2n, 'bits[1].out[1]': b1 - 1n }).satisfies()).toBe(false);
  });

  it('refuses parameters it cannot honour, naming them', async () => {
    expect(await compileError('byte-input.circom', 'ByteInput', [0, 8])).toMatch(/N: number of input bytes/);
    expect(await compileError('byte-input.circom', 'ByteInput', [3, 65])).toMatch(/F: fractional bits/);
    expect(() => ByteInput.validate({ N: 0, F: 8 })).toThrow(/parameter N/);
    expect(() => ByteInput.validate({ N: 3, F: 65 })).toThrow(/parameter F/);
  });
});

describe('ByteInputCommit(N, F, TAG)', () => {
  // 40 bytes: 2 limbs (31 + 9) + tag → PoseidonCommit(3); 31 bytes: exactly one full limb
  const CASES = [{ n: 40, F: 8 }, { n: 31, F: 16 }];
  const compiled: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const c of CASES) compiled.push(await compileTemplate('byte-input-commit.circom', 'ByteInputCommit', [c.n, c.F, TAG]));
  });

  it('costs ByteInput(N, F) plus PoseidonCommit(ceil(N / 31) + 1) − 3', () => {
    CASES.forEach((c, i) => {
      expect(compiled[i].nConstraints).toBe(byteInputCommitConstraints(c.n, c.F));
      expect(compiled[i].nConstraints).toBe(ByteInputCommit.constraints({ N: c.n, F: c.F, TAG }));
    });
    expect(compiled[0].nConstraints).toBe(320 + 291);
    expect(compiled[1].nConstraints).toBe(248 + 255);
    // the keras2circom CNN's input (784 bytes at 2^-8): 7,418, against InputCommit(784, 0, 256) = 9,016
    expect(byteInputCommitConstraints(784, 8)).toBe(7418);
    expect(InputCommit.constraints({ N: 784, LO: 0, HI: 256, TAG })).toBe(9016);
  });

  it('equals the reference: the fixed-point values, and InputCommit(N, 0, 255)\'s commitment of the bytes', async () => {
    for (const [i, c] of CASES.entries()) {
      for (const xs of [Array.from({ length: c.n }, (_, j) => (j % 2 ? 255n : 0n)), bytesOf(c.n, 11 + i)]) {
        const w = await compiled[i].witness({ in: xs });
        expect(w.satisfies()).toBe(true);
        const ref = byteInputCommit(xs, c.F, TAG);
        expect(ref.commitment).toBe(inputCommit(xs, 0n, 255n, TAG));
        expect(toField(w.get('commitment'))).toBe(ref.commitment);
        for (let j = 0; j < c.n; j++) expect(toField(w.get(`out[${j}]`))).toBe(ref.out[j]);
      }
    }
    // the packing, spelled out: 31 bytes per limb, little-endian
    const xs = bytesOf(40, 5);
    const limb = (from: number, to: number) => xs.slice(from, to).reduce((a, v, t) => a + (v << BigInt(8 * t)), 0n);
    expect(byteInputCommit(xs, 8, TAG).commitment).toBe(poseidonCommit([TAG, limb(0, 31), limb(31, 40)]));
  });

  it('refuses a byte ≥ 256 (which would shift into the next digit), a wrong limb (commitment) and a wrong bit 7', async () => {
    const c = compiled[0];
    const xs = bytesOf(40, 7);
    // 256 in byte 0 and byte 1 one less would give the same limb without the byte check
    expect(await witnessFails(c, { in: xs.map((v, j) => (j === 3 ? 256n : v)) })).toBe(true);
    expect(() => byteInputCommit(xs.map((v, j) => (j === 3 ? 256n : v)), 8, TAG)).toThrow(/not a byte/);
    const w = await c.witness({ in: xs });
    expect(w.forge({ commitment: w.get('commitment') + 1n }).satisfies()).toBe(false);
    // a wrong bit 7 (folded into out at --O2): out ± 1
    const b = xs[2]!, bit7 = (b >> 7n) & 1n;
    expect(toField(w.get('out[2]'))).toBe(b + bit7);
    expect(w.forge({ 'out[2]': b + 1n - bit7 }).satisfies()).toBe(false);
    // another reading of the same limb: byte 0 + 256 with byte 1 − 1 packs to the same limb 0, and the
    // byte check refuses it
    const ys = xs.map((v, j) => (j === 0 ? v + 256n : j === 1 ? 9n : j === 2 ? v : v));
    const zs = xs.map((v, j) => (j === 1 ? 10n : v));
    const limb0 = (a: bigint[]) => a.slice(0, 31).reduce((s, v, t) => s + (v << BigInt(8 * t)), 0n);
    expect(limb0(ys)).toBe(limb0(zs));
    expect((await c.witness({ in: zs })).satisfies()).toBe(true);
    expect(await witnessFails(c, { in: ys })).toBe(true);
  });

  it('refuses parameters it cannot honour, naming them', async () => {
    expect(await compileError('byte-input-commit.circom', 'ByteInputCommit', [0, 8, TAG])).toMatch(/N: number of input bytes/);
    expect(() => ByteInputCommit.validate({ N: 0, F: 8, TAG })).toThrow(/parameter N/);
    expect(() => ByteInputCommit.validate({ N: 3, F: 8, TAG: -1n })).toThrow(/parameter TAG/);
  });
});
