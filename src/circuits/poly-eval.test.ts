import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { polyEval } from '../core/witness/poly-eval.js';
import { PolyEval } from './poly-eval.js';

const SIZES = [1, 2, 5, 100] as const;
const LITERAL: Record<number, number> = { 1: 0, 2: 1, 5: 4, 100: 99 };

/** Σ xs[i]·x^i mod p with explicit powers: an independent second reference. */
function naive(xs: bigint[], x: bigint): bigint {
  let s = 0n;
  let pw = 1n;
  for (const c of xs) { s = (s + toField(c) * pw) % P; pw = (pw * toField(x)) % P; }
  return s;
}

describe('PolyEval(N)', () => {
  const c = new Map<number, CompiledCircuit>();
  beforeAll(async () => {
    // x public, as in every use (the contract supplies ρ)
    for (const n of SIZES) c.set(n, await compileTemplate('poly-eval.circom', 'PolyEval', [n], { publicInputs: ['x'] }));
  });

  const coeffs = (n: number, seed: number) => {
    const r = rng(seed);
    return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? r.big(0n, P - 1n) : r.big(0n, (1n << 248n) - 1n)));
  };

  it('costs exactly N - 1 constraints', async () => {
    for (const n of SIZES) {
      expect(c.get(n)!.nConstraints).toBe(PolyEval.constraints({ N: n }));
      expect(c.get(n)!.nConstraints).toBe(LITERAL[n]);
    }
    // x private costs the same
    expect((await compileTemplate('poly-eval.circom', 'PolyEval', [5])).nConstraints).toBe(4);
    expect(PolyEval.constraints({ N: 2550 })).toBe(2549);
  });

  it('matches the reference and the explicit-power sum on random and edge inputs', async () => {
    const r = rng(11);
    for (const n of SIZES) {
      for (const x of [0n, 1n, P - 1n, 2n, r.big(0n, P - 1n)]) {
        for (const xs of [coeffs(n, n + 7), Array(n).fill(0n), Array(n).fill(P - 1n)]) {
          const w = await c.get(n)!.witness({ in: xs, x });
          expect(w.satisfies()).toBe(true);
          expect(toField(w.get('out'))).toBe(polyEval(xs, x));
          expect(polyEval(xs, x)).toBe(naive(xs, x));
        }
      }
    }
    // hand-checked: 3 + 2·10 + 1·100 = 123
    expect(polyEval([3n, 2n, 1n], 10n)).toBe(123n);
    expect(polyEval([5n], 999n)).toBe(5n);
    expect(() => polyEval([], 1n)).toThrow(/at least one/);
  });

  it('rejects forged witnesses: another evaluation, a changed coefficient or x under the same evaluation, a tampered accumulator', async () => {
    const n = 100;
    const cc = c.get(n)!;
    const xs = coeffs(n, 3);
    const x = rng(4).big(2n, P - 1n);
    const w = await cc.witness({ in: xs, x });
    expect(w.satisfies()).toBe(true);
    const out = w.get('out');
    expect(w.forge({ out: out + 1n }).satisfies()).toBe(false);
    expect(w.forge({ out: out - 1n }).satisfies()).toBe(false);
    for (const i of [0, 1, 50, n - 1]) {
      expect(w.forge({ [`in[${i}]`]: xs[i] + 1n }).satisfies()).toBe(false);
    }
    expect(w.forge({ x: x + 1n }).satisfies()).toBe(false);
    const acc = [...cc.sym].filter(([k, v]) => v >= 0 && /^main\.acc\[\d+\]$/.test(k)).map(([k]) => k);
    expect(acc.length).toBeGreaterThan(0);
    for (const a of [acc[0], acc[acc.length - 1]]) expect(w.forge({ [a]: w.get(a) + 1n }).satisfies()).toBe(false);
  });

  it('a one-coefficient change moves the evaluation (the reveal fingerprint)', async () => {
    const xs = coeffs(100, 9);
    const x = rng(10).big(2n, P - 1n);
    const base = polyEval(xs, x);
    for (const i of [0, 42, 99]) {
      const ys = xs.slice();
      ys[i] ^= 1n;
      expect(polyEval(ys, x)).not.toBe(base);
      const w = await c.get(100)!.witness({ in: ys, x });
      expect(toField(w.get('out'))).toBe(polyEval(ys, x));
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('poly-eval.circom', 'PolyEval', [0])).toMatch(/N: number of coefficients/);
    expect(() => PolyEval.validate({ N: 0 })).toThrow(/parameter N/);
    expect(() => PolyEval.validate({ N: 1.5 })).toThrow(/parameter N/);
    expect(() => PolyEval.validate({ N: 1 })).not.toThrow();
  });
});
