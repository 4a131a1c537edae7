import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { merkleRoot } from '../core/witness/merkle-root.js';
import { merkleSiblings, merklePathRoot } from '../core/witness/merkle-path.js';
import { MerklePath } from './merkle-path.js';

describe('MerklePath(D)', () => {
  const c = new Map<number, CompiledCircuit>();
  beforeAll(async () => { for (const D of [1, 3]) c.set(D, await compileTemplate('merkle-path.circom', 'MerklePath', [D], { publicInputs: ['index'] })); });

  const leaves = (n: number, seed: number) => { const r = rng(seed); return Array.from({ length: n }, () => r.big(0n, P - 1n)); };

  it('costs exactly 242·D', async () => {
    expect(c.get(1)!.nConstraints).toBe(MerklePath.constraints({ D: 1 }));
    expect(c.get(1)!.nConstraints).toBe(242);
    expect(c.get(3)!.nConstraints).toBe(MerklePath.constraints({ D: 3 }));
    expect(c.get(3)!.nConstraints).toBe(726);
    expect(MerklePath.constraints({ D: 4 })).toBe(968);
  });

  it('recomputes the MerkleRoot of every leaf from its index and siblings (padded trees too)', async () => {
    for (const [D, n] of [[1, 2], [1, 1], [3, 8], [3, 5]] as const) {
      const xs = leaves(n, 10 * D + n);
      const root = merkleRoot(xs, D);
      for (let k = 0; k < 2 ** D; k++) {
        const leaf = k < n ? xs[k] : 0n;
        const siblings = merkleSiblings(xs, k, D);
        expect(merklePathRoot(leaf, k, siblings)).toBe(root);
        const w = await c.get(D)!.witness({ leaf, index: k, siblings });
        expect(w.satisfies()).toBe(true);
        expect(toField(w.get('root'))).toBe(root);
      }
    }
    expect(() => merkleSiblings(leaves(5, 1), 8, 3)).toThrow(/outside/);
    expect(() => merklePathRoot(1n, 2, [1n])).toThrow(/outside/);
  });

  it('a wrong index, a wrong leaf or a wrong sibling gives another root; forged witnesses cannot claim the true one', async () => {
    const D = 3;
    const cc = c.get(D)!;
    const xs = leaves(8, 77);
    const root = merkleRoot(xs, D);
    const k = 5;
    const siblings = merkleSiblings(xs, k, D);
    const honest = await cc.witness({ leaf: xs[k], index: k, siblings });
    expect(toField(honest.get('root'))).toBe(root);
    // the same leaf and path under every other index (the "wrong batch index") lands elsewhere
    for (let j = 0; j < 8; j++) {
      if (j === k) continue;
      const w = await cc.witness({ leaf: xs[k], index: j, siblings });
      expect(w.satisfies()).toBe(true);
      expect(toField(w.get('root'))).not.toBe(root);
      // and claiming the committed root for it is refused
      expect(w.forge({ root }).satisfies()).toBe(false);
    }
    const other = await cc.witness({ leaf: xs[k] + 1n, index: k, siblings });
    expect(toField(other.get('root'))).not.toBe(root);
    expect(other.forge({ root }).satisfies()).toBe(false);
    // forged index bits: a non-binary bit that keeps the index sum
    const b0 = honest.get('bits.out[0]');
    const b1 = honest.get('bits.out[1]');
    expect(b0).toBe(1n);
    expect(b1).toBe(0n);
    expect(honest.forge({ 'bits.out[0]': b0 - 2n, 'bits.out[1]': b1 + 1n }).satisfies()).toBe(false);
    expect(honest.forge({ index: 4n }).satisfies()).toBe(false);
    expect(honest.forge({ root: toField(honest.get('root')) + 1n }).satisfies()).toBe(false);
    // a tampered selector
    const left = [...cc.sym].filter(([n, v]) => v >= 0 && /^main\.left\[\d+\]$/.test(n)).map(([n]) => n);
    expect(left.length).toBeGreaterThan(0);
    for (const n of left) expect(honest.forge({ [n]: honest.get(n) + 1n }).satisfies()).toBe(false);
  });

  it('refuses an index outside [0, 2^D) instead of wrapping it', async () => {
    const xs = leaves(8, 4);
    const siblings = merkleSiblings(xs, 0, 3);
    expect(await witnessFails(c.get(3)!, { leaf: xs[0], index: 8, siblings })).toBe(true);
    expect(await witnessFails(c.get(3)!, { leaf: xs[0], index: -1, siblings })).toBe(true);
    expect(await witnessFails(c.get(3)!, { leaf: xs[0], index: P - 8n, siblings })).toBe(true);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('merkle-path.circom', 'MerklePath', [0])).toMatch(/D: tree depth/);
    expect(await compileError('merkle-path.circom', 'MerklePath', [33])).toMatch(/D: tree depth/);
    expect(() => MerklePath.validate({ D: 0 })).toThrow(/parameter D/);
    expect(() => MerklePath.validate({ D: 33 })).toThrow(/parameter D/);
  });
});
