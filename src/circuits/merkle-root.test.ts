import { describe, it, expect, beforeAll } from 'vitest';
import { poseidon2 } from 'poseidon-lite';
import { compileTemplate, compileSource, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { merkleRoot, merkleDepth, merkleLevels } from '../core/witness/merkle-root.js';
import { MerkleRoot, merkleRootConstraints } from './merkle-root.js';

const LITERAL: Record<number, number> = { 1: 240, 2: 720, 3: 1680 };

/** MerkleRoot(D) over K signal leaves and 2^D − K constant zeros, as RevealTestSet wires it. */
const padded = (D: number, K: number) => compileSource(`pragma circom 2.2.3;
include "merkle-root.circom";
template Padded() {
    signal input a[${K}];
    signal output root;
    component m = MerkleRoot(${D});
    for (var i = 0; i < ${2 ** D}; i++) m.leaves[i] <== i < ${K} ? a[i] : 0;
    root <== m.root;
}
component main = Padded();
`, `MerkleRootPadded${D}x${K}`);

describe('MerkleRoot(D)', () => {
  const c = new Map<number, CompiledCircuit>();
  beforeAll(async () => { for (const D of [1, 2, 3]) c.set(D, await compileTemplate('merkle-root.circom', 'MerkleRoot', [D])); });

  const leaves = (n: number, seed: number) => { const r = rng(seed); return Array.from({ length: n }, () => r.big(0n, P - 1n)); };

  it('costs (2^D − 1)·240 over signal leaves; constant children fold as merkleRootConstraints counts', async () => {
    for (const D of [1, 2, 3]) {
      expect(c.get(D)!.nConstraints).toBe(MerkleRoot.constraints({ D }));
      expect(c.get(D)!.nConstraints).toBe(LITERAL[D]);
    }
    // K signal leaves then zeros: 1434 = (240 + 240 + 237) + (240 + 237) + 240 for K = 5, D = 3
    for (const [D, K, lit] of [[3, 5, 1434], [3, 1, 711], [4, 10, 2634], [2, 3, 717]] as const) {
      expect((await padded(D, K)).nConstraints).toBe(merkleRootConstraints(D, K));
      expect(merkleRootConstraints(D, K)).toBe(lit);
    }
  });

  it('matches the reference (poseidon-lite), and the reference is the documented tree', async () => {
    for (const D of [1, 2, 3]) {
      for (const xs of [leaves(2 ** D, D), Array(2 ** D).fill(0n), Array(2 ** D).fill(P - 1n)]) {
        const w = await c.get(D)!.witness({ leaves: xs });
        expect(w.satisfies()).toBe(true);
        expect(toField(w.get('root'))).toBe(merkleRoot(xs, D));
      }
    }
    const xs = leaves(5, 9);
    const z = 0n;
    const h = (a: bigint, b: bigint) => poseidon2([a, b]);
    // 5 leaves: depth 3, padded with zeros; leaf k at path bits = binary of k, LSB at the leaf level
    expect(merkleDepth(5)).toBe(3);
    expect(merkleRoot(xs)).toBe(h(h(h(xs[0], xs[1]), h(xs[2], xs[3])), h(h(xs[4], z), h(z, z))));
    expect(merkleDepth(1)).toBe(1);
    expect(merkleRoot([xs[0]])).toBe(h(xs[0], 0n));
    expect(merkleDepth(2)).toBe(1);
    expect(merkleDepth(16)).toBe(4);
    expect(merkleDepth(17)).toBe(5);
    expect(merkleLevels(xs).map((l) => l.length)).toEqual([8, 4, 2, 1]);
    const w = await (await padded(3, 5)).witness({ a: xs });
    expect(w.satisfies()).toBe(true);
    expect(toField(w.get('root'))).toBe(merkleRoot(xs));
    expect(() => merkleDepth(0)).toThrow(/at least one leaf/);
    expect(() => merkleRoot(xs, 2)).toThrow(/do not fit/);
  });

  it('rejects forged witnesses: another root, another leaf under the same root, a tampered node', async () => {
    const cc = c.get(3)!;
    const xs = leaves(8, 33);
    const w = await cc.witness({ leaves: xs });
    const root = w.get('root');
    expect(w.forge({ root: root + 1n }).satisfies()).toBe(false);
    expect(w.forge({ root: root - 1n }).satisfies()).toBe(false);
    for (const i of [0, 5, 7]) expect(w.forge({ [`leaves[${i}]`]: xs[i] + 1n }).satisfies()).toBe(false);
    // swapping two leaves under the same root
    expect(w.forge({ 'leaves[0]': xs[1], 'leaves[1]': xs[0] }).satisfies()).toBe(false);
    const nodes = [...cc.sym].filter(([k, v]) => v >= 0 && /^main\.node\[\d+\]$/.test(k)).map(([k]) => k);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(w.forge({ [n]: w.get(n) + 1n }).satisfies()).toBe(false);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('merkle-root.circom', 'MerkleRoot', [0])).toMatch(/D: tree depth/);
    expect(await compileError('merkle-root.circom', 'MerkleRoot', [21])).toMatch(/D: tree depth/);
    expect(() => MerkleRoot.validate({ D: 0 })).toThrow(/parameter D/);
    expect(() => MerkleRoot.validate({ D: 21 })).toThrow(/parameter D/);
    expect(() => MerkleRoot.validate({ D: 20 })).not.toThrow();
  });
});
