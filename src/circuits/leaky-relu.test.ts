import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { leakyRelu } from '../core/witness/leaky-relu.js';
import { rescale } from '../core/witness/rescale.js';
import { inSignedRange } from '../core/field.js';
import { LeakyReLU, leakyReluParams } from './leaky-relu.js';

describe('LeakyReLU(B, ALPHA_NUM, ALPHA_SHIFT)', () => {
  // Keras 3 default negative_slope 0.3 at 16 fractional bits: 19661 / 65536
  const p = leakyReluParams(32, 0.3);
  const { B, ALPHA_SHIFT } = p;
  const A = BigInt(p.ALPHA_NUM);
  const H = 1n << BigInt(B - 1);
  const top2 = `bits.out[${B - 2}]`;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('leaky-relu.circom', 'LeakyReLU', [B, A, ALPHA_SHIFT]); });

  it('builds the parameters from a real slope', () => {
    expect(p).toEqual({ B: 32, ALPHA_NUM: 19661, ALPHA_SHIFT: 16 });
    expect(leakyReluParams(16, 0.01, 10).ALPHA_NUM).toBe(10);
    expect(() => leakyReluParams(16, 1.5)).toThrow(/parameter ALPHA_NUM/);
  });

  it(`costs exactly B + 1 = ${33} constraints (the older circomlib-ml LeakyReLU: 521)`, () => {
    expect(c.nConstraints).toBe(LeakyReLU.constraints(p));
    expect(c.nConstraints).toBe(33);
  });

  it('matches the reference on random, negative and edge inputs; the output fits B + ALPHA_SHIFT bits', async () => {
    const r = rng(41);
    const edges = [0n, 1n, -1n, H - 1n, -H, 3n, -3n];
    for (const x of [...edges, ...Array.from({ length: 25 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      const y = w.get('out');
      expect(y).toBe(leakyRelu(x, B, A, ALPHA_SHIFT));
      expect(y).toBe(x >= 0n ? x * 65536n : x * 19661n);
      expect(y >= -H * A && y <= (H - 1n) << BigInt(ALPHA_SHIFT)).toBe(true);
      expect(inSignedRange(y, B + ALPHA_SHIFT)).toBe(true);
      // the caller's Rescale(B + ALPHA_SHIFT, ALPHA_SHIFT) gives floor(leaky_relu(x)) at the input scale
      const back = rescale(y, B + ALPHA_SHIFT, ALPHA_SHIFT);
      expect(back).toBe(x >= 0n ? x : (x * A) >> BigInt(ALPHA_SHIFT));
    }
  });

  it('rejects forged outputs and flipped signs', async () => {
    for (const x of [0n, 99n, -99n, -H]) {
      const w = await c.witness({ in: x });
      const y = w.get('out');
      expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: y - 1n }).satisfies()).toBe(false);
    }
    const n = await c.witness({ in: -4242n });
    expect(n.forge({ out: -4242n << 16n }).satisfies()).toBe(false);
    expect(n.forge({ out: -4242n << 16n, [top2]: n.get(top2) - 2n }).satisfies()).toBe(false);
    const q = await c.witness({ in: 4242n });
    expect(q.forge({ out: 4242n * A }).satisfies()).toBe(false);
    expect(q.forge({ out: 4242n * A, [top2]: q.get(top2) + 2n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << 60n, -(1n << 120n)]) {
      expect(() => leakyRelu(x, B, A, ALPHA_SHIFT)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('leaky-relu.circom', 'LeakyReLU', [1, 1, 4])).toMatch(/B: bit width/);
    expect(await compileError('leaky-relu.circom', 'LeakyReLU', [32, 1, 220])).toMatch(/ALPHA_SHIFT: /);
    expect(await compileError('leaky-relu.circom', 'LeakyReLU', [32, 16, 4])).toMatch(/ALPHA_NUM: /);
    expect(await compileError('leaky-relu.circom', 'LeakyReLU', [32, -1, 4])).toMatch(/ALPHA_NUM: /);
    expect(() => LeakyReLU.validate({ B: 1, ALPHA_NUM: 1, ALPHA_SHIFT: 4 })).toThrow(/parameter B/);
    expect(() => LeakyReLU.validate({ B: 32, ALPHA_NUM: 1, ALPHA_SHIFT: 220 })).toThrow(/parameter ALPHA_SHIFT/);
    expect(() => LeakyReLU.validate({ B: 32, ALPHA_NUM: 16, ALPHA_SHIFT: 4 })).toThrow(/parameter ALPHA_NUM/);
    expect(() => LeakyReLU.validate({ B: 32, ALPHA_NUM: -1, ALPHA_SHIFT: 4 })).toThrow(/parameter ALPHA_NUM/);
    expect(() => LeakyReLU.validate({ B: 32, ALPHA_NUM: 0.5, ALPHA_SHIFT: 4 })).toThrow(/parameter ALPHA_NUM/);
  });
});
