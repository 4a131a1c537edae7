import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { flatten } from '../core/witness/flatten.js';
import { Flatten } from './flatten.js';

describe('Flatten(H, W, C)', () => {
  let pub: CompiledCircuit;   // 2×3×2, public inputs: the outputs are then bound to a fixed input
  beforeAll(async () => { pub = await compileTemplate('flatten.circom', 'Flatten', [2, 3, 2], { publicInputs: ['in'] }); });

  it('costs 0 constraints (wiring only)', async () => {
    for (const [H, W, C] of [[2, 3, 2], [1, 5, 1], [3, 1, 4]] as const) {
      const c = await compileTemplate('flatten.circom', 'Flatten', [H, W, C]);
      expect(c.nConstraints).toBe(Flatten.constraints({ H, W, C }));
      expect(c.nConstraints).toBe(0);
    }
  });

  it('matches the TypeScript reference: row-major, channels fastest (Keras order)', async () => {
    const r = rng(101);
    for (let t = 0; t < 4; t++) {
      const x = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => [r.signed(32), r.signed(32)]));
      const w = await pub.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(flatten(x));
    }
    const x = Array.from({ length: 2 }, (_, i) => Array.from({ length: 3 }, (_, j) => [0, 1].map((c) => BigInt(100 * i + 10 * j + c))));
    expect(flatten(x)).toEqual([0n, 1n, 10n, 11n, 20n, 21n, 100n, 101n, 110n, 111n, 120n, 121n]);
    const w = await pub.witness({ in: x });
    expect(w.get('out[9]')).toBe(111n);
  });

  it('rejects forged outputs (out ± 1) against a fixed input', async () => {
    const w = await pub.witness({ in: Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => [5n, -5n])) });
    for (const o of ['out[0]', 'out[5]', 'out[11]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('flatten.circom', 'Flatten', [0, 2, 2])).toMatch(/H: input height/);
    expect(await compileError('flatten.circom', 'Flatten', [2, 0, 2])).toMatch(/W: input width/);
    expect(await compileError('flatten.circom', 'Flatten', [2, 2, 0])).toMatch(/C: channels/);
    expect(() => Flatten.validate({ H: 0, W: 2, C: 2 })).toThrow(/parameter H/);
    expect(() => Flatten.validate({ H: 2, W: 0, C: 2 })).toThrow(/parameter W/);
    expect(() => Flatten.validate({ H: 2, W: 2, C: 0 })).toThrow(/parameter C/);
  });
});
