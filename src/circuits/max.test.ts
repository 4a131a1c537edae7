import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { maxN } from '../core/witness/max.js';
import { MaxN } from './max.js';

describe('MaxN(N, B)', () => {
  const B = 32;
  let c4: CompiledCircuit;   // MaxN(4, 32), private inputs: the cost as a building block
  let p5: CompiledCircuit;   // MaxN(5, 8), public inputs: forgeries are judged against a fixed input
  beforeAll(async () => {
    c4 = await compileTemplate('max.circom', 'MaxN', [4, B]);
    p5 = await compileTemplate('max.circom', 'MaxN', [5, 8], { publicInputs: ['in'] });
  });

  it('costs exactly (N-1)*(B+2) constraints', async () => {
    expect(c4.nConstraints).toBe(MaxN.constraints({ N: 4, B }));
    expect(c4.nConstraints).toBe(102);
    expect(p5.nConstraints).toBe(MaxN.constraints({ N: 5, B: 8 }));
    expect(p5.nConstraints).toBe(40);
    const one = await compileTemplate('max.circom', 'MaxN', [1, B]);
    expect(one.nConstraints).toBe(MaxN.constraints({ N: 1, B }));
    expect(one.nConstraints).toBe(0);
    const seven = await compileTemplate('max.circom', 'MaxN', [7, 16]);
    expect(seven.nConstraints).toBe(MaxN.constraints({ N: 7, B: 16 }));
    expect(seven.nConstraints).toBe(108);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(11);
    const h = 1n << BigInt(B - 1);
    const cases: bigint[][] = [
      [0n, 0n, 0n, 0n], [-h, -h, -h, -h], [h - 1n, -h, -h, h - 1n], [-h, h - 1n, 0n, -1n],
      [-5n, -3n, -9n, -4n], [-1n, -2n, -3n, -4n], [7n, 7n, 7n, 6n],
      ...Array.from({ length: 20 }, () => Array.from({ length: 4 }, () => r.signed(B))),
    ];
    for (const xs of cases) {
      const w = await c4.witness({ in: xs });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(maxN(xs, B));
    }
    for (let t = 0; t < 15; t++) {
      const xs = Array.from({ length: 5 }, () => r.signed(8));
      const w = await p5.witness({ in: xs });
      expect(w.satisfies()).toBe(true);
      expect(w.get('out')).toBe(maxN(xs, 8));
    }
  });

  it('rejects a forged maximum: out ± 1, and a flipped comparator that crowns the loser', async () => {
    const xs = [-7n, 100n, 3n, -128n, 55n];
    const w = await p5.witness({ in: xs });
    expect(w.satisfies()).toBe(true);
    expect(w.get('out')).toBe(100n);
    expect(w.forge({ out: 101n }).satisfies()).toBe(false);
    expect(w.forge({ out: 99n }).satisfies()).toBe(false);
    // claim one of the other inputs is the maximum
    expect(w.forge({ out: 55n }).satisfies()).toBe(false);
    // Flip each comparator's decision and propagate the loser upwards as the winner.
    // N = 5: v5 = max(v0,v1), v6 = max(v2,v3), v7 = max(v4,v5), v8 = max(v6,v7) = out.
    const N = 5;
    for (let k = 0; k < N - 1; k++) {
      const s = w.get(`gt[${k}].out`);
      const a = k * 2, b = a + 1;
      const val = (i: number) => (i < N ? xs[i] : w.get(i === 2 * N - 2 ? 'out' : `v[${i}]`));
      const loser = s === 1n ? val(b) : val(a);
      const changes: Record<string, bigint> = { [`gt[${k}].out`]: 1n - s };
      const node = N + k;
      changes[node === 2 * N - 2 ? 'out' : `v[${node}]`] = loser;
      expect(w.forge(changes).satisfies()).toBe(false);
    }
  });

  it('rejects inputs too far apart to compare instead of wrapping around the field', async () => {
    // |difference| > 2^B cannot be decomposed by GreaterThan(B)'s Num2Bits(B+1).
    expect(await witnessFails(p5, { in: [-129n, 127n, 0n, 0n, 0n] })).toBe(true);
    expect(await witnessFails(p5, { in: [0n, 0n, 300n, -100n, 0n] })).toBe(true);
    expect(await witnessFails(p5, { in: [0n, 0n, 0n, 0n, 1n << 200n] })).toBe(true);
    expect(await witnessFails(c4, { in: [1n << 32n, -(1n << 31n), 0n, 0n] })).toBe(true);
    // Documented caller duty: a value just outside B bits but close to its opponents is still
    // compared exactly (out is the true maximum), so range-check MaxN's inputs upstream.
    const w = await p5.witness({ in: [130n, 129n, 0n, 0n, 0n] });
    expect(w.satisfies()).toBe(true);
    expect(w.get('out')).toBe(130n);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('max.circom', 'MaxN', [0, 8])).toMatch(/N: number of values/);
    expect(await compileError('max.circom', 'MaxN', [2, 0])).toMatch(/B: bit width/);
    expect(await compileError('max.circom', 'MaxN', [2, 252])).toMatch(/B: bit width/);
    expect(() => MaxN.validate({ N: 0, B: 8 })).toThrow(/parameter N/);
    expect(() => MaxN.validate({ N: 2, B: 0 })).toThrow(/parameter B/);
    expect(() => MaxN.validate({ N: 2, B: 252 })).toThrow(/parameter B/);
    expect(() => MaxN.validate({ N: 2, B: 251 })).not.toThrow();
  });
});
