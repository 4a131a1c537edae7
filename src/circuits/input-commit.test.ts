import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { inputCommit, packInterval } from '../core/witness/input-commit.js';
import { InputCommit, inputCommitConstraints } from './input-commit.js';
import { descriptorHash } from '../core/commit/tags.js';
import { poseidonCommit } from '../core/witness/poseidon-commit.js';
import { toField } from '../core/field.js';

const TAG = descriptorHash({ kind: 'zkml/input/v1', test: 'input-commit' });

describe('InputCommit(N, LO, HI, TAG)', () => {
  // MNIST-like pixels at 2^8 ([0, 256]: 9-bit digits, 28 per limb) and a signed interval
  const CASES = [
    { n: 30, lo: 0n, hi: 256n },   // 2 limbs + tag: 30 · 10 + PoseidonCommit(3) − 3 = 300 + 291
    { n: 7, lo: -512n, hi: 511n }, // 1 limb + tag:  7 · 10 + PoseidonCommit(2) − 3 = 70 + 255
  ];
  const compiled: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const c of CASES) compiled.push(await compileTemplate('input-commit.circom', 'InputCommit', [c.n, c.lo, c.hi, TAG]));
  });

  it('costs exactly N interval checks plus PoseidonCommit(M + 1) − 3', () => {
    CASES.forEach((c, i) => {
      expect(compiled[i].nConstraints).toBe(inputCommitConstraints(c.n, c.lo, c.hi));
      expect(compiled[i].nConstraints).toBe(InputCommit.constraints({ N: c.n, LO: c.lo, HI: c.hi, TAG }));
    });
    expect(compiled[0].nConstraints).toBe(591);
    expect(compiled[1].nConstraints).toBe(325);
  });

  it('equals the reference on random and edge inputs: PoseidonCommit(tag, packed digits)', async () => {
    const r = rng(21);
    for (const [i, c] of CASES.entries()) {
      for (let t = 0; t < 4; t++) {
        const xs = Array.from({ length: c.n }, (_, j) => (t === 0 ? (j % 2 ? c.hi : c.lo) : r.big(c.lo, c.hi)));
        const w = await compiled[i].witness({ in: xs });
        expect(w.satisfies()).toBe(true);
        expect(toField(w.get('out'))).toBe(inputCommit(xs, c.lo, c.hi, TAG));
      }
    }
  });

  it('rejects a value outside [LO, HI] instead of wrapping, and a forged output', async () => {
    const c = CASES[0];
    const xs = Array.from({ length: c.n }, () => 3n);
    for (const bad of [257n, -1n, 512n, -(1n << 100n)]) {
      const ys = [...xs]; ys[5] = bad;
      expect(() => inputCommit(ys, c.lo, c.hi, TAG)).toThrow(/outside/);
      expect(await witnessFails(compiled[0], { in: ys })).toBe(true);
    }
    const w = await compiled[0].witness({ in: xs });
    expect(w.forge({ out: w.get('out') + 1n }).satisfies()).toBe(false);
  });

  it('binds how the limbs are read: the same limbs under another width, count or tag commit to something else', () => {
    // the attack of issue 9: one input's limbs re-read as more values of another width. With the tag
    // (shape, width, interval) hashed in first, the commitments differ even where the limbs coincide.
    const xs = Array.from({ length: 28 }, (_, j) => BigInt(j * 9 % 257));
    const limbs = packInterval(xs, 0n, 256n);
    expect(limbs).toHaveLength(1);
    const other = descriptorHash({ kind: 'zkml/input/v1', test: 'input-commit', bits: 50 });
    expect(poseidonCommit([TAG, ...limbs])).toBe(inputCommit(xs, 0n, 256n, TAG));
    expect(poseidonCommit([other, ...limbs])).not.toBe(inputCommit(xs, 0n, 256n, TAG));
  });

  it('refuses parameters it cannot honour, naming them', async () => {
    expect(await compileError('input-commit.circom', 'InputCommit', [0, 0, 256, TAG])).toMatch(/N: number of input values/);
    expect(await compileError('input-commit.circom', 'InputCommit', [3, 4, 4, TAG])).toMatch(/LO, HI: the interval/);
    expect(() => InputCommit.validate({ N: 0, LO: 0, HI: 256, TAG })).toThrow(/parameter N/);
    expect(() => InputCommit.validate({ N: 3, LO: 4, HI: 4, TAG })).toThrow(/parameter LO/);
    expect(() => InputCommit.validate({ N: 3, LO: 0, HI: 256, TAG: -1n })).toThrow(/parameter TAG/);
  });
});
