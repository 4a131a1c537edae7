import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { relu } from '../core/witness/relu.js';
import { ReLU } from './relu.js';

describe('ReLU(B)', () => {
  const B = 32;
  const H = 1n << BigInt(B - 1);
  // The top bit (the sign) is folded away at --O2; it is the linear remainder
  // (in + 2^(B-1) − Σ low bits)/2^(B-1). Moving ±2 into bit B-2 flips it.
  const top2 = `bits.out[${B - 2}]`;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('relu.circom', 'ReLU', [B]); });

  it(`costs exactly B + 1 = ${B + 1} constraints (the older circomlib-ml ReLU: 521)`, () => {
    expect(c.nConstraints).toBe(ReLU.constraints({ B }));
    expect(c.nConstraints).toBe(33);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(21);
    const edges = [0n, 1n, -1n, H - 1n, -H, 2n, -2n, H - 2n, -H + 1n];
    for (const x of [...edges, ...Array.from({ length: 25 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(relu(x, B));
      expect(w.get('out')).toBe(x > 0n ? x : 0n);
    }
  });

  it('rejects forged outputs and flipped signs', async () => {
    for (const x of [0n, 7n, -7n, H - 1n, -H]) {
      const w = await c.witness({ in: x });
      const y = w.get('out');
      expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: y - 1n }).satisfies()).toBe(false);
    }
    // a negative input claimed as passing through: out = in needs the sign bit at 1
    const n = await c.witness({ in: -1234567n });
    expect(n.forge({ out: -1234567n }).satisfies()).toBe(false);
    expect(n.forge({ out: -1234567n, [top2]: n.get(top2) - 2n }).satisfies()).toBe(false);
    // a positive input claimed as clipped to 0: needs the sign bit at 0
    const p = await c.witness({ in: 1234567n });
    expect(p.forge({ out: 0n }).satisfies()).toBe(false);
    expect(p.forge({ out: 0n, [top2]: p.get(top2) + 2n }).satisfies()).toBe(false);
    // the low bits are pinned too
    expect(p.forge({ 'bits.out[0]': 1n - p.get('bits.out[0]') }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << 40n, -(1n << 200n)]) {
      expect(() => relu(x, B)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('relu.circom', 'ReLU', [1])).toMatch(/B: bit width/);
    expect(await compileError('relu.circom', 'ReLU', [252])).toMatch(/B: bit width/);
    expect(() => ReLU.validate({ B: 1 })).toThrow(/parameter B/);
    expect(() => ReLU.validate({ B: 252 })).toThrow(/parameter B/);
    expect(() => ReLU.validate({ B: 2.5 })).toThrow(/parameter B/);
  });
});
