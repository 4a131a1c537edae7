import { describe, it, expect } from 'vitest';
import { CompileProgress, stageEnded } from './compile-progress.js';

describe('CompileProgress (the compile step\'s estimated percentage)', () => {
  it('recognises the lines that end circom\'s stages', () => {
    expect(stageEnded('template instances: 331')).toBe(0);
    expect(stageEnded('Written successfully: .circom-out/main.r1cs')).toBe(1);
    expect(stageEnded('Written successfully: .circom-out/main_js/main.wasm')).toBe(2);
    expect(stageEnded('non-linear constraints: 115029')).toBe(-1);
    expect(stageEnded('Everything went okay')).toBe(-1);
  });

  it('moves with time inside a stage, never past 95 % of it, jumps to the stage\'s end when circom says so, and reaches 100 % at the end', () => {
    const p = new CompileProgress(115_000, 0); // expected: 1.5 s + 11.5 s
    expect(p.at(0).fraction).toBe(0);
    const a = p.at(3000).fraction;
    expect(a).toBeGreaterThan(0.2);
    expect(a).toBeLessThan(0.5);
    // overdue: still creeping, held below the stage's end
    expect(p.at(10_000).fraction).toBeGreaterThan(p.at(6_000).fraction);
    expect(p.at(60_000).fraction).toBeGreaterThan(p.at(10_000).fraction);
    expect(p.at(60_000).fraction).toBeLessThan(0.95 * 0.5);
    expect(p.at(60_000).fraction).toBeCloseTo(0.95 * 0.5, 3);
    expect(p.at(60_000).leftMs).toBeGreaterThan(0);
    p.line('template instances: 331', 13_000); // twice as slow as calibrated
    expect(p.at(13_000).fraction).toBeCloseTo(0.5, 6);
    // the rest (the other half of the work) is rescaled by that pace: as long again
    expect(p.at(13_000).leftMs!).toBeCloseTo(13_000, 0);
    p.line('Written successfully: .circom-out/main.r1cs', 20_000);
    expect(p.at(20_000).fraction).toBeCloseTo(0.84, 6);
    p.line('Written successfully: .circom-out/main_js/main.wasm', 23_000);
    expect(p.at(23_000)).toEqual({ fraction: 1, leftMs: 0, stagesDone: 3 });
  });

  it('is monotone while lines arrive out of the expected pace', () => {
    const p = new CompileProgress(2_000, 0);
    let last = 0;
    for (let t = 0; t < 5000; t += 100) {
      if (t === 3000) p.line('template instances: 12', t);
      if (t === 4000) p.line('Written successfully: x/main.r1cs', t);
      const f = p.at(t).fraction;
      expect(f).toBeGreaterThanOrEqual(last);
      last = f;
    }
  });
});
