import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P } from '../core/field.js';
import { bytesUnpack } from '../core/witness/bytes-unpack.js';
import { BytesUnpack } from './bytes-unpack.js';

/** BytesUnpack(N) used inside a circuit: only the bytes leave it, so the bits are internal signals. */
const inner = (n: number) => compileSource(`pragma circom 2.2.3;
include "bytes-unpack.circom";
template Inner() {
    signal input in[${n}];
    signal output out[${31 * n}];
    component u = BytesUnpack(${n});
    u.in <== in;
    out <== u.out;
}
component main = Inner();
`, `BytesUnpackInner${n}`);

describe('BytesUnpack(N)', () => {
  let c: CompiledCircuit;
  let pub: CompiledCircuit; // in public: the forgeries below keep the committed elements fixed
  beforeAll(async () => {
    c = await compileTemplate('bytes-unpack.circom', 'BytesUnpack', [2]);
    pub = await compileTemplate('bytes-unpack.circom', 'BytesUnpack', [2], { publicInputs: ['in'] });
  });

  const top = 2n ** 248n - 1n;

  it('costs 248·N inside a circuit (279·N as main, where each byte output keeps its linear definition)', async () => {
    for (const n of [1, 3]) {
      const ic = await inner(n);
      expect(ic.nConstraints).toBe(BytesUnpack.constraints({ N: n }));
      expect(ic.nConstraints).toBe(248 * n);
    }
    expect((await inner(1)).nConstraints).toBe(248);
    expect(c.nConstraints).toBe(558);
    expect(c.nConstraints).toBe(BytesUnpack.constraints({ N: 2 }) + 31 * 2);
  });

  it('matches the reference: big-endian bytes, bits least significant first', async () => {
    const r = rng(5);
    const be = (bytes: number[]) => bytes.reduce((x, b) => (x << 8n) | BigInt(b), 0n);
    const counting = Array.from({ length: 31 }, (_, u) => u + 1); // 0x0102…1f
    for (const xs of [[r.big(0n, top), r.big(0n, top)], [0n, top], [be(counting), 255n], [1n << 240n, 1n]]) {
      const w = await c.witness({ in: xs });
      expect(w.satisfies()).toBe(true);
      const ref = bytesUnpack(xs);
      expect(w.getArray('out')).toEqual(ref.out);
      expect(w.getArray('bits')).toEqual(ref.bits.flat());
    }
    const { out, bits } = bytesUnpack([be(counting)]);
    expect(out.map(Number)).toEqual(counting);
    expect(bytesUnpack([255n]).out[30]).toBe(255n);
    expect(bytesUnpack([1n << 240n]).out[0]).toBe(1n);
    expect(bits[30]).toEqual([1n, 1n, 1n, 1n, 1n, 0n, 0n, 0n]); // 0x1f
    expect(() => bytesUnpack([1n << 248n])).toThrow(/31-byte/);
    expect(() => bytesUnpack([-1n])).toThrow(/31-byte/);
  });

  it('rejects forged witnesses: another byte, a non-binary bit that keeps the element, bytes moved between positions', async () => {
    const xs = [0x0102n, 0x80n << 232n];
    const w = await pub.witness({ in: xs });
    expect(w.satisfies()).toBe(true);
    expect(w.get('out[30]')).toBe(2n);
    expect(w.get('out[29]')).toBe(1n);
    expect(w.forge({ 'out[30]': 3n }).satisfies()).toBe(false);
    expect(w.get('out[32]')).toBe(0x80n); // 0x80 << 232: byte 1 of element 1
    expect(w.forge({ 'out[32]': 0n }).satisfies()).toBe(false);
    expect(w.forge({ 'out[32]': 0x81n, 'bits[32][0]': 1n }).satisfies()).toBe(false);
    // 0x0102 as byte 29 = 0, byte 30 = 258 (the bits of byte 29 moved into byte 30): refused
    expect(w.forge({ 'out[29]': 0n, 'out[30]': 258n }).satisfies()).toBe(false);
    // bit 0 of byte 29 (weight 256) moved into bit 1 of byte 30 (weight 2) as 1 + 128: same element,
    // same byte values recomputed, but a non-binary bit
    expect(w.forge({ 'bits[30][1]': 129n, 'bits[29][0]': 0n, 'out[29]': 0n, 'out[30]': 258n }).satisfies()).toBe(false);
    expect(w.forge({ 'bits[30][0]': 2n, 'bits[30][1]': 0n }).satisfies()).toBe(false);
  });

  it('refuses elements of 32 bytes or more instead of wrapping them', async () => {
    for (const bad of [1n << 248n, P - 1n, -1n]) expect(await witnessFails(c, { in: [bad, 0n] })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('bytes-unpack.circom', 'BytesUnpack', [0])).toMatch(/N: number of 31-byte elements/);
    expect(() => BytesUnpack.validate({ N: 0 })).toThrow(/parameter N/);
  });
});
