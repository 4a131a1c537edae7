import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileTemplate, compileSource, compileError, witnessFails, CIRCUITS_DIR, type CompiledCircuit, type Witness } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, mod } from '../core/field.js';
import { divFloor } from '../core/witness/div-floor.js';
import { DivFloor, divFloorBits } from './div-floor.js';

const modPow = (b: bigint, e: bigint): bigint => {
  let r = 1n; b = mod(b);
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};

/**
 * Changes that make Num2Bits(n) `prefix` recompose to `value` while keeping every linear relation:
 * the bits of value mod 2^n, and the rest added to the lowest surviving bit (which is then not a bit
 * unless 0 ≤ value < 2^n). Only signals that survived --O2 are set; eliminated ones follow.
 */
function bitsFor(c: CompiledCircuit, prefix: string, n: number, value: bigint): Record<string, bigint> {
  const alive = (i: number) => (c.sym.get(`main.${prefix}.out[${i}]`) ?? -1) >= 0;
  const m = 1n << BigInt(n);
  const low = ((value % m) + m) % m;
  const ch: Record<string, bigint> = {};
  for (let i = 0; i < n; i++) if (alive(i)) ch[`${prefix}.out[${i}]`] = (low >> BigInt(i)) & 1n;
  const j = [...Array(n).keys()].find(alive);
  if (j === undefined) return {}; // no such component (the weakened variants below)
  ch[`${prefix}.out[${j}]`] += (value - low) >> BigInt(j);
  return ch;
}

describe('DivFloor(B, D)', () => {
  const B = 16;
  const H = 1n << BigInt(B - 1);
  const circuits = new Map<number, CompiledCircuit>();
  const COSTS: [number, number][] = [[1, 16], [2, 17], [3, 20], [4, 18], [6, 22], [9, 24]];
  beforeAll(async () => {
    for (const [D] of COSTS) circuits.set(D, await compileTemplate('div-floor.circom', 'DivFloor', [B, D]));
  });

  /** A full witness claiming quotient q and remainder r for the same `in`, every linear relation kept. */
  function claim(w: Witness, D: number, q: bigint, r: bigint): Witness {
    const c = w.circuit;
    const K = divFloorBits(D);
    if (1 << K === D) return w.forge({ out: q, ...bitsFor(c, 'bits', B + K, (q + H) * BigInt(D) + r) });
    const ch: Record<string, bigint> = {
      out: q,
      ...bitsFor(c, 'qBits', B, q + H),
      ...bitsFor(c, 'remLo', K, r),
      ...bitsFor(c, 'remHi', K, r + (1n << BigInt(K)) - BigInt(D)),
    };
    if ((c.sym.get('main.rem') ?? -1) >= 0) ch.rem = r;
    return w.forge(ch);
  }

  it('costs exactly B + K (D = 2^K) or B + 2K (K = ceil(log2 D)) constraints', async () => {
    for (const [D, literal] of COSTS) {
      expect(circuits.get(D)!.nConstraints).toBe(DivFloor.constraints({ B, D }));
      expect(circuits.get(D)!.nConstraints).toBe(literal);
    }
    const big = await compileTemplate('div-floor.circom', 'DivFloor', [8, 100]);
    expect(big.nConstraints).toBe(DivFloor.constraints({ B: 8, D: 100 }));
    expect(big.nConstraints).toBe(22);
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(41);
    for (const [D, c] of circuits) {
      const d = BigInt(D);
      const lim = H * d;
      const edges = [0n, 1n, -1n, d - 1n, d, -d, -d - 1n, -d + 1n, lim - 1n, -lim, -lim + 1n, lim - d, 7n * d, -7n * d];
      for (const x of [...edges, ...Array.from({ length: 12 }, () => r.big(-lim, lim - 1n))]) {
        const w = await c.witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.get('out')).toBe(divFloor(x, B, D));
        expect(w.get('out')).toBe(x >= 0n ? x / d : -((-x + d - 1n) / d));
      }
    }
  });

  it('accepts the honest claim rebuilt by the forging helper (so the rejections below are meaningful)', async () => {
    for (const [D, c] of circuits) {
      for (const x of [12345n, -12345n, -1n]) {
        const w = await c.witness({ in: x });
        const q = divFloor(x, B, D);
        expect(claim(w, D, q, x - q * BigInt(D)).satisfies()).toBe(true);
      }
    }
  });

  it('rejects the circomlib-ml forgery: q + 1 with −D moved into the remainder (and q − 1 with +D)', async () => {
    for (const [D, c] of circuits) {
      for (const x of [12345n, -12345n, 0n, BigInt(D) - 1n]) {
        const w = await c.witness({ in: x });
        const q = w.get('out');
        const r = x - q * BigInt(D);
        expect(claim(w, D, q + 1n, r - BigInt(D)).satisfies()).toBe(false);
        expect(claim(w, D, q - 1n, r + BigInt(D)).satisfies()).toBe(false);
        expect(w.forge({ out: q + 1n }).satisfies()).toBe(false);
        expect(w.forge({ out: q - 1n }).satisfies()).toBe(false);
      }
    }
  });

  it("rejects another in-range remainder r' ≠ r paired with the field element q' = (in − r')/D", async () => {
    for (const [D, c] of circuits) {
      if (D === 1) continue; // a single remainder
      const x = -12345n;
      const w = await c.witness({ in: x });
      const q = w.get('out');
      const r = x - q * BigInt(D);
      for (let r2 = 0n; r2 < BigInt(D); r2++) {
        if (r2 === r) continue;
        const q2 = mod((x - r2) * modPow(BigInt(D), P - 2n));
        expect(mod(q2 * BigInt(D) + r2 - x)).toBe(0n);       // the linear equation holds in the field
        expect(claim(w, D, q2, r2).satisfies()).toBe(false);  // ... but q2 is not a B-bit value
      }
    }
  });

  it('needs every one of its three range checks: each weakened variant accepts a forgery', async () => {
    // DivFloor(16, 3) with one check deleted; the forgeries above then go through.
    const src = fs.readFileSync(path.join(CIRCUITS_DIR, 'div-floor.circom'), 'utf8').replace('template DivFloor(', 'template DivFloorWeak(');
    const weak = (drop: string) => compileSource(
      `${src.split('\n').filter((l) => !l.includes(drop)).join('\n')}\ncomponent main = DivFloorWeak(${B}, 3);\n`, `DivFloorWithout_${drop}`);
    const D = 3;
    const x = -12345n; // q = -4115, r = 0
    const q = divFloor(x, B, D), r = x - q * 3n;
    expect(r).toBe(0n);
    const noQ = await weak('qBits');
    const q2 = mod((x - 1n) * modPow(3n, P - 2n));
    expect(claim(await noQ.witness({ in: x }), D, q2, 1n).satisfies()).toBe(true);
    const noHi = await weak('remHi');
    expect(claim(await noHi.witness({ in: x }), D, q - 1n, r + 3n).satisfies()).toBe(true);
    const y = -12343n; // r = 2
    const qy = divFloor(y, B, D);
    expect(y - qy * 3n).toBe(2n);
    const noLo = await weak('remLo');
    expect(claim(await noLo.witness({ in: y }), D, qy + 1n, 2n - 3n).satisfies()).toBe(true);
    // and the real template rejects all three
    const c = circuits.get(3)!;
    expect(claim(await c.witness({ in: x }), D, q2, 1n).satisfies()).toBe(false);
    expect(claim(await c.witness({ in: x }), D, q - 1n, r + 3n).satisfies()).toBe(false);
    expect(claim(await c.witness({ in: y }), D, qy + 1n, -1n).satisfies()).toBe(false);
  });

  it('rejects out-of-range dividends instead of wrapping around the field', async () => {
    for (const [D, c] of circuits) {
      expect(await witnessFails(c, { in: H * BigInt(D) })).toBe(true);
      expect(await witnessFails(c, { in: -H * BigInt(D) - 1n })).toBe(true);
      expect(await witnessFails(c, { in: 1n << 200n })).toBe(true);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('div-floor.circom', 'DivFloor', [16, 0])).toMatch(/D: divisor, must be at least 1/);
    expect(await compileError('div-floor.circom', 'DivFloor', [0, 3])).toMatch(/B: bit width/);
    expect(await compileError('div-floor.circom', 'DivFloor', [252, 1])).toMatch(/B: bit width/);
    expect(await compileError('div-floor.circom', 'DivFloor', [251, 3])).toMatch(/D: divisor too large/);
    expect(() => DivFloor.validate({ B: 16, D: 0 })).toThrow(/parameter D/);
    expect(() => DivFloor.validate({ B: 16, D: 2.5 })).toThrow(/parameter D/);
    expect(() => DivFloor.validate({ B: 0, D: 3 })).toThrow(/parameter B/);
    expect(() => DivFloor.validate({ B: 252, D: 1 })).toThrow(/parameter B/);
    expect(() => DivFloor.validate({ B: 251, D: 3 })).toThrow(/parameter D/);
    expect(() => DivFloor.validate({ B: 250, D: 3 })).not.toThrow();
  });
});
