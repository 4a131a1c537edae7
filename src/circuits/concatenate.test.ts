import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { concatenate } from '../core/witness/concatenate.js';
import { Concatenate, type ConcatenateParams } from './concatenate.js';
import { templateArgs } from './signature.js';

const T = (r: ReturnType<typeof rng>, H: number, W: number, C: number) =>
  Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: C }, () => r.signed(32))));

describe('Concatenate(H, W, C1, C2)', () => {
  const p: ConcatenateParams = { H: 2, W: 2, C1: 2, C2: 3 };
  let pub: CompiledCircuit;   // public operands: the outputs are then bound to fixed inputs
  beforeAll(async () => { pub = await compileTemplate('concatenate.circom', 'Concatenate', templateArgs(Concatenate, p), { publicInputs: ['a', 'b'] }); });

  it('costs 0 constraints (wiring only)', async () => {
    for (const q of [p, { H: 1, W: 4, C1: 1, C2: 1 }, { H: 3, W: 1, C1: 4, C2: 2 }]) {
      const c = await compileTemplate('concatenate.circom', 'Concatenate', templateArgs(Concatenate, q));
      expect(c.nConstraints).toBe(Concatenate.constraints(q));
      expect(c.nConstraints).toBe(0);
    }
  });

  it('matches the TypeScript reference: channel axis (Keras axis = −1)', async () => {
    const r = rng(131);
    for (let t = 0; t < 4; t++) {
      const a = T(r, 2, 2, 2), b = T(r, 2, 2, 3);
      const w = await pub.witness({ a, b });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(concatenate(a, b).flat(2));
    }
    expect(concatenate([[[1n, 2n]]], [[[3n]]])).toEqual([[[1n, 2n, 3n]]]);
  });

  it('rejects forged outputs (out ± 1) against fixed operands', async () => {
    const r = rng(132);
    const w = await pub.witness({ a: T(r, 2, 2, 2), b: T(r, 2, 2, 3) });
    for (const o of ['out[0][0][0]', 'out[0][1][1]', 'out[1][0][2]', 'out[1][1][4]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    for (const [q, circom, ts] of [
      [{ ...p, C1: 0 }, /C1: channels of the first tensor/, /parameter C1/],
      [{ ...p, C2: 0 }, /C2: channels of the second tensor/, /parameter C2/],
      [{ ...p, H: 0 }, /H: height/, /parameter H/],
    ] as const) {
      expect(await compileError('concatenate.circom', 'Concatenate', templateArgs(Concatenate, q))).toMatch(circom);
      expect(() => Concatenate.validate(q)).toThrow(ts);
    }
    expect(() => concatenate([[[1n]]], [[[1n]], [[2n]]])).toThrow(/spatial shapes differ/);
  });
});
