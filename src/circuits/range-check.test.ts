import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { rangeCheck } from '../core/witness/range-check.js';
import { RangeCheck } from './range-check.js';

describe('RangeCheck(B)', () => {
  const B = 32;
  const H = 1n << BigInt(B - 1);
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('range-check.circom', 'RangeCheck', [B]); });

  it(`costs exactly B = ${B} constraints`, () => {
    expect(c.nConstraints).toBe(RangeCheck.constraints({ B }));
    expect(c.nConstraints).toBe(32);
  });

  it('accepts every signed B-bit input (random, negative, edges), like the reference', async () => {
    const r = rng(11);
    const edges = [0n, 1n, -1n, H - 1n, -H, H - 2n, -H + 1n];
    for (const x of [...edges, ...Array.from({ length: 25 }, () => r.signed(B))]) {
      expect(rangeCheck(x, B)).toBe(x);
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('in')).toBe(x);
      // the bits are those of in + 2^(B-1)
      expect(w.get('bits.out[0]')).toBe((x + H) & 1n);
    }
  });

  it('rejects forged witnesses that smuggle an out-of-range input through a non-binary bit', async () => {
    // 2^(B-1) − 1 has all low bits set; claim in = 2^(B-1) by making bit 0 equal 2.
    const w = await c.witness({ in: H - 1n });
    expect(w.forge({ in: H }).satisfies()).toBe(false);
    expect(w.forge({ in: H, 'bits.out[0]': 2n }).satisfies()).toBe(false);
    // −2^(B-1) has all bits clear; claim in = −2^(B-1) − 1 with bit 0 = −1.
    const v = await c.witness({ in: -H });
    expect(v.forge({ in: -H - 1n, 'bits.out[0]': -1n }).satisfies()).toBe(false);
    // claim in = x + 2^(B-1) by moving the top weight into bit B-2
    const u = await c.witness({ in: 5n });
    expect(u.forge({ in: 5n + H, [`bits.out[${B - 2}]`]: u.get(`bits.out[${B - 2}]`) + 1n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << BigInt(B), -(1n << 200n), 1n << 250n]) {
      expect(() => rangeCheck(x, B)).toThrow(/outside the signed 32-bit range/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('range-check.circom', 'RangeCheck', [0])).toMatch(/B: bit width/);
    expect(await compileError('range-check.circom', 'RangeCheck', [252])).toMatch(/B: bit width/);
    expect(() => RangeCheck.validate({ B: 0 })).toThrow(/parameter B/);
    expect(() => RangeCheck.validate({ B: 252 })).toThrow(/parameter B/);
    expect(() => RangeCheck.validate({ B: 251 })).not.toThrow();
  });
});
