import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { inSignedRange } from '../core/field.js';
import { add } from '../core/witness/add.js';
import { Add } from './add.js';

describe('Add(N)', () => {
  const N = 6;
  let pub: CompiledCircuit;   // public operands: the outputs are then bound to fixed inputs
  beforeAll(async () => { pub = await compileTemplate('add.circom', 'Add', [N], { publicInputs: ['a', 'b'] }); });

  it('costs 0 constraints (linear)', async () => {
    for (const n of [1, 6, 17]) {
      const c = await compileTemplate('add.circom', 'Add', [n]);
      expect(c.nConstraints).toBe(Add.constraints({ N: n }));
      expect(c.nConstraints).toBe(0);
    }
  });

  it('matches the TypeScript reference on random, negative and edge inputs; B-bit operands give a (B+1)-bit sum', async () => {
    const r = rng(121);
    const h = 1n << 31n;
    const cases: [bigint[], bigint[]][] = [
      [Array(N).fill(h - 1n), Array(N).fill(h - 1n)],
      [Array(N).fill(-h), Array(N).fill(-h)],
      [[0n, -1n, 1n, -h, h - 1n, 5n], [0n, 1n, -1n, h - 1n, -h, -7n]],
      ...Array.from({ length: 6 }, () => [Array.from({ length: N }, () => r.signed(32)), Array.from({ length: N }, () => r.signed(32))] as [bigint[], bigint[]]),
    ];
    for (const [a, b] of cases) {
      const w = await pub.witness({ a, b });
      expect(w.satisfies()).toBe(true);
      const s = add(a, b);
      expect(w.getArray('out')).toEqual(s);
      expect(s.every((v) => inSignedRange(v, 33))).toBe(true);
    }
    expect(add([-(1n << 31n)], [-(1n << 31n)])).toEqual([-(1n << 32n)]);   // needs the 33rd bit
  });

  it('rejects forged outputs (out ± 1) against fixed operands', async () => {
    const w = await pub.witness({ a: [1n, 2n, 3n, 4n, 5n, 6n], b: [-6n, -5n, -4n, -3n, -2n, -1n] });
    for (let i = 0; i < N; i++) {
      expect(w.forge({ [`out[${i}]`]: w.get(`out[${i}]`) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [`out[${i}]`]: w.get(`out[${i}]`) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('add.circom', 'Add', [0])).toMatch(/N: number of values/);
    expect(() => Add.validate({ N: 0 })).toThrow(/parameter N/);
    expect(() => add([1n], [1n, 2n])).toThrow(/lengths differ/);
  });
});
