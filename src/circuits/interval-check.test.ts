import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { intervalCheck } from '../core/witness/interval-check.js';
import { IntervalCheck, intervalCheckConstraints } from './interval-check.js';

// One case per cost branch: a generic width (2K), a power-of-two width (K + 1, the MNIST [0, 256]
// input at 2^8), an all-ones width (K), a negative interval, and the two-value interval. `in` is public, as in a
// public-input model, so that --O2 keeps it.
const CASES: { lo: bigint; hi: bigint; constraints: number }[] = [
  { lo: 0n, hi: 256n, constraints: 10 },     // W = 2^8: K = 9, K + 1
  { lo: -512n, hi: 511n, constraints: 10 },  // W = 2^10 − 1: K = 10
  { lo: -3n, hi: 97n, constraints: 14 },     // W = 100: K = 7, 2K
  { lo: 5n, hi: 6n, constraints: 1 },        // W = 1: K = 1
];

describe('IntervalCheck(LO, HI)', () => {
  const compiled = new Map<string, CompiledCircuit>();
  beforeAll(async () => {
    for (const { lo, hi } of CASES) compiled.set(`${lo},${hi}`, await compileTemplate('interval-check.circom', 'IntervalCheck', [lo, hi], { publicInputs: ['in'] }));
  });
  const circuit = (lo: bigint, hi: bigint) => compiled.get(`${lo},${hi}`)!;

  it('costs exactly K, K + 1 or 2K constraints by the width of the interval', () => {
    for (const { lo, hi, constraints } of CASES) {
      expect(circuit(lo, hi).nConstraints).toBe(constraints);
      expect(IntervalCheck.constraints({ LO: lo, HI: hi })).toBe(constraints);
      expect(intervalCheckConstraints(lo, hi)).toBe(constraints);
    }
  });

  it('accepts every value of the interval (edges and random), like the reference', async () => {
    const r = rng(5);
    for (const { lo, hi } of CASES) {
      const xs = [lo, hi, (lo + hi) / 2n, ...Array.from({ length: 12 }, () => r.big(lo, hi))];
      for (const x of xs) {
        expect(intervalCheck(x, lo, hi)).toBe(x);
        const w = await circuit(lo, hi).witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.get('in')).toBe(x);
      }
    }
  });

  it('rejects every value just outside, far outside, or wrapping the field', async () => {
    for (const { lo, hi } of CASES) {
      for (const x of [lo - 1n, hi + 1n, lo - 1000n, hi + (1n << 20n), -(1n << 200n), 1n << 250n]) {
        expect(() => intervalCheck(x, lo, hi)).toThrow(/outside/);
        expect(await witnessFails(circuit(lo, hi), { in: x })).toBe(true);
      }
    }
    // the exhaustive neighbourhood of the power-of-two bound: 256 is in, 257..300 are not
    for (let x = 250n; x <= 300n; x++) expect(await witnessFails(circuit(0n, 256n), { in: x })).toBe(x > 256n);
  });

  it('rejects forged witnesses: a value above HI with its bits forged (non-binary, or past the top-bit rule)', async () => {
    // [0, 256] (--O2 keeps low.out[0..7]; the top bit is implied by in): 257 = 2^8 + 1 has the top bit
    // and bit 0 set, which the top-bit rule forbids
    const w = await circuit(0n, 256n).witness({ in: 256n });
    expect(w.forge({ in: 257n, 'low.out[0]': 1n }).satisfies()).toBe(false);
    // 511 = all nine bits set: a valid 9-bit decomposition, refused by the top-bit rule
    const forged: Record<string, bigint> = { in: 511n };
    for (let i = 0; i < 8; i++) forged[`low.out[${i}]`] = 1n;
    expect(w.forge(forged).satisfies()).toBe(false);
    // 257 with the top bit clear: a "bit" of 257
    expect(w.forge({ in: 257n, 'low.out[0]': 257n }).satisfies()).toBe(false);
    // generic width [−3, 97]: 98 passes the low decomposition (98 + 3 < 128) and fails the high one
    const v = await circuit(-3n, 97n).witness({ in: 97n });
    expect(v.forge({ in: 98n, 'low.out[0]': 1n, 'low.out[1]': 0n, 'low.out[2]': 1n }).satisfies()).toBe(false);
    // a negative value below LO through a field-wrapping digit
    const u = await circuit(-512n, 511n).witness({ in: -512n });
    expect(u.forge({ in: -513n, 'low.out[0]': -1n }).satisfies()).toBe(false);
  });

  it('refuses parameters it cannot honour at compile time, naming them', async () => {
    expect(await compileError('interval-check.circom', 'IntervalCheck', [5, 5])).toMatch(/LO, HI: the interval/);
    expect(await compileError('interval-check.circom', 'IntervalCheck', [0, 1n << 251n])).toMatch(/HI - LO: the interval must be narrower/);
    expect(() => IntervalCheck.validate({ LO: 5, HI: 5 })).toThrow(/parameter LO/);
    expect(() => IntervalCheck.validate({ LO: 0n, HI: 1n << 251n })).toThrow(/parameter HI/);
    expect(() => IntervalCheck.validate({ LO: -512, HI: 511 })).not.toThrow();
  });
});
