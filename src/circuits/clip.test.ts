import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { clip, clipDomain, relu6 } from '../core/witness/clip.js';
import { Clip, relu6Params } from './clip.js';

const B = 32;
const H = 1n << BigInt(B - 1);

/** Inputs around the thresholds, the B-bit edges and the edges of the accepted interval. */
function inputs(lo: bigint, hi: bigint, seed: number): bigint[] {
  const r = rng(seed);
  const d = clipDomain(B, lo, hi);
  const edges = [lo - 1n, lo, lo + 1n, hi - 1n, hi, hi + 1n, 0n, -1n, 1n, H - 1n, -H, d.min, d.max];
  const near = Array.from({ length: 8 }, () => r.big(lo - 50n, hi + 50n));
  return [...edges, ...near, ...Array.from({ length: 12 }, () => r.signed(B))];
}

describe('Clip(B, LO, HI) as ReLU6 = Clip(B, 0, 6·2^s)', () => {
  const s = 8;
  const p = relu6Params(B, s);
  const HI = BigInt(p.HI);
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('clip.circom', 'Clip', [p.B, p.LO, p.HI]); });

  it('costs exactly 2B + 2 = 66 constraints (N_LO = B since LO = 0, N_HI = B + 1)', () => {
    expect(p).toEqual({ B: 32, LO: 0n, HI: 1536n });
    expect(c.nConstraints).toBe(Clip.constraints(p));
    expect(c.nConstraints).toBe(66);
  });

  it('accepts exactly the signed B-bit range (LO = 0 makes the lower window exact)', () => {
    expect(clipDomain(B, 0n, HI)).toEqual({ min: -H, max: H - 1n });
  });

  it('matches the reference on random, negative and edge inputs', async () => {
    for (const x of inputs(0n, HI, 51)) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(relu6(x, B, s));
      expect(w.get('out')).toBe(x < 0n ? 0n : x > HI ? HI : x);
    }
  });

  it('rejects forged outputs and flipped comparison bits', async () => {
    for (const x of [-5n, 0n, 700n, HI, HI + 1n, H - 1n]) {
      const w = await c.witness({ in: x });
      const y = w.get('out');
      expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: y - 1n }).satisfies()).toBe(false);
    }
    // below LO, claim "not clipped": the [in ≥ LO] bit (folded away) must become 1
    const n = await c.witness({ in: -5n });
    expect(n.forge({ out: -5n, [`lower.out[${B - 2}]`]: n.get(`lower.out[${B - 2}]`) - 2n }).satisfies()).toBe(false);
    // above HI, claim "not clipped": the [in > HI] bit must become 0
    const a = await c.witness({ in: HI + 10n });
    expect(a.forge({ out: HI + 10n, [`upper.out[${B - 1}]`]: a.get(`upper.out[${B - 1}]`) + 2n }).satisfies()).toBe(false);
    // inside, claim "clipped to HI"
    const m = await c.witness({ in: 100n });
    expect(m.forge({ out: HI, [`upper.out[${B - 1}]`]: m.get(`upper.out[${B - 1}]`) - 2n }).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs instead of wrapping around the field', async () => {
    for (const x of [H, -H - 1n, 1n << 40n, -(1n << 200n)]) {
      expect(() => relu6(x, B, s)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });
});

describe('Clip(B, LO, HI) with a bound beyond the B-bit range (ReLU6 on a tensor that never reaches 6)', () => {
  const b = 12, HI = 6n << 10n; // 6144 ≥ 2^11
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('clip.circom', 'Clip', [b, 0, HI]); });

  it('widens only the upper test: B + (B + 3) + 1 constraints (2^14 ≥ 2^11 + HI + 1)', () => {
    expect(c.nConstraints).toBe(Clip.constraints({ B: b, LO: 0, HI }));
    expect(c.nConstraints).toBe(12 + 15 + 1);
    expect(clipDomain(b, 0n, HI)).toEqual({ min: -2048n, max: 2047n });
  });

  it('is the identity on non-negative inputs and 0 below, and rejects anything outside 12 bits', async () => {
    for (const x of [-2048n, -1n, 0n, 1n, 2047n, 1234n]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(clip(x, b, 0n, HI));
    }
    for (const x of [2048n, -2049n, HI + 1n]) expect(await witnessFails(c, { in: x })).toBe(true);
  });
});

describe('Clip(B, LO, HI) with general bounds', () => {
  const LO = -1000n, HI = 777n;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('clip.circom', 'Clip', [B, LO, HI]); });

  it('costs exactly 2B + 3 = 67 constraints', () => {
    expect(c.nConstraints).toBe(Clip.constraints({ B, LO, HI }));
    expect(c.nConstraints).toBe(67);
    expect(Clip.constraints({ B, LO: -100n, HI: -1n })).toBe(2 * B + 2);
    expect(Clip.constraints({ B, LO: -H, HI: H - 1n })).toBe(2 * B + 3);
  });

  it('matches the reference on random, negative and edge inputs, exact on its whole accepted interval', async () => {
    const d = clipDomain(B, LO, HI);
    // a superset of the B-bit range: [HI + 1 − 2^B, LO + 2^B)
    expect(d).toEqual({ min: HI + 1n - (1n << 32n), max: LO + (1n << 32n) - 1n });
    expect(d.min < -H && d.max >= H).toBe(true);
    for (const x of [...inputs(LO, HI, 52), H, -H - 1n]) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(clip(x, B, LO, HI));
      expect(w.get('out')).toBe(x < LO ? LO : x > HI ? HI : x);
    }
  });

  it('rejects forged outputs and flipped comparison bits', async () => {
    for (const x of [LO - 1n, LO, 0n, HI, HI + 1n]) {
      const w = await c.witness({ in: x });
      const y = w.get('out');
      expect(w.forge({ out: y + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: y - 1n }).satisfies()).toBe(false);
    }
    const n = await c.witness({ in: LO - 3n });
    expect(n.forge({ out: LO - 3n, [`lower.out[${B - 1}]`]: n.get(`lower.out[${B - 1}]`) - 2n }).satisfies()).toBe(false);
    const a = await c.witness({ in: HI + 3n });
    expect(a.forge({ out: HI + 3n, [`upper.out[${B - 1}]`]: a.get(`upper.out[${B - 1}]`) + 2n }).satisfies()).toBe(false);
  });

  it('rejects inputs outside its accepted interval instead of wrapping around the field', async () => {
    const d = clipDomain(B, LO, HI);
    for (const x of [d.min - 1n, d.max + 1n, 1n << 40n, -(1n << 200n)]) {
      expect(() => clip(x, B, LO, HI)).toThrow(/outside/);
      expect(await witnessFails(c, { in: x })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('clip.circom', 'Clip', [1, 0, 0])).toMatch(/B: bit width/);
    expect(await compileError('clip.circom', 'Clip', [250, 0, 1])).toMatch(/B: bit width/);
    expect(await compileError('clip.circom', 'Clip', [16, -(1n << 250n), 1])).toMatch(/LO: lower bound/);
    expect(await compileError('clip.circom', 'Clip', [16, 5, 5])).toMatch(/HI: upper bound/);
    expect(await compileError('clip.circom', 'Clip', [16, 5, 1n << 249n])).toMatch(/HI: upper bound/);
    expect(() => Clip.validate({ B: 1, LO: 0, HI: 1 })).toThrow(/parameter B/);
    expect(() => Clip.validate({ B: 250, LO: 0, HI: 1 })).toThrow(/parameter B/);
    expect(() => Clip.validate({ B: 16, LO: -(1n << 250n), HI: 1 })).toThrow(/parameter LO/);
    expect(() => Clip.validate({ B: 16, LO: 5, HI: 5 })).toThrow(/parameter HI/);
    expect(() => Clip.validate({ B: 16, LO: 5, HI: 1n << 249n })).toThrow(/parameter HI/);
    expect(() => Clip.validate({ B: 16, LO: 0.5, HI: 3 })).toThrow(/parameter LO/);
    expect(() => relu6Params(16, 13)).not.toThrow();
  });
});
