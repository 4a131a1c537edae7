import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { toField } from '../core/field.js';
import { poseidonCommit } from '../core/witness/poseidon-commit.js';
import { packedPoseidonCommit, packSigned, valuesPerLimb } from '../core/witness/packed-poseidon-commit.js';
import { PackedPoseidonCommit, cheapestCommit } from './packed-poseidon-commit.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';

// [N, B, literal constraint count]: one partial limb, one full limb of 31, two limbs, 100 weights,
// wide weights, and the widest B (one value per limb).
const CASES = [[1, 8, 245], [31, 8, 485], [32, 8, 514], [100, 8, 1118], [10, 32, 578], [3, 251, 1047]] as const;

describe('PackedPoseidonCommit(N, B)', () => {
  const c = new Map<string, CompiledCircuit>();
  const key = (n: number, b: number) => `${n},${b}`;
  beforeAll(async () => {
    for (const [n, b] of CASES) c.set(key(n, b), await compileTemplate('packed-poseidon-commit.circom', 'PackedPoseidonCommit', [n, b]));
  });
  const weights = (n: number, b: number, seed: number) => { const r = rng(seed); return Array.from({ length: n }, () => r.signed(b)); };

  it('costs exactly N·B + PoseidonCommit(ceil(N / floor(253/B)))', () => {
    for (const [n, b, lit] of CASES) {
      expect(c.get(key(n, b))!.nConstraints).toBe(PackedPoseidonCommit.constraints({ N: n, B: b }));
      expect(c.get(key(n, b))!.nConstraints).toBe(lit);
      expect(lit).toBe(n * b + poseidonCommitConstraints(Math.ceil(n / valuesPerLimb(b))));
    }
  });

  it('outputs the reference commitment, which is PoseidonCommit of the packed limbs', async () => {
    for (const [n, b] of CASES) {
      const h = 1n << BigInt(b - 1);
      for (const ws of [weights(n, b, n + b), Array(n).fill(-h), Array(n).fill(h - 1n), Array(n).fill(0n)]) {
        const w = await c.get(key(n, b))!.witness({ in: ws });
        expect(w.satisfies()).toBe(true);
        const ref = packedPoseidonCommit(ws, b);
        expect(toField(w.get('out'))).toBe(ref);
        expect(ref).toBe(poseidonCommit(packSigned(ws, b)));
      }
    }
    // the packing itself: base-2^B digits of the offset values, little-endian, K per limb
    expect(valuesPerLimb(8)).toBe(31);
    expect(valuesPerLimb(32)).toBe(7);
    expect(packSigned([-128n, 127n, 0n], 8)).toEqual([0n + (255n << 8n) + (128n << 16n)]);
    expect(packSigned(Array(32).fill(-128n), 8)).toEqual([0n, 0n]);
    for (const b of [1, 8, 11, 32, 126, 251]) expect(valuesPerLimb(b) * b).toBeLessThanOrEqual(253);
  });

  it('changing any one weight changes the commitment', async () => {
    const n = 32, b = 8;
    const ws = weights(n, b, 99).map((x) => (x === 127n ? 126n : x));
    const seen = new Set([packedPoseidonCommit(ws, b)]);
    for (let i = 0; i < n; i++) {
      const vs = ws.slice();
      vs[i] = vs[i] + 1n;
      const w = await c.get(key(n, b))!.witness({ in: vs });
      expect(w.satisfies()).toBe(true);
      const out = toField(w.get('out'));
      expect(out).toBe(packedPoseidonCommit(vs, b));
      seen.add(out);
    }
    expect(seen.size).toBe(n + 1);
  });

  it('rejects forgeries: another commitment, a flipped range-check bit, a carry between packed weights', async () => {
    const n = 32, b = 8;
    const cc = c.get(key(n, b))!;
    const ws = weights(n, b, 5);
    ws[0] = 100n; ws[1] = -3n;
    const w = await cc.witness({ in: ws });
    expect(w.satisfies()).toBe(true);
    const out = w.get('out');
    expect(w.forge({ out: out + 1n }).satisfies()).toBe(false);
    expect(w.forge({ out: toField(packedPoseidonCommit(ws.map((x) => -x - 1n), b)) }).satisfies()).toBe(false);
    // flip any surviving range-check bit
    let flipped = 0;
    for (const i of [0, 7, 31]) for (let j = 0; j < b; j++) {
      const name = `rc[${i}].out[${j}]`;
      if ((cc.sym.get(`main.${name}`) ?? -1) < 0) continue;
      expect(w.forge({ [name]: 1n - w.get(name) }).satisfies()).toBe(false);
      flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    // The packing attack: in[0] + 2^B with in[1] − 1 packs to the very same limb, so without the
    // range check it would open the commitment to other weights. Forge it on the honest witness
    // (every Poseidon signal unchanged) and at the witness generator: both refused.
    const attacked = ws.slice();
    attacked[0] += 1n << BigInt(b);
    attacked[1] -= 1n;
    const half = 1n << BigInt(b - 1);
    const limb0 = (xs: bigint[]) => xs.slice(0, valuesPerLimb(b)).reduce((a, x, t) => a + ((x + half) << BigInt(b * t)), 0n);
    expect(limb0(attacked)).toBe(limb0(ws));
    const changes: Record<string, bigint> = {};
    for (const i of [0, 1]) if ((cc.sym.get(`main.in[${i}]`) ?? -1) >= 0) changes[`in[${i}]`] = attacked[i];
    expect(Object.keys(changes).length).toBeGreaterThan(0);
    expect(w.forge(changes).satisfies()).toBe(false);
    expect(await witnessFails(cc, { in: attacked })).toBe(true);
    // a tampered Poseidon-internal signal (the limbs are linear, so --O2 folds them into the first S-boxes)
    const internal = [...cc.sym].find(([k, v]) => v >= 0 && k.startsWith('main.commit.'))![0];
    expect(w.forge({ [internal]: w.get(internal) + 1n }).satisfies()).toBe(false);
  });

  it('rejects weights outside B bits instead of wrapping into the next digit', async () => {
    for (const [n, b] of [[32, 8], [10, 32]] as const) {
      const cc = c.get(key(n, b))!;
      const h = 1n << BigInt(b - 1);
      for (const bad of [h, -h - 1n, 1n << 100n, -(1n << 100n)]) {
        for (const i of [0, n - 1]) {
          const ws = Array(n).fill(0n);
          ws[i] = bad;
          expect(await witnessFails(cc, { in: ws })).toBe(true);
        }
      }
      expect(() => packedPoseidonCommit([h], b)).toThrow(/outside the signed/);
    }
  });

  it('cheapestCommit picks the cheaper template and reports its exact cost', () => {
    const pick = cheapestCommit(1000, 8);
    expect(pick).toEqual({ template: 'PackedPoseidonCommit', params: [1000, 8], constraints: PackedPoseidonCommit.constraints({ N: 1000, B: 8 }), rangeChecked: true });
    expect(pick.constraints).toBe(8000 + poseidonCommitConstraints(33));
    expect(cheapestCommit(1000, 64)).toEqual({ template: 'PoseidonCommit', params: [1000], constraints: 40656, rangeChecked: false });
    expect(cheapestCommit(1, 8).template).toBe('PoseidonCommit');
    // crossover for large N: packing wins up to 34 bits
    expect(cheapestCommit(10000, 34).template).toBe('PackedPoseidonCommit');
    expect(cheapestCommit(10000, 35).template).toBe('PoseidonCommit');
    for (const [n, b] of CASES) {
      const ch = cheapestCommit(n, b);
      expect(ch.constraints).toBe(Math.min(PackedPoseidonCommit.constraints({ N: n, B: b }), poseidonCommitConstraints(n)));
    }
    expect(() => cheapestCommit(0, 8)).toThrow(/parameter n/);
    expect(() => cheapestCommit(10, 300)).toThrow(/parameter bits/);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('packed-poseidon-commit.circom', 'PackedPoseidonCommit', [0, 8])).toMatch(/N: number of committed values/);
    expect(await compileError('packed-poseidon-commit.circom', 'PackedPoseidonCommit', [4, 252])).toMatch(/B: bit width/);
    expect(await compileError('packed-poseidon-commit.circom', 'PackedPoseidonCommit', [4, 0])).toMatch(/B: bit width/);
    expect(() => PackedPoseidonCommit.validate({ N: 0, B: 8 })).toThrow(/parameter N/);
    expect(() => PackedPoseidonCommit.validate({ N: 4, B: 252 })).toThrow(/parameter B/);
    expect(() => PackedPoseidonCommit.validate({ N: 4, B: 0 })).toThrow(/parameter B/);
    expect(() => PackedPoseidonCommit.validate({ N: 4, B: 8 })).not.toThrow();
  });
});
