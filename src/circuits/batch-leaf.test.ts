import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileTemplate, compileError, CIRCUITS_DIR, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { tag, BATCH_TAG } from '../core/commit/tags.js';
import { poseidonCommit } from '../core/witness/poseidon-commit.js';
import { batchLeaf } from '../core/witness/batch-leaf.js';
import { BatchLeaf } from './batch-leaf.js';

const SIZES = [1, 3, 20] as const;
const LITERAL: Record<number, number> = { 1: 291, 3: 348, 20: 1005 };

describe('BatchLeaf(M)', () => {
  const c = new Map<number, CompiledCircuit>();
  beforeAll(async () => { for (const m of SIZES) c.set(m, await compileTemplate('batch-leaf.circom', 'BatchLeaf', [m])); });

  const payload = (m: number, seed: number) => {
    const r = rng(seed);
    return Array.from({ length: m }, () => r.big(0n, (1n << 248n) - 1n));
  };

  it('carries tag("batch/v1") of core/commit/tags.ts as its constant', () => {
    const src = fs.readFileSync(path.join(CIRCUITS_DIR, 'batch-leaf.circom'), 'utf8');
    const m = src.match(/function batchLeafTag\(\)\s*\{\s*return (\d+);/);
    expect(m).not.toBeNull();
    expect(BigInt(m![1])).toBe(tag(BATCH_TAG));
  });

  it('costs PoseidonCommit(M + 2) − 3 (the tag is a constant lane)', () => {
    for (const m of SIZES) {
      expect(c.get(m)!.nConstraints).toBe(BatchLeaf.constraints({ M: m }));
      expect(c.get(m)!.nConstraints).toBe(LITERAL[m]);
    }
    expect(BatchLeaf.constraints({ M: 255 })).toBe(10608); // a batch of 10 MNIST samples
  });

  it('matches the reference PoseidonCommit(tag, k, d…) on random and edge payloads', async () => {
    for (const m of SIZES) {
      for (const [k, d] of [[0n, payload(m, m)], [7n, payload(m, m + 1)], [3n, Array(m).fill(0n)], [P - 1n, Array(m).fill(P - 1n)]] as const) {
        const w = await c.get(m)!.witness({ k, d });
        expect(w.satisfies()).toBe(true);
        expect(toField(w.get('out'))).toBe(batchLeaf(k, d));
        expect(batchLeaf(k, d)).toBe(poseidonCommit([tag(BATCH_TAG), k, ...d]));
      }
    }
    expect(() => batchLeaf(0, [])).toThrow(/at least one/);
  });

  it('rejects forged witnesses: another leaf, the same leaf for another batch index or another payload (salt included)', async () => {
    const m = 20;
    const cc = c.get(m)!;
    const d = payload(m, 99);
    const w = await cc.witness({ k: 2n, d });
    const out = w.get('out');
    expect(w.forge({ out: out + 1n }).satisfies()).toBe(false);
    expect(w.forge({ k: 3n }).satisfies()).toBe(false);
    for (const j of [0, 1, m - 1]) expect(w.forge({ [`d[${j}]`]: d[j] + 1n }).satisfies()).toBe(false);
    // different indices and different salts give different leaves
    expect(batchLeaf(3n, d)).not.toBe(batchLeaf(2n, d));
    expect(batchLeaf(2n, [d[0] + 1n, ...d.slice(1)])).not.toBe(batchLeaf(2n, d));
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('batch-leaf.circom', 'BatchLeaf', [0])).toMatch(/M: number of payload elements/);
    expect(() => BatchLeaf.validate({ M: 0 })).toThrow(/parameter M/);
    expect(() => BatchLeaf.validate({ M: 1 })).not.toThrow();
  });
});
