import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { reshape } from '../core/witness/reshape.js';
import { flatten } from '../core/witness/flatten.js';
import { Reshape } from './reshape.js';

describe('Reshape(D0, D1, D2)', () => {
  let pub: CompiledCircuit;   // 12 → 3×2×2, public inputs: the outputs are then bound to a fixed input
  beforeAll(async () => { pub = await compileTemplate('reshape.circom', 'Reshape', [3, 2, 2], { publicInputs: ['in'] }); });

  it('costs 0 constraints (wiring only)', async () => {
    for (const [D0, D1, D2] of [[3, 2, 2], [1, 1, 6], [4, 3, 1]] as const) {
      const c = await compileTemplate('reshape.circom', 'Reshape', [D0, D1, D2]);
      expect(c.nConstraints).toBe(Reshape.constraints({ D0, D1, D2 }));
      expect(c.nConstraints).toBe(0);
    }
  });

  it('matches the TypeScript reference, row-major (Keras order), and inverts Flatten', async () => {
    const r = rng(111);
    for (let t = 0; t < 4; t++) {
      const x = Array.from({ length: 12 }, () => r.signed(32));
      const w = await pub.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(reshape(x, 3, 2, 2).flat(2));
      expect(flatten(reshape(x, 3, 2, 2))).toEqual(x);
    }
    const x = Array.from({ length: 12 }, (_, i) => BigInt(i));
    expect(reshape(x, 3, 2, 2)[2][0][1]).toBe(9n);
    expect((await pub.witness({ in: x })).get('out[2][0][1]')).toBe(9n);
  });

  it('rejects forged outputs (out ± 1) against a fixed input', async () => {
    const w = await pub.witness({ in: Array.from({ length: 12 }, (_, i) => BigInt(i * i) - 50n) });
    for (const o of ['out[0][0][0]', 'out[1][1][0]', 'out[2][1][1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('reshape.circom', 'Reshape', [0, 2, 2])).toMatch(/D0: first output dimension/);
    expect(await compileError('reshape.circom', 'Reshape', [2, 0, 2])).toMatch(/D1: second output dimension/);
    expect(await compileError('reshape.circom', 'Reshape', [2, 2, 0])).toMatch(/D2: third output dimension/);
    expect(() => Reshape.validate({ D0: 0, D1: 2, D2: 2 })).toThrow(/parameter D0/);
    expect(() => Reshape.validate({ D0: 2, D1: 0, D2: 2 })).toThrow(/parameter D1/);
    expect(() => Reshape.validate({ D0: 2, D1: 2, D2: 0 })).toThrow(/parameter D2/);
    expect(() => reshape([1n, 2n, 3n], 2, 2, 1)).toThrow(/cannot fill/);
  });
});
