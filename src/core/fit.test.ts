import { describe, it, expect } from 'vitest';
import { tabFit, predictTabPeakMiB, TAB_PROVE_LIMIT, TAB_COMPILE_LIMIT, TAB_MEASUREMENT, TAB_BASE_MIB, TAB_COMPILE_MIB_PER_CONSTRAINT, WASM32_MEMORY_MIB } from './fit.js';
import { transpile, BROWSER_CONSTRAINT_LIMIT } from './transpile.js';
import type { KerasModel } from './keras/types.js';

describe('tabFit: whether a circuit fits in a browser tab, from the estimate', () => {
  it('the thresholds are the measured models: the largest proved fits, the one that failed does not', () => {
    expect(TAB_PROVE_LIMIT).toBe(TAB_MEASUREMENT.proved.constraints);
    expect(TAB_COMPILE_LIMIT).toBeLessThan(TAB_MEASUREMENT.failed.constraints);
    expect(TAB_PROVE_LIMIT).toBeLessThanOrEqual(TAB_COMPILE_LIMIT);
    expect(tabFit(TAB_MEASUREMENT.proved.constraints, TAB_MEASUREMENT.proved.ptauPower).verdict).toBe('tab');
    expect(tabFit(115_275, 17).verdict).toBe('tab'); // the keras2circom MNIST CNN, proved in the studio by bench/browser.ts
    expect(TAB_COMPILE_LIMIT * TAB_COMPILE_MIB_PER_CONSTRAINT).toBeLessThanOrEqual(WASM32_MEMORY_MIB);
    expect(tabFit(TAB_MEASUREMENT.failed.constraints, TAB_MEASUREMENT.failed.ptauPower).verdict).not.toBe('tab');
    expect(BROWSER_CONSTRAINT_LIMIT).toBe(TAB_PROVE_LIMIT);
  });

  it('draws the lines at the limits: tab, then native prover, then the CLI', () => {
    expect(tabFit(1, 8).verdict).toBe('tab');
    expect(tabFit(TAB_PROVE_LIMIT, 19).verdict).toBe('tab');
    expect(tabFit(TAB_PROVE_LIMIT + 1, 19).verdict).toBe(TAB_PROVE_LIMIT + 1 <= TAB_COMPILE_LIMIT ? 'native' : 'cli');
    expect(tabFit(TAB_COMPILE_LIMIT + 1, 21).verdict).toBe('cli');
    expect(tabFit(7_349_685, 23).verdict).toBe('cli');
  });

  it('predicts memory that grows with the circuit, through the largest proved model\'s measured peak', () => {
    expect(predictTabPeakMiB(0)).toBe(TAB_BASE_MIB);
    expect(predictTabPeakMiB(TAB_MEASUREMENT.proved.constraints)).toBeCloseTo(TAB_MEASUREMENT.proved.peakMiB, 6);
    expect(predictTabPeakMiB(2_000_000)).toBeGreaterThan(predictTabPeakMiB(1_000_000));
  });

  it('says it in plain words, with the numbers', () => {
    const big = tabFit(7_349_685, 23);
    expect(big.message).toMatch(/too big for a browser tab, even to compile/);
    expect(big.message).toContain('7,349,685 constraints');
    expect(big.message).toContain('2^23');
    expect(big.message).toMatch(/\d+(\.\d)? GiB of memory/);
    expect(big.message).toMatch(/command-line tool \(zkml\)/);
    expect(big.message).toMatch(/circom's WebAssembly, which can hold 4\.0 GiB/);
    expect(big.message).toMatch(/rapidsnark/);
    if (TAB_PROVE_LIMIT < TAB_COMPILE_LIMIT) {
      const mid = tabFit(TAB_PROVE_LIMIT + 1, 20);
      expect(mid.message).toMatch(/too big to prove in this tab/);
      expect(mid.message).toMatch(/compile it here and compute its witness/);
    }
    expect(tabFit(1000, 10).message).toMatch(/fits in the tab/);
  });

  it('the transpiler warns from the same decision', () => {
    const model: KerasModel = {
      format: 'tfjs', name: 'wide', inputShape: [1024],
      layers: [
        { name: 'input', className: 'InputLayer', config: {}, inbound: [], weights: [] },
        { name: 'd', className: 'Dense', config: { units: 1200, activation: 'linear', use_bias: false }, inbound: ['input'],
          weights: [{ name: 'kernel', shape: [1024, 1200], data: Float32Array.from({ length: 1024 * 1200 }, (_, i) => Math.sin(i) / 4) }] },
      ],
      outputs: ['d'],
    };
    const r = transpile(model);
    const fit = tabFit(r.plan.estimate.total, r.ptauPower);
    expect(fit.verdict).toBe('cli');
    expect(r.warnings.join()).toMatch(/beyond what a browser tab can prove.*use the CLI and a native prover/);
  });
});
