import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { poly } from '../core/witness/poly.js';
import { P, fromField } from '../core/field.js';
import { Poly, RangedPoly } from './poly.js';

const B = 32;
const H = 1n << BigInt(B - 1);

describe('Poly(N)', () => {
  // n = 3 at scale 2^8
  const N = 768n;
  let c: CompiledCircuit;
  let cNeg: CompiledCircuit;
  beforeAll(async () => {
    c = await compileTemplate('poly.circom', 'Poly', [N]);
    cNeg = await compileTemplate('poly.circom', 'Poly', [-5]);
  });

  it('costs exactly 1 constraint', () => {
    expect(c.nConstraints).toBe(Poly.constraints({ N }));
    expect(c.nConstraints).toBe(1);
    expect(cNeg.nConstraints).toBe(1);
  });

  it('matches the reference on random, negative and edge inputs (in at scale 2^s, out at 2^(2s))', async () => {
    const r = rng(71);
    const edges = [0n, 1n, -1n, -N, -N / 2n, H - 1n, -H];
    for (const x of [...edges, ...Array.from({ length: 15 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(poly(x, N));
      const v = await cNeg.witness({ in: x });
      expect(v.satisfies()).toBe(true);
      expect(v.get('out')).toBe(x * x - 5n * x);
    }
    // the fixed-point meaning: x = 1.5 at scale 2^8 → x² + 3x = 6.75 at scale 2^16
    expect(poly(384n, N)).toBe(BigInt(6.75 * 65536));
  });

  it('rejects forged outputs', async () => {
    for (const x of [0n, 12345n, -12345n, -N]) {
      const w = await c.witness({ in: x });
      const y = w.get('out');
      expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: y - 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: -y - 1n }).satisfies()).toBe(false);
    }
  });

  it('does not range-check in: a huge input wraps, which is why the caller must bound it', async () => {
    const x = 1n << 200n;
    const w = await c.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    expect(w.get('out')).toBe(fromField((x * x + N * x) % P));
    expect(w.get('out')).not.toBe(poly(x, N));
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('poly.circom', 'Poly', [1n << 125n])).toMatch(/N: linear coefficient/);
    expect(await compileError('poly.circom', 'Poly', [-(1n << 125n)])).toMatch(/N: linear coefficient/);
    expect(() => Poly.validate({ N: 1n << 125n })).toThrow(/parameter N/);
    expect(() => Poly.validate({ N: 0.5 })).toThrow(/parameter N/);
    expect(() => Poly.validate({ N: -768 })).not.toThrow();
  });
});

describe('RangedPoly(B, N)', () => {
  const N = 768n;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('poly.circom', 'RangedPoly', [B, N]); });

  it('costs exactly B + 1 = 33 constraints', () => {
    expect(c.nConstraints).toBe(RangedPoly.constraints({ B, N }));
    expect(c.nConstraints).toBe(33);
  });

  it('matches the reference on random, negative and edge inputs', async () => {
    const r = rng(72);
    for (const x of [0n, -1n, H - 1n, -H, -N, ...Array.from({ length: 10 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(poly(x, N, B));
    }
  });

  it('rejects forged outputs and non-binary range bits', async () => {
    const w = await c.witness({ in: H - 1n });
    const y = w.get('out');
    expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
    // claim in = 2^(B-1) (and its square) with bit 0 = 2
    expect(w.forge({ in: H, out: poly(H, N), 'range.bits.out[0]': 2n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << 200n]) {
      expect(() => poly(x, N, B)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('poly.circom', 'RangedPoly', [126, 1])).toMatch(/B: bit width/);
    expect(await compileError('poly.circom', 'RangedPoly', [8, 200])).toMatch(/N: linear coefficient/);
    expect(() => RangedPoly.validate({ B: 126, N: 1 })).toThrow(/parameter B/);
    expect(() => RangedPoly.validate({ B: 8, N: 200 })).toThrow(/parameter N/);
    expect(() => RangedPoly.validate({ B: 8, N: -128 })).not.toThrow();
  });
});
