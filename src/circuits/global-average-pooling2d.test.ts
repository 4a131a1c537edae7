import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { globalAveragePooling2d } from '../core/witness/global-average-pooling2d.js';
import { GlobalAveragePooling2D } from './global-average-pooling2d.js';

/** Changes making Num2Bits(n) `prefix` recompose to `value`, linear relations kept (see div-floor.test.ts). */
function bitsFor(c: CompiledCircuit, prefix: string, n: number, value: bigint): Record<string, bigint> {
  const alive = (i: number) => (c.sym.get(`main.${prefix}.out[${i}]`) ?? -1) >= 0;
  const m = 1n << BigInt(n);
  const low = ((value % m) + m) % m;
  const ch: Record<string, bigint> = {};
  for (let i = 0; i < n; i++) if (alive(i)) ch[`${prefix}.out[${i}]`] = (low >> BigInt(i)) & 1n;
  const j = [...Array(n).keys()].find(alive)!;
  ch[`${prefix}.out[${j}]`] += (value - low) >> BigInt(j);
  return ch;
}

describe('GlobalAveragePooling2D(H, W, C, B)', () => {
  const B = 16;
  const h = 1n << BigInt(B - 1);
  let c3: CompiledCircuit;   // 3×2×2: H·W = 6, public inputs
  let c4: CompiledCircuit;   // 2×2×3: H·W = 4
  beforeAll(async () => {
    c3 = await compileTemplate('global-average-pooling2d.circom', 'GlobalAveragePooling2D', [3, 2, 2, B], { publicInputs: ['in'] });
    c4 = await compileTemplate('global-average-pooling2d.circom', 'GlobalAveragePooling2D', [2, 2, 3, B]);
  });

  it('costs exactly C·DivFloor(B, H·W) constraints', async () => {
    expect(c3.nConstraints).toBe(GlobalAveragePooling2D.constraints({ H: 3, W: 2, C: 2, B }));
    expect(c3.nConstraints).toBe(2 * (16 + 6));
    expect(c4.nConstraints).toBe(GlobalAveragePooling2D.constraints({ H: 2, W: 2, C: 3, B }));
    expect(c4.nConstraints).toBe(3 * (16 + 2));
    const big = await compileTemplate('global-average-pooling2d.circom', 'GlobalAveragePooling2D', [3, 3, 1, 32]);
    expect(big.nConstraints).toBe(GlobalAveragePooling2D.constraints({ H: 3, W: 3, C: 1, B: 32 }));
    expect(big.nConstraints).toBe(40);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(71);
    for (const [c, H, W, C] of [[c3, 3, 2, 2], [c4, 2, 2, 3]] as const) {
      const fill = (f: (i: number, j: number, k: number) => bigint) =>
        Array.from({ length: H }, (_, i) => Array.from({ length: W }, (_, j) => Array.from({ length: C }, (_, k) => f(i, j, k))));
      for (const x of [fill(() => -h), fill(() => h - 1n), fill((i, j) => ((i + j) % 2 ? -h : h - 1n)), fill((i, j, k) => -BigInt(i + j + k + 1)),
        ...Array.from({ length: 8 }, () => fill(() => r.signed(B)))]) {
        const w = await c.witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.getArray('out')).toEqual(globalAveragePooling2d(x, B));
      }
    }
    // floor, not truncation: mean of [-1, 0, 0, 0, 0, 0] is −1
    expect(globalAveragePooling2d([[[-1n], [0n]], [[0n], [0n]], [[0n], [0n]]], B)).toEqual([-1n]);
  });

  it('rejects forged outputs: out ± 1 and the circomlib-ml forgery (q + 1, remainder − H·W)', async () => {
    const x = [[[5n, -7n], [3n, -2n]], [[-9n, 4n], [8n, 1n]], [[2n, -6n], [-1n, 0n]]];
    const w = await c3.witness({ in: x });
    expect(w.getArray('out')).toEqual([1n, -2n]);   // 8/6 → 1, −10/6 → −2
    for (const o of ['out[0]', 'out[1]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    const claim = (q: bigint, r: bigint) => w.forge({
      'out[1]': q,
      ...bitsFor(c3, 'dv[1].qBits', B, q + h),
      ...bitsFor(c3, 'dv[1].remLo', 3, r),
      ...bitsFor(c3, 'dv[1].remHi', 3, r + 8n - 6n),
    });
    expect(claim(-2n, 2n).satisfies()).toBe(true);
    expect(claim(-1n, 2n - 6n).satisfies()).toBe(false);
    expect(claim(-3n, 2n + 6n).satisfies()).toBe(false);
  });

  it('rejects out-of-range inputs (a channel sum outside B bits × H·W) instead of wrapping', async () => {
    const all = (v: bigint) => Array.from({ length: 3 }, () => Array.from({ length: 2 }, () => [v, 0n]));
    expect(await witnessFails(c3, { in: all(h) })).toBe(true);
    expect(await witnessFails(c3, { in: all(-h - 1n) })).toBe(true);
    const x = all(0n);
    x[1][1][1] = -(1n << 50n);
    expect(await witnessFails(c3, { in: x })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const f = 'global-average-pooling2d.circom', t = 'GlobalAveragePooling2D';
    expect(await compileError(f, t, [0, 2, 2, 8])).toMatch(/H: input height/);
    expect(await compileError(f, t, [2, 0, 2, 8])).toMatch(/W: input width/);
    expect(await compileError(f, t, [2, 2, 0, 8])).toMatch(/C: channels/);
    expect(await compileError(f, t, [2, 2, 2, 0])).toMatch(/B: bit width/);
    expect(await compileError(f, t, [3, 3, 1, 250])).toMatch(/B: too wide for H\*W values/);
    expect(() => GlobalAveragePooling2D.validate({ H: 0, W: 2, C: 2, B: 8 })).toThrow(/parameter H/);
    expect(() => GlobalAveragePooling2D.validate({ H: 2, W: 0, C: 2, B: 8 })).toThrow(/parameter W/);
    expect(() => GlobalAveragePooling2D.validate({ H: 2, W: 2, C: 0, B: 8 })).toThrow(/parameter C/);
    expect(() => GlobalAveragePooling2D.validate({ H: 2, W: 2, C: 2, B: 0 })).toThrow(/parameter B/);
    expect(() => GlobalAveragePooling2D.validate({ H: 3, W: 3, C: 1, B: 250 })).toThrow(/parameter B/);
  });
});
