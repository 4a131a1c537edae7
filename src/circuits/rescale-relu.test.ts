import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit, type Witness } from './test/harness.js';
import { rng } from './test/rng.js';
import { rescaleRelu } from '../core/witness/rescale-relu.js';
import { rescale } from '../core/witness/rescale.js';
import { relu } from '../core/witness/relu.js';
import { RescaleReLU } from './rescale-relu.js';

describe('RescaleReLU(B, S)', () => {
  const B = 32, S = 12;
  const H = 1n << BigInt(B - 1);
  const top2 = `bits.out[${B - 2}]`;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('rescale-relu.circom', 'RescaleReLU', [B, S]); });
  /** floor(in/2^S) for in ≥ 0, read from the (possibly forged) bits S..B-2. */
  const qOf = (w: Witness) => {
    let q = 0n;
    for (let i = S; i < B - 1; i++) q += w.get(`bits.out[${i}]`) << BigInt(i - S);
    return q;
  };

  it(`costs exactly B + 1 = ${B + 1} constraints (Rescale + ReLU sharing one decomposition)`, () => {
    expect(c.nConstraints).toBe(RescaleReLU.constraints({ B, S }));
    expect(c.nConstraints).toBe(33);
  });

  it('matches relu(rescale(x)) on random, negative and edge inputs', async () => {
    const r = rng(31);
    const s = 1n << BigInt(S);
    const edges = [0n, 1n, -1n, s - 1n, s, s + 1n, -s, -s - 1n, H - 1n, -H, 2n * s - 1n];
    for (const x of [...edges, ...Array.from({ length: 25 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(rescaleRelu(x, B, S));
      expect(rescaleRelu(x, B, S)).toBe(relu(rescale(x, B, S), B - S));
    }
  });

  it('rejects the circomlib-ml forgery: out + 1 with −2^S moved into a remainder bit', async () => {
    // bit S of in + 2^(B-1) is 0 here, so out + 1 is encoded by setting it, and the remainder
    // must give back 2^S through bit 0 (which would have to be 77 − 4096 in "bit" units).
    const x = (5n << BigInt(S + 1)) + 77n;
    const w = await c.witness({ in: x });
    const q = w.get('out');
    expect(q).toBe(10n);
    expect(w.get(`bits.out[${S}]`)).toBe(0n);
    const forged = w.forge({ out: q + 1n, [`bits.out[${S}]`]: 1n, 'bits.out[0]': w.get('bits.out[0]') - (1n << BigInt(S)) });
    expect(qOf(forged)).toBe(q + 1n); // the high part does say q + 1 ...
    expect(forged.satisfies()).toBe(false); // ... but bit 0 is not a bit
    // plain output shifts
    expect(w.forge({ out: q + 1n }).satisfies()).toBe(false);
    expect(w.forge({ out: q - 1n }).satisfies()).toBe(false);
  });

  it('rejects flipped signs', async () => {
    // negative input: claim the sign bit is 1 (2^(B-1) moved out of bit B-2) and out = the bits' quotient
    const n = await c.witness({ in: -987654321n });
    const nf = n.forge({ [top2]: n.get(top2) - 2n });
    expect(nf.forge({ out: qOf(nf) }).satisfies()).toBe(false);
    expect(n.forge({ out: rescale(-987654321n, B, S) }).satisfies()).toBe(false);
    // positive input: claim out = 0 with the sign bit at 0
    const p = await c.witness({ in: 987654321n });
    expect(p.forge({ out: 0n, [top2]: p.get(top2) + 2n }).satisfies()).toBe(false);
    expect(p.forge({ out: 0n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << 33n, -(1n << 100n)]) {
      expect(() => rescaleRelu(x, B, S)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('accepts S = B-1 like Rescale; the output is then identically 0', async () => {
    const d = await compileTemplate('rescale-relu.circom', 'RescaleReLU', [8, 7]);
    expect(d.nConstraints).toBe(RescaleReLU.constraints({ B: 8, S: 7 }));
    for (const x of [-128n, -1n, 0n, 1n, 127n]) {
      const w = await d.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(0n);
      expect(rescaleRelu(x, 8, 7)).toBe(0n);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('rescale-relu.circom', 'RescaleReLU', [300, 8])).toMatch(/B: bit width/);
    expect(await compileError('rescale-relu.circom', 'RescaleReLU', [16, 16])).toMatch(/S: shift/);
    expect(await compileError('rescale-relu.circom', 'RescaleReLU', [16, 0])).toMatch(/S: shift/);
    expect(() => RescaleReLU.validate({ B: 300, S: 8 })).toThrow(/parameter B/);
    expect(() => RescaleReLU.validate({ B: 16, S: 16 })).toThrow(/parameter S/);
    expect(() => RescaleReLU.validate({ B: 16, S: 0 })).toThrow(/parameter S/);
    expect(() => RescaleReLU.validate({ B: 16, S: 15 })).not.toThrow();
  });
});
