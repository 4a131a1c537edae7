import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { rescale } from '../core/witness/rescale.js';
import { Rescale } from './rescale.js';

describe('Rescale(B, S)', () => {
  const B = 32, S = 12;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('rescale.circom', 'Rescale', [B, S]); });

  it(`costs exactly B = ${B} constraints`, () => {
    expect(c.nConstraints).toBe(Rescale.constraints({ B, S }));
    expect(c.nConstraints).toBe(32);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(7);
    const edges = [0n, 1n, -1n, (1n << 31n) - 1n, -(1n << 31n), 4095n, 4096n, -4096n, -4097n];
    for (const x of [...edges, ...Array.from({ length: 30 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(rescale(x, B, S));
    }
  });

  it('rejects the circomlib-ml forgery: out + 1 with the difference moved into the remainder', async () => {
    const x = 123456789n;
    const w = await c.witness({ in: x });
    const q = w.get('out');
    // The remainder lives in the low S bits; moving −2^S into it needs a non-binary "bit".
    const low = Array.from({ length: S }, (_, i) => `bits.out[${i}]`).find((n) => c.sym.get(`main.${n}`)! >= 0)!;
    const i = Number(low.match(/\d+/)![0]);
    const forged = w.forge({ out: q + 1n, [low]: w.get(low) - (1n << BigInt(S - i)) });
    expect(forged.satisfies()).toBe(false);
    // and simply claiming another output is rejected too
    expect(w.forge({ out: q + 1n }).satisfies()).toBe(false);
    expect(w.forge({ out: q - 1n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    expect(await witnessFails(c, { in: 1n << 31n })).toBe(true);
    expect(await witnessFails(c, { in: -(1n << 31n) - 1n })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('rescale.circom', 'Rescale', [300, 8])).toMatch(/B: bit width/);
    expect(await compileError('rescale.circom', 'Rescale', [16, 16])).toMatch(/S: shift/);
    expect(() => Rescale.validate({ B: 300, S: 8 })).toThrow(/parameter B/);
    expect(() => Rescale.validate({ B: 16, S: 16 })).toThrow(/parameter S/);
  });
});
