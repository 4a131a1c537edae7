import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit, type Witness } from './test/harness.js';
import { rng } from './test/rng.js';
import { hardSigmoid, hardSigmoidConstants, hardSigmoidDomain, hardSigmoidMulShift } from '../core/witness/hard-sigmoid.js';
import { HardSigmoid } from './hard-sigmoid.js';

describe('hard-sigmoid reference (pure TypeScript)', () => {
  it('is round-half-up of 2^S · Keras 3 hard_sigmoid(x / 2^S) = relu6(x + 3)/6', () => {
    const S = 6, one = 64;
    const keras = (x: number) => Math.min(Math.max(x + 3, 0), 6) / 6;
    for (let X = -300; X <= 300; X++) {
      const exact = keras(X / one) * one;
      expect(Number(hardSigmoid(BigInt(X), 16, S))).toBe(Math.floor(exact + 0.5));
    }
  });

  it('the multiply-shift by M = ceil(2^T/6) equals the exact division on the whole unsaturated window', () => {
    for (const S of [1, 2, 3, 4, 5, 8, 9, 12]) {
      const B = S + 6;
      const { T, M } = hardSigmoidConstants(B, S);
      expect(T === S + 4 || T === S + 5).toBe(true);
      expect(6n * M - (1n << BigInt(T)) > 0n).toBe(true);
      const s = 1n << BigInt(S);
      for (let x = -3n * s - 10n; x <= 3n * s + 10n; x++) {
        expect(hardSigmoidMulShift(x, B, S)).toBe(hardSigmoid(x, B, S));
      }
    }
  });
});

describe('HardSigmoid(B, S)', () => {
  const B = 32, S = 8;
  const one = 1n << BigInt(S);
  const H = 1n << BigInt(B - 1);
  const K = hardSigmoidConstants(B, S);
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('hard-sigmoid.circom', 'HardSigmoid', [B, S]); });
  /** floor(N·M / 2^T) for N ≥ 0, read from the (possibly forged) bits T..N1-2. */
  const qOf = (w: Witness) => {
    let q = 0n;
    for (let i = K.T; i < K.n1 - 1; i++) q += w.get(`scaled.out[${i}]`) << BigInt(i - K.T);
    return q;
  };

  it('costs exactly N1 + B + 2 = 76 constraints at B = 32, S = 8', () => {
    expect(K).toEqual({ T: 12, M: 683n, n1: 42, nUp: 33, sat: 765n, offset: 771n });
    expect(c.nConstraints).toBe(HardSigmoid.constraints({ B, S }));
    expect(c.nConstraints).toBe(76);
  });

  it('matches the reference on random, negative and edge inputs, exact on its whole accepted interval', async () => {
    const r = rng(61);
    const d = hardSigmoidDomain(B, S);
    expect(d.min <= -H && d.max >= H - 1n).toBe(true);
    const t = 3n * one;
    const edges = [0n, 1n, -1n, -t - 4n, -t - 3n, -t - 2n, -t + 2n, -t + 3n, t - 4n, t - 3n, t - 2n, t + 2n, t + 3n, t + 4n,
      H - 1n, -H, d.min, d.max, 3n, -3n, 128n, -128n];
    const mid = Array.from({ length: 14 }, () => r.big(-t - 8n, t + 8n));
    for (const x of [...edges, ...mid, ...Array.from({ length: 8 }, () => r.signed(B))]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      const y = w.get('out');
      expect(y).toBe(hardSigmoid(x, B, S));
      expect(y >= 0n && y <= one).toBe(true);
    }
  });

  it('rejects the remainder forgery: out + 1 with −2^T moved into a remainder bit', async () => {
    // find an unsaturated input whose quotient bit T is 0, so q + 1 is encoded by setting it
    let x = 100n;
    const bitT = (v: bigint) => ((((v + K.offset) * K.M) + (1n << BigInt(K.n1 - 1))) >> BigInt(K.T)) & 1n;
    while (bitT(x) !== 0n) x++;
    const w = await c.witness({ in: x });
    const q = w.get('out');
    expect(q).toBe(hardSigmoid(x, B, S));
    const forged = w.forge({ out: q + 1n, [`scaled.out[${K.T}]`]: 1n, 'scaled.out[0]': w.get('scaled.out[0]') - (1n << BigInt(K.T)) });
    expect(qOf(forged)).toBe(q + 1n);
    expect(forged.satisfies()).toBe(false);
    for (const v of [x, -t(), t(), 0n, -H]) {
      const u = await c.witness({ in: v });
      expect(u.forge({ out: u.get('out') + 1n }).satisfies()).toBe(false);
      expect(u.forge({ out: u.get('out') - 1n }).satisfies()).toBe(false);
    }
    function t() { return 3n * one; }
  });

  it('rejects flipped saturation and sign bits', async () => {
    // saturated high: claim not saturated (hi bit 1 → 0 by moving 2^B into bit B-1) with out = the quotient
    const a = await c.witness({ in: 5000n });
    const af = a.forge({ [`upper.out[${B - 1}]`]: a.get(`upper.out[${B - 1}]`) + 2n });
    expect(af.forge({ out: qOf(af) }).satisfies()).toBe(false);
    // unsaturated: claim saturated
    const m = await c.witness({ in: 10n });
    expect(m.forge({ out: one, [`upper.out[${B - 1}]`]: m.get(`upper.out[${B - 1}]`) - 2n }).satisfies()).toBe(false);
    // saturated low (N < 0): claim the sign bit is 1 and out = the bits' quotient
    const n = await c.witness({ in: -5000n });
    const nf = n.forge({ [`scaled.out[${K.n1 - 2}]`]: n.get(`scaled.out[${K.n1 - 2}]`) - 2n });
    expect(nf.forge({ out: qOf(nf) }).satisfies()).toBe(false);
  });

  it('works when S > B − 3 (no input reaches ±3): the saturation test widens', async () => {
    const b = 8, s = 7; // in/2^7 ∈ [-1, 1)
    const d = await compileTemplate('hard-sigmoid.circom', 'HardSigmoid', [b, s]);
    const k = hardSigmoidConstants(b, s);
    expect(k.nUp).toBe(10); // 2^9 ≥ 2^7 + 381
    expect(d.nConstraints).toBe(HardSigmoid.constraints({ B: b, S: s }));
    expect(d.nConstraints).toBe(k.n1 + 10 + 1);
    for (const x of [-128n, -64n, -1n, 0n, 1n, 77n, 127n]) {
      const w = await d.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(hardSigmoid(x, b, s));
    }
    const dom = hardSigmoidDomain(b, s);
    expect(dom.min <= -128n && dom.max >= 127n).toBe(true);
    expect(await witnessFails(d, { in: dom.min - 1n })).toBe(true);
    expect(await witnessFails(d, { in: dom.max + 1n })).toBe(true);
  });

  it('rejects inputs outside its accepted interval instead of wrapping around the field', async () => {
    const d = hardSigmoidDomain(B, S);
    for (const x of [d.min - 1n, d.max + 1n, 1n << 40n, -(1n << 200n)]) {
      expect(() => hardSigmoid(x, B, S)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('hard-sigmoid.circom', 'HardSigmoid', [245, 1])).toMatch(/B: bit width/);
    expect(await compileError('hard-sigmoid.circom', 'HardSigmoid', [16, 121])).toMatch(/S: scale shift/);
    expect(await compileError('hard-sigmoid.circom', 'HardSigmoid', [200, 50])).toMatch(/S: scale shift/);
    expect(await compileError('hard-sigmoid.circom', 'HardSigmoid', [16, 0])).toMatch(/S: scale shift/);
    expect(() => HardSigmoid.validate({ B: 245, S: 1 })).toThrow(/parameter B/);
    expect(() => HardSigmoid.validate({ B: 16, S: 121 })).toThrow(/parameter S/);
    expect(() => HardSigmoid.validate({ B: 200, S: 50 })).toThrow(/parameter S/);
    expect(() => HardSigmoid.validate({ B: 16, S: 0 })).toThrow(/parameter S/);
    // the extremes of the accepted ranges still fit the field comfortably
    for (const [b, s] of [[244, 1], [125, 120], [2, 120], [2, 1]]) {
      expect(() => HardSigmoid.validate({ B: b, S: s })).not.toThrow();
      const k = hardSigmoidConstants(b, s);
      expect(k.n1).toBeLessThanOrEqual(250);
      expect(k.nUp).toBeLessThanOrEqual(250);
    }
  });
});
