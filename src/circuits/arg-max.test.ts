import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit, type Witness } from './test/harness.js';
import { rng } from './test/rng.js';
import { argMax } from '../core/witness/arg-max.js';
import { ArgMax } from './arg-max.js';

/**
 * The most plausible forgery of a claim: flip comparator k and recompute everything downstream
 * (running max, running index, outputs) exactly as an honest run with that comparator result
 * would, so every multiplication constraint holds. Only the comparator's bit decomposition can
 * object. Signals that --O2 merged away are skipped.
 */
function forgeComparator(c: CompiledCircuit, w: Witness, xs: bigint[], k: number): Witness {
  const changes: Record<string, bigint> = {};
  const set = (name: string, v: bigint) => { if ((c.sym.get(`main.${name}`) ?? -1) >= 0) changes[name] = v; };
  let m = xs[0];
  let idx = 0n;
  for (let i = 1; i < xs.length; i++) {
    let s = xs[i] > m ? 1n : 0n;
    if (i === k) s = 1n - s;
    set(`gt[${i}].out`, s);
    if (s) { m = xs[i]; idx = BigInt(i); }
    set(`m[${i}]`, m);
    set(`idx[${i}]`, idx);
  }
  set('out', idx);
  set('max', m);
  return w.forge(changes);
}

describe('ArgMax(N, B)', () => {
  const N = 10, B = 32;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('arg-max.circom', 'ArgMax', [N, B]); });

  it(`costs exactly (N−1)(B+3) − 1 = 314 constraints at N=${N}, B=${B} (older tool: 2,620)`, async () => {
    expect(c.nConstraints).toBe(ArgMax.constraints({ N, B }));
    expect(c.nConstraints).toBe(314);
    const one = await compileTemplate('arg-max.circom', 'ArgMax', [1, 32]);
    expect(one.nConstraints).toBe(ArgMax.constraints({ N: 1, B: 32 }));
    expect(one.nConstraints).toBe(1);
    const small = await compileTemplate('arg-max.circom', 'ArgMax', [3, 3]);
    expect(small.nConstraints).toBe(ArgMax.constraints({ N: 3, B: 3 }));
    expect(small.nConstraints).toBe(11);
  });

  it('matches the reference on random, negative, tied and edge inputs', async () => {
    const r = rng(11);
    const h = 1n << BigInt(B - 1);
    const cases: bigint[][] = [
      Array(N).fill(0n), Array(N).fill(-h), Array(N).fill(h - 1n),
      [3n, 7n, 1n, 7n, 7n, -5n, 0n, 7n, 2n, 6n],
      [...Array(N - 1).fill(-h), h - 1n],
      [h - 1n, ...Array(N - 1).fill(-h)],
      Array.from({ length: N }, (_, i) => BigInt(-i)),
      Array.from({ length: N }, (_, i) => BigInt(i)),
    ];
    for (let t = 0; t < 25; t++) cases.push(Array.from({ length: N }, () => r.signed(B)));
    // small ranges produce many ties
    for (let t = 0; t < 10; t++) cases.push(Array.from({ length: N }, () => BigInt(r.int(-2, 2))));
    for (const xs of cases) {
      const w = await c.witness({ in: xs });
      expect(w.satisfies()).toBe(true);
      const ref = argMax(xs, B);
      expect(w.get('out')).toBe(BigInt(ref.index));
      expect(w.get('max')).toBe(ref.max);
    }
  });

  it('agrees with the reference on every signed 3-bit triple (ties go to the lowest index)', async () => {
    const small = await compileTemplate('arg-max.circom', 'ArgMax', [3, 3]);
    for (let a = -4n; a < 4n; a++) for (let b = -4n; b < 4n; b++) for (let d = -4n; d < 4n; d++) {
      const w = await small.witness({ in: [a, b, d] });
      expect(w.satisfies()).toBe(true);
      const ref = argMax([a, b, d], 3);
      expect([w.get('out'), w.get('max')]).toEqual([BigInt(ref.index), ref.max]);
      const first = [a, b, d].indexOf(ref.max);
      expect(ref.index).toBe(first);
    }
  });

  it('N = 1: out is pinned to 0 and max to the input', async () => {
    const one = await compileTemplate('arg-max.circom', 'ArgMax', [1, 32]);
    const w = await one.witness({ in: [-5n] });
    expect(w.satisfies()).toBe(true);
    expect([w.get('out'), w.get('max')]).toEqual([0n, -5n]);
    expect(w.forge({ out: 1n }).satisfies()).toBe(false);
  });

  it('rejects forged claims: a later tie, a non-maximum index, another max, a flipped comparator', async () => {
    const xs = [3n, 7n, 1n, 7n, 7n, -5n, 0n, 7n, 2n, 6n];
    const w = await c.witness({ in: xs });
    expect(w.satisfies()).toBe(true);
    expect([w.get('out'), w.get('max')]).toEqual([1n, 7n]);
    // claiming another index, alone or with the matching maximum
    for (const k of [3n, 4n, 7n, 9n, 0n, 2n]) {
      expect(w.forge({ out: k }).satisfies()).toBe(false);
      expect(w.forge({ out: k, max: xs[Number(k)] }).satisfies()).toBe(false);
    }
    // claiming another maximum
    for (const m of [6n, 8n, 0n]) expect(w.forge({ max: m }).satisfies()).toBe(false);
    // out ± 1
    expect(w.forge({ out: 2n }).satisfies()).toBe(false);
    // flipping one comparator bit alone (k ≥ 2: gt[1].out is merged into idx[1] at --O2)
    for (let k = 2; k < N; k++) {
      expect(w.forge({ [`gt[${k}].out`]: 1n - w.get(`gt[${k}].out`) }).satisfies()).toBe(false);
    }
    // flipping a comparator and recomputing everything downstream consistently: a later tie
    // (k = 3, 4, 7 would win with a non-strict comparison), a smaller value (k = 9), and
    // dropping the true maximum (k = 1)
    for (const k of [1, 3, 4, 7, 9, 2]) {
      const f = forgeComparator(c, w, xs, k);
      expect(f.satisfies()).toBe(false);
    }
    // the honest recomputation itself passes (the forgery helper is faithful)
    expect(forgeComparator(c, w, xs, -1).satisfies()).toBe(true);
  });

  it('rejects inputs that cannot be compared exactly in B+1 bits instead of wrapping', async () => {
    const h = 1n << BigInt(B - 1);
    const pad = (xs: bigint[]) => [...xs, ...Array(N - xs.length).fill(0n)];
    // gap of 2^B + 1 or more to the running maximum
    expect(await witnessFails(c, { in: pad([h - 1n, -h - 2n]) })).toBe(true);
    expect(await witnessFails(c, { in: pad([-h - 1n, h]) })).toBe(true);
    expect(await witnessFails(c, { in: pad([0n, 1n << 40n]) })).toBe(true);
    expect(await witnessFails(c, { in: pad([0n, -(1n << 40n)]) })).toBe(true);
    expect(await witnessFails(c, { in: pad([1n << 200n]) })).toBe(true);
    // a lone value just outside B bits but within 2^B of the running max is compared exactly
    // (documented: ArgMax proves the ranking, not the inputs' width)
    const w = await c.witness({ in: pad([-h, h]) });
    expect(w.satisfies()).toBe(true);
    expect([w.get('out'), w.get('max')]).toEqual([1n, h]);
    // the reference refuses anything outside B bits
    expect(() => argMax(pad([-h, h]), B)).toThrow(/outside the signed 32-bit range/);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('arg-max.circom', 'ArgMax', [0, 32])).toMatch(/N: number of inputs/);
    expect(await compileError('arg-max.circom', 'ArgMax', [4, 252])).toMatch(/B: bit width/);
    expect(await compileError('arg-max.circom', 'ArgMax', [4, 0])).toMatch(/B: bit width/);
    expect(() => ArgMax.validate({ N: 0, B: 32 })).toThrow(/parameter N/);
    expect(() => ArgMax.validate({ N: 4, B: 252 })).toThrow(/parameter B/);
    expect(() => ArgMax.validate({ N: 4, B: 0 })).toThrow(/parameter B/);
    expect(() => ArgMax.validate({ N: 10, B: 32 })).not.toThrow();
  });
});
