import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { P } from '../core/field.js';
import { byteToFixed } from '../core/witness/byte-to-fixed.js';
import { ByteToFixed, byteToFixedConstraints } from './byte-to-fixed.js';

const FS = [0, 7, 8, 12, 16] as const;
const LITERAL: Record<number, number> = { 0: 0, 7: 17, 8: 0, 12: 22, 16: 0 };
/** a^(p−2) mod p */
function inverse(a: bigint): bigint {
  let b = ((a % P) + P) % P;
  let e = P - 2n;
  let r = 1n;
  while (e > 0n) { if (e & 1n) r = (r * b) % P; b = (b * b) % P; e >>= 1n; }
  return r;
}

/** ByteToFixed(F) fed by a Num2Bits(8) of a public byte: the bits pinned as in BatchOpening. */
const pinned = (F: number) => compileSource(`pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "byte-to-fixed.circom";
template Pinned() {
    signal input v;
    signal output out;
    component b = Num2Bits(8);
    b.in <== v;
    component f = ByteToFixed(${F});
    f.in <== b.out;
    out <== f.out;
}
component main {public [v]} = Pinned();
`, `ByteToFixedPinned${F}`);

describe('ByteToFixed(F)', () => {
  const c = new Map<number, CompiledCircuit>();
  const p = new Map<number, CompiledCircuit>();
  beforeAll(async () => {
    for (const F of FS) {
      c.set(F, await compileTemplate('byte-to-fixed.circom', 'ByteToFixed', [F]));
      p.set(F, await pinned(F));
    }
  });

  it('costs nothing when F % 8 = 0, else F + 10', () => {
    for (const F of FS) {
      expect(c.get(F)!.nConstraints).toBe(ByteToFixed.constraints({ F }));
      expect(c.get(F)!.nConstraints).toBe(LITERAL[F]);
      // fed by pinned bits: 8 for the bits, plus the same
      expect(p.get(F)!.nConstraints).toBe(8 + byteToFixedConstraints(F));
    }
  });

  it('equals round(v · 2^F / 255) for every byte, in the circuit and in the reference', async () => {
    for (const F of FS) {
      for (let v = 0; v < 256; v++) {
        const want = BigInt(Math.round((v / 255) * 2 ** F));
        expect(byteToFixed(v, F)).toBe(want);
        const w = await p.get(F)!.witness({ v });
        expect(w.satisfies()).toBe(true);
        expect(w.get('out')).toBe(want);
      }
    }
    // the F = 8 identity of the protocol: v + bit7
    for (let v = 0; v < 256; v++) expect(byteToFixed(v, 8)).toBe(BigInt(v + (v >> 7)));
    // the reference agrees with float rounding while doubles are exact enough (F ≤ 32)
    for (let F = 0; F <= 32; F++) for (const v of [0, 1, 127, 128, 200, 254, 255]) expect(byteToFixed(v, F)).toBe(BigInt(Math.round((v / 255) * 2 ** F)));
    expect(byteToFixed(255, 64)).toBe(1n << 64n);
    expect(() => byteToFixed(256, 8)).toThrow(/not a byte/);
    expect(() => byteToFixed(1, 65)).toThrow(/fractional bits/);
  });

  it('rejects forged outputs: out ± 1, and out ± 1 with ∓255 moved into the remainder (F % 8 ≠ 0)', async () => {
    let movedRemainders = 0;
    for (const F of FS) {
      const pc = p.get(F)!;
      /** set only the signals that survived --O2 (the others are linear in them) */
      const surviving = (changes: Record<string, bigint>) =>
        Object.fromEntries(Object.entries(changes).filter(([k]) => (pc.sym.get(`main.${k}`) ?? -1) >= 0));
      for (const v of [0, 1, 8, 128, 200, 255]) {
        const w = await pc.witness({ v });
        const out = w.get('out');
        expect(w.forge({ out: out + 1n }).satisfies()).toBe(false);
        expect(w.forge({ out: out - 1n }).satisfies()).toBe(false);
        if (F % 8 !== 0) {
          // the whole division re-chosen consistently (quotient bits, remainder bits) with out ± 1 and
          // the remainder ∓ 255: possible in 8 bits only as r = 0 → 255, which r ≠ 255 refuses
          const r = ((BigInt(v) << BigInt(F)) + 127n) % 255n;
          // sanity: the same re-choice with the honest values (and the honest inverse) is accepted
          const honest: Record<string, bigint> = { out, 'f.r': r, 'f.inv': inverse(r - 255n) };
          for (let i = 0; i < 8; i++) honest[`f.rBits.out[${i}]`] = (r >> BigInt(i)) & 1n;
          for (let i = 0; i <= F; i++) honest[`f.outBits.out[${i}]`] = (out >> BigInt(i)) & 1n;
          expect(w.forge(surviving(honest)).satisfies()).toBe(true);
          for (const [dq, dr] of [[1n, -255n], [-1n, 255n]] as const) {
            const r2 = r + dr;
            if (r2 < 0n || r2 > 255n) continue;
            movedRemainders++;
            const q2 = out + dq;
            const forged: Record<string, bigint> = { out: q2, 'f.r': r2, 'f.inv': 1n };
            for (let i = 0; i < 8; i++) forged[`f.rBits.out[${i}]`] = (r2 >> BigInt(i)) & 1n;
            for (let i = 0; i <= F; i++) forged[`f.outBits.out[${i}]`] = (q2 >> BigInt(i)) & 1n;
            expect(w.forge(surviving(forged)).satisfies()).toBe(false);
          }
        }
      }
    }
    expect(movedRemainders).toBe(2); // v = 1 at F = 7 and v = 8 at F = 12 have remainder 0
  });

  it('refuses a byte outside [0, 256) before the conversion (the caller pins the bits)', async () => {
    expect(await witnessFails(p.get(7)!, { v: 256 })).toBe(true);
    expect(await witnessFails(p.get(8)!, { v: -1 })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('byte-to-fixed.circom', 'ByteToFixed', [65])).toMatch(/F: fractional bits/);
    expect(await compileError('byte-to-fixed.circom', 'ByteToFixed', [-1])).toMatch(/F: fractional bits/);
    expect(() => ByteToFixed.validate({ F: 65 })).toThrow(/parameter F/);
    expect(() => ByteToFixed.validate({ F: 0 })).not.toThrow();
  });
});
