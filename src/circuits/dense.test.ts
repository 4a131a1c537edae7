import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { dense } from '../core/witness/dense.js';
import { Dense } from './dense.js';

const randVec = (r: ReturnType<typeof rng>, n: number, bits: number) => Array.from({ length: n }, () => r.signed(bits));
const randMat = (r: ReturnType<typeof rng>, a: number, b: number, bits: number) => Array.from({ length: a }, () => randVec(r, b, bits));

describe('Dense(N_IN, N_OUT)', () => {
  const N_IN = 4, N_OUT = 3;
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('dense.circom', 'Dense', [N_IN, N_OUT]); });

  it('costs exactly one constraint per multiply-accumulate', async () => {
    expect(c.nConstraints).toBe(Dense.constraints({ N_IN, N_OUT }));
    expect(c.nConstraints).toBe(12);
    for (const [a, b, literal] of [[1, 1, 1], [7, 2, 14]] as const) {
      const k = await compileTemplate('dense.circom', 'Dense', [a, b]);
      expect(k.nConstraints).toBe(Dense.constraints({ N_IN: a, N_OUT: b }));
      expect(k.nConstraints).toBe(literal);
    }
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(11);
    const cases = [
      // edge: extreme 12-bit inputs against extreme 8-bit weights, both signs
      { in: [-2048n, 2047n, -2048n, 2047n], weights: [[-128n, 127n, 0n], [127n, -128n, 1n], [-128n, -128n, -1n], [127n, 127n, 0n]], bias: [-(1n << 19n), (1n << 19n) - 1n, 0n] },
      { in: [0n, 0n, 0n, 0n], weights: randMat(r, N_IN, N_OUT, 8), bias: [5n, -5n, 0n] },
      ...Array.from({ length: 12 }, () => ({ in: randVec(r, N_IN, 12), weights: randMat(r, N_IN, N_OUT, 8), bias: randVec(r, N_OUT, 20) })),
    ];
    for (const x of cases) {
      const w = await c.witness(x);
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(dense(x.in, x.weights, x.bias));
    }
  });

  it('rejects forged outputs and forged products', async () => {
    const r = rng(12);
    const w = await c.witness({ in: randVec(r, N_IN, 12), weights: randMat(r, N_IN, N_OUT, 8), bias: randVec(r, N_OUT, 20) });
    expect(w.satisfies()).toBe(true);
    for (let j = 0; j < N_OUT; j++) {
      expect(w.forge({ [`out[${j}]`]: w.get(`out[${j}]`) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [`out[${j}]`]: w.get(`out[${j}]`) - 1n }).satisfies()).toBe(false);
    }
    // every product that survived --O2 is pinned: changing it, even together with the output so the
    // linear sum still holds, breaks prod === in·weight
    const survivors = Array.from({ length: N_IN }, (_, i) => `prod[${i}][0]`).filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.length).toBe(N_IN - 1); // --O2 substituted one product per output into the sum
    for (const p of survivors) {
      expect(w.forge({ [p]: w.get(p) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [p]: w.get(p) + 1n, 'out[0]': w.get('out[0]') + 1n }).satisfies()).toBe(false);
    }
  });

  it('leaves the range check to the caller: an overflowing accumulator is refused by the next Rescale', async () => {
    // Dense does no range check by design; composed with Rescale(B, S) an accumulator outside B bits
    // makes the witness unsatisfiable instead of wrapping.
    const src = `pragma circom 2.2.3;
include "dense.circom";
include "rescale.circom";
template DenseRescale() {
    signal input in[2]; signal input weights[2][1]; signal input bias[1]; signal output out;
    component d = Dense(2, 1); d.in <== in; d.weights <== weights; d.bias <== bias;
    component s = Rescale(20, 4); s.in <== d.out[0]; out <== s.out;
}
component main = DenseRescale();
`;
    const k = await compileSource(src, 'DenseRescale');
    const ok = await k.witness({ in: [100n, -7n], weights: [[50n], [3n]], bias: [1n] });
    expect(ok.satisfies()).toBe(true);
    expect(ok.get('out')).toBe((100n * 50n - 21n + 1n) >> 4n);
    expect(await witnessFails(k, { in: [1000n, 0n], weights: [[600n], [0n]], bias: [0n] })).toBe(true); // 600000 ≥ 2^19
    expect(await witnessFails(k, { in: [-1000n, 0n], weights: [[600n], [0n]], bias: [0n] })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('dense.circom', 'Dense', [0, 3])).toMatch(/N_IN: number of inputs/);
    expect(await compileError('dense.circom', 'Dense', [3, 0])).toMatch(/N_OUT: number of outputs/);
    expect(() => Dense.validate({ N_IN: 0, N_OUT: 3 })).toThrow(/parameter N_IN/);
    expect(() => Dense.validate({ N_IN: 3, N_OUT: 0 })).toThrow(/parameter N_OUT/);
    expect(() => Dense.validate({ N_IN: 2.5, N_OUT: 3 })).toThrow(/parameter N_IN/);
  });
});
