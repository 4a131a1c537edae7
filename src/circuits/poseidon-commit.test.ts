import { describe, it, expect, beforeAll } from 'vitest';
import { poseidon2, poseidon3, poseidon16 } from 'poseidon-lite';
// @ts-ignore circomlibjs ships no type declarations (ignore, not expect-error: stays valid if one is added)
import { buildPoseidon } from 'circomlibjs';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { poseidonCommit } from '../core/witness/poseidon-commit.js';
import { PoseidonCommit, poseidonCommitConstraints } from './poseidon-commit.js';

const SIZES = [1, 15, 16, 17, 31, 100] as const;
const LITERAL: Record<number, number> = { 1: 237, 15: 606, 16: 846, 17: 867, 31: 1455, 100: 4116 };

type CircomlibPoseidon = ((xs: bigint[]) => unknown) & { F: { toObject(x: unknown): bigint } };

describe('PoseidonCommit(N)', () => {
  const c = new Map<number, CompiledCircuit>();
  let second: CircomlibPoseidon;
  beforeAll(async () => {
    for (const n of SIZES) c.set(n, await compileTemplate('poseidon-commit.circom', 'PoseidonCommit', [n]));
    second = (await buildPoseidon()) as CircomlibPoseidon;
  });

  const inputs = (n: number, seed: number) => {
    const r = rng(seed);
    return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? r.big(0n, P - 1n) : r.signed(64)));
  };

  it('costs exactly the signature formula at every size', () => {
    for (const n of SIZES) {
      expect(c.get(n)!.nConstraints).toBe(PoseidonCommit.constraints({ N: n }));
      expect(c.get(n)!.nConstraints).toBe(LITERAL[n]);
    }
    // by formula only: about 40.6 constraints per element
    expect(poseidonCommitConstraints(1000)).toBe(40656);
    expect(poseidonCommitConstraints(16)).toBe(846);
  });

  it('the circuit outputs the reference commitment (poseidon-lite), random and edge inputs', async () => {
    for (const n of SIZES) {
      for (const xs of [inputs(n, n), Array(n).fill(0n), Array(n).fill(P - 1n), Array(n).fill(-1n)]) {
        const w = await c.get(n)!.witness({ in: xs });
        expect(w.satisfies()).toBe(true);
        expect(toField(w.get('out'))).toBe(poseidonCommit(xs));
      }
    }
  });

  it('the reference is the documented chain, and circomlibjs agrees', () => {
    const xs = inputs(17, 5).map(toField);
    // N = 3: one call with the length in front
    expect(poseidonCommit(xs.slice(0, 2))).toBe(poseidon3([2n, xs[0], xs[1]]));
    expect(poseidonCommit([xs[0]])).toBe(poseidon2([1n, xs[0]]));
    // N = 17: Poseidon3(Poseidon16(17, x0..x14), x15, x16)
    expect(poseidonCommit(xs)).toBe(poseidon3([poseidon16([17n, ...xs.slice(0, 15)]), xs[15], xs[16]]));
    // circomlibjs as a second opinion, for every tested size
    const h = (v: bigint[]) => second.F.toObject(second(v));
    for (const n of SIZES) {
      const ys = inputs(n, 100 + n).map(toField);
      let acc = BigInt(n);
      for (let k = 0; k < n; k += 15) acc = h([acc, ...ys.slice(k, k + 15)]);
      expect(poseidonCommit(ys)).toBe(acc);
    }
  });

  it('changing any one input changes the commitment, in the circuit as in the reference', async () => {
    for (const n of [17, 31]) {
      const xs = inputs(n, 7 * n);
      const base = poseidonCommit(xs);
      const seen = new Set([base]);
      for (let i = 0; i < n; i++) {
        const ys = xs.slice();
        ys[i] = ys[i] + 1n;
        const w = await c.get(n)!.witness({ in: ys });
        expect(w.satisfies()).toBe(true);
        const out = toField(w.get('out'));
        expect(out).toBe(poseidonCommit(ys));
        seen.add(out);
      }
      expect(seen.size).toBe(n + 1);
    }
    // different lengths never share a commitment of the zero vector, nor of a prefix with zeros
    const zeros = new Set(SIZES.map((n) => poseidonCommit(Array(n).fill(0n))));
    expect(zeros.size).toBe(SIZES.length);
  });

  it('rejects forged witnesses: another commitment, another input under the same commitment, a tampered Poseidon state', async () => {
    for (const n of [1, 17, 100]) {
      const cc = c.get(n)!;
      const xs = inputs(n, 3 * n);
      const w = await cc.witness({ in: xs });
      expect(w.satisfies()).toBe(true);
      const out = w.get('out');
      expect(w.forge({ out: out + 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: out - 1n }).satisfies()).toBe(false);
      expect(w.forge({ out: poseidonCommit(xs.map((x) => x + 1n)) }).satisfies()).toBe(false);
      // the same commitment opened to different inputs (first, last element)
      let opened = 0;
      for (const i of [0, n - 1]) {
        if ((cc.sym.get(`main.in[${i}]`) ?? -1) < 0) continue;
        expect(w.forge({ [`in[${i}]`]: xs[i] + 1n }).satisfies()).toBe(false);
        opened++;
      }
      expect(opened).toBeGreaterThan(0);
      // any surviving internal Poseidon signal of the first and of the last call
      const internals = [...cc.sym].filter(([k, v]) => v >= 0 && /^main\.h\[\d+\]\./.test(k)).map(([k]) => k);
      expect(internals.length).toBeGreaterThan(0);
      const k = Math.ceil(n / 15) - 1;
      for (const name of [internals.find((s) => s.startsWith('main.h[0].'))!, internals.find((s) => s.startsWith(`main.h[${k}].`))!]) {
        expect(w.forge({ [name]: w.get(name) + 1n }).satisfies()).toBe(false);
      }
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('poseidon-commit.circom', 'PoseidonCommit', [0])).toMatch(/N: number of committed field elements/);
    expect(() => PoseidonCommit.validate({ N: 0 })).toThrow(/parameter N/);
    expect(() => PoseidonCommit.validate({ N: 2.5 })).toThrow(/parameter N/);
    expect(() => PoseidonCommit.validate({ N: 1 })).not.toThrow();
    expect(() => poseidonCommit([])).toThrow(/at least one/);
  });
});
