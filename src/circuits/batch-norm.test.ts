import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { batchNorm } from '../core/witness/batch-norm.js';
import { BatchNorm } from './batch-norm.js';

type R = ReturnType<typeof rng>;
const vec = (r: R, n: number, bits: number) => Array.from({ length: n }, () => r.signed(bits));
const mat = (r: R, a: number, b: number, bits: number) => Array.from({ length: a }, () => vec(r, b, bits));

describe('BatchNorm(N, C)', () => {
  const N = 4, C = 3;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('batch-norm.circom', 'BatchNorm', [N, C]); });

  it('costs exactly one constraint per element', async () => {
    expect(c.nConstraints).toBe(BatchNorm.constraints({ N, C }));
    expect(c.nConstraints).toBe(12);
    for (const [n, ch, literal] of [[1, 1, 1], [5, 2, 10]] as const) {
      const k = await compileTemplate('batch-norm.circom', 'BatchNorm', [n, ch]);
      expect(k.nConstraints).toBe(BatchNorm.constraints({ N: n, C: ch }));
      expect(k.nConstraints).toBe(literal);
    }
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(71);
    const cases = [
      { in: [[-2048n, 2047n, 0n], [2047n, -2048n, -1n], [1n, 0n, -2048n], [-2048n, -2048n, 2047n]], scale: [-128n, 127n, 1n], shift: [(1n << 19n) - 1n, -(1n << 19n), 0n] },
      { in: mat(r, N, C, 12), scale: [0n, 0n, 0n], shift: vec(r, C, 20) },
      ...Array.from({ length: 10 }, () => ({ in: mat(r, N, C, 12), scale: vec(r, C, 8), shift: vec(r, C, 20) })),
    ];
    for (const x of cases) {
      const w = await c.witness(x);
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(batchNorm(x.in, x.scale, x.shift).flat());
    }
  });

  it('rejects forged outputs', async () => {
    const r = rng(72);
    const w = await c.witness({ in: mat(r, N, C, 12), scale: vec(r, C, 8), shift: vec(r, C, 20) });
    expect(w.satisfies()).toBe(true);
    for (let n = 0; n < N; n++) for (let ch = 0; ch < C; ch++) {
      const o = `out[${n}][${ch}]`;
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // there is no intermediate signal to forge: the witness is exactly 1 + outputs + inputs
    expect(c.r1cs.nWires).toBe(1 + N * C + N * C + 2 * C);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('batch-norm.circom', 'BatchNorm', [0, 3])).toMatch(/N: number of positions/);
    expect(await compileError('batch-norm.circom', 'BatchNorm', [4, 0])).toMatch(/C: number of channels/);
    expect(() => BatchNorm.validate({ N: 0, C: 3 })).toThrow(/parameter N /);
    expect(() => BatchNorm.validate({ N: 4, C: 0 })).toThrow(/parameter C /);
  });
});
