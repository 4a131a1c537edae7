import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { globalMaxPooling2d } from '../core/witness/global-max-pooling2d.js';
import { GlobalMaxPooling2D } from './global-max-pooling2d.js';

describe('GlobalMaxPooling2D(H, W, C, B)', () => {
  let c: CompiledCircuit;   // 3×2×2 at B = 32, public inputs (forgeries are judged against a fixed input)
  beforeAll(async () => { c = await compileTemplate('global-max-pooling2d.circom', 'GlobalMaxPooling2D', [3, 2, 2, 32], { publicInputs: ['in'] }); });

  it('costs exactly C·(H·W−1)·(B+2) constraints', async () => {
    expect(c.nConstraints).toBe(GlobalMaxPooling2D.constraints({ H: 3, W: 2, C: 2, B: 32 }));
    expect(c.nConstraints).toBe(340);
    const d = await compileTemplate('global-max-pooling2d.circom', 'GlobalMaxPooling2D', [2, 3, 3, 8]);
    expect(d.nConstraints).toBe(GlobalMaxPooling2D.constraints({ H: 2, W: 3, C: 3, B: 8 }));
    expect(d.nConstraints).toBe(150);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(31);
    const h = 1n << 31n;
    const t = (f: (i: number, j: number, k: number) => bigint) =>
      Array.from({ length: 3 }, (_, i) => Array.from({ length: 2 }, (_, j) => Array.from({ length: 2 }, (_, k) => f(i, j, k))));
    const inputs = [
      t(() => -h), t(() => h - 1n), t((i, j, k) => -BigInt(1 + i * 2 + j + k * 10)), t((i, j) => (i === 2 && j === 1 ? h - 1n : -h)),
      ...Array.from({ length: 12 }, () => t(() => r.signed(32))),
    ];
    for (const x of inputs) {
      const w = await c.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(globalMaxPooling2d(x, 32));
    }
  });

  it('rejects forged outputs and a flipped comparator', async () => {
    const x = [[[-3n, 4n], [-1n, 9n]], [[-7n, 2n], [-2n, 1n]], [[-9n, 0n], [-4n, 8n]]];
    const w = await c.witness({ in: x });
    expect(w.getArray('out')).toEqual([-1n, 9n]);
    for (const o of ['out[0]', 'out[1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // channel 0 = [-3, -1, -7, -2, -9, -4]; the last match (k = 4) decides between v9 and v10 = out.
    const s = w.get('mx[0].gt[4].out');
    const loser = s === 1n ? w.get('mx[0].v[9]') : w.get('mx[0].v[8]');
    expect(w.forge({ 'mx[0].gt[4].out': 1n - s, 'out[0]': loser }).satisfies()).toBe(false);
  });

  it('rejects inputs too far apart to compare instead of wrapping around the field', async () => {
    const x = [[[1n << 32n, 0n], [-(1n << 31n), 0n]], [[0n, 0n], [0n, 0n]], [[0n, 0n], [0n, 0n]]];
    expect(await witnessFails(c, { in: x })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('global-max-pooling2d.circom', 'GlobalMaxPooling2D', [0, 2, 2, 8])).toMatch(/H: input height/);
    expect(await compileError('global-max-pooling2d.circom', 'GlobalMaxPooling2D', [2, 2, 0, 8])).toMatch(/C: channels/);
    expect(await compileError('global-max-pooling2d.circom', 'GlobalMaxPooling2D', [2, 2, 2, 0])).toMatch(/B: bit width/);
    expect(() => GlobalMaxPooling2D.validate({ H: 0, W: 2, C: 2, B: 8 })).toThrow(/parameter H/);
    expect(() => GlobalMaxPooling2D.validate({ H: 2, W: 2, C: 0, B: 8 })).toThrow(/parameter C/);
    expect(() => GlobalMaxPooling2D.validate({ H: 2, W: 2, C: 2, B: 252 })).toThrow(/parameter B/);
  });
});
