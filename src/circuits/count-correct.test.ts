import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P } from '../core/field.js';
import { countCorrect } from '../core/witness/count-correct.js';
import { CountCorrect, labelBits } from './count-correct.js';

const CASES = [[10, 10, 100], [10, 8, 50], [4, 2, 12], [3, 256, 30], [5, 3, 30]] as const;

describe('CountCorrect(B, C)', () => {
  const c = new Map<string, CompiledCircuit>();
  beforeAll(async () => { for (const [B, C] of CASES) c.set(`${B},${C}`, await compileTemplate('count-correct.circom', 'CountCorrect', [B, C])); });

  it('costs B·(2 + L) when C = 2^L, else B·(2 + 2L)', () => {
    for (const [B, C, lit] of CASES) {
      expect(c.get(`${B},${C}`)!.nConstraints).toBe(CountCorrect.constraints({ B, C }));
      expect(c.get(`${B},${C}`)!.nConstraints).toBe(lit);
    }
    expect([2, 3, 8, 10, 256].map(labelBits)).toEqual([1, 2, 3, 4, 8]);
  });

  it('counts the matches like the reference, on random, all-right and all-wrong batches', async () => {
    const r = rng(21);
    for (const [B, C] of CASES) {
      const cc = c.get(`${B},${C}`)!;
      const draws = Array.from({ length: 6 }, () => {
        const label = Array.from({ length: B }, () => r.int(0, C - 1));
        const pred = label.map((y) => (r.next() < 0.5 ? y : r.int(0, C - 1)));
        return { pred, label };
      });
      const same = Array.from({ length: B }, (_, b) => b % C);
      draws.push({ pred: same, label: same });
      draws.push({ pred: same.map((y) => (y + 1) % C), label: same });
      draws.push({ pred: Array(B).fill(C - 1), label: Array(B).fill(C - 1) });
      for (const { pred, label } of draws) {
        const w = await cc.witness({ pred, label });
        expect(w.satisfies()).toBe(true);
        expect(w.get('correct')).toBe(countCorrect(pred, label, C));
      }
    }
    expect(countCorrect([1, 2, 3], [1, 0, 3], 4)).toBe(2n);
    expect(() => countCorrect([1], [4], 4)).toThrow(/not a class/);
    expect(() => countCorrect([1], [1, 2], 4)).toThrow(/predictions/);
  });

  it('rejects a wrong count: correct ± 1, a flipped match bit, a match claimed for a wrong prediction', async () => {
    const cc = c.get('10,10')!;
    const label = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const pred = [0, 1, 2, 0, 0, 5, 0, 7, 0, 9];
    const w = await cc.witness({ pred, label });
    expect(w.get('correct')).toBe(6n);
    expect(w.forge({ correct: 7n }).satisfies()).toBe(false);
    expect(w.forge({ correct: 5n }).satisfies()).toBe(false);
    expect(w.forge({ correct: 10n }).satisfies()).toBe(false);
    const eq = [...cc.sym].filter(([k, v]) => v >= 0 && /^main\.eq\[\d+\]\.out$/.test(k)).map(([k]) => k);
    expect(eq.length).toBeGreaterThan(0);
    for (const e of eq) expect(w.forge({ [e]: 1n - w.get(e) }).satisfies()).toBe(false);
    // claiming sample 3 correct by changing its label to its prediction, keeping correct consistent
    expect(w.forge({ 'label[3]': 0n }).satisfies()).toBe(false);
  });

  it('refuses labels that are not classes in [0, C), instead of wrapping them', async () => {
    for (const [B, C] of [[10, 10], [10, 8], [3, 256], [5, 3]] as const) {
      const cc = c.get(`${B},${C}`)!;
      for (const bad of [C, C + 1, 2 ** labelBits(C), -1, P - 1n, 1n << 200n]) {
        const label: (number | bigint)[] = Array(B).fill(0);
        label[B - 1] = bad;
        expect(await witnessFails(cc, { pred: Array(B).fill(0), label }), `${C}: ${bad}`).toBe(true);
      }
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('count-correct.circom', 'CountCorrect', [0, 10])).toMatch(/B: number of samples/);
    expect(await compileError('count-correct.circom', 'CountCorrect', [10, 1])).toMatch(/C: number of classes/);
    expect(await compileError('count-correct.circom', 'CountCorrect', [10, 257])).toMatch(/C: number of classes/);
    expect(() => CountCorrect.validate({ B: 0, C: 10 })).toThrow(/parameter B/);
    expect(() => CountCorrect.validate({ B: 10, C: 257 })).toThrow(/parameter C/);
    expect(() => CountCorrect.validate({ B: 10, C: 1 })).toThrow(/parameter C/);
  });
});
