import { describe, it, expect } from 'vitest';
import { foldBatchNorm, KERAS_BN_EPSILON } from './fold-batch-norm.js';

/** Keras BatchNormalization in inference mode, written out directly. */
const bn = (x: number, g: number, b: number, m: number, v: number, eps: number) => (g * (x - m)) / Math.sqrt(v + eps) + b;

describe('foldBatchNorm', () => {
  it('folds gamma, beta, mean, variance and epsilon into scale and shift', () => {
    const gamma = [1.5, -0.25, 2];
    const beta = [0.1, -3, 0];
    const movingMean = [0.5, -1.25, 4];
    const movingVariance = [4, 0.0625, 0];
    const { scale, shift } = foldBatchNorm({ gamma, beta, movingMean, movingVariance, epsilon: 1e-3 });
    expect(scale[0]).toBeCloseTo(1.5 / Math.sqrt(4.001), 14);
    expect(shift[0]).toBeCloseTo(0.1 - 0.5 * (1.5 / Math.sqrt(4.001)), 14);
    expect(scale[2]).toBeCloseTo(2 / Math.sqrt(1e-3), 12); // zero variance: epsilon keeps it finite
    for (const x of [-7.5, -1, 0, 0.3, 12]) {
      for (let c = 0; c < 3; c++) {
        expect(x * scale[c] + shift[c]).toBeCloseTo(bn(x, gamma[c], beta[c], movingMean[c], movingVariance[c], 1e-3), 10);
      }
    }
  });

  it('treats missing gamma (scale=False) as 1 and missing beta (center=False) as 0, with Keras\'s default epsilon', () => {
    const { scale, shift } = foldBatchNorm({ movingMean: [2, -1], movingVariance: [1, 9] });
    expect(KERAS_BN_EPSILON).toBe(1e-3);
    expect(scale).toEqual([1 / Math.sqrt(1.001), 1 / Math.sqrt(9.001)]);
    expect(shift).toEqual([-2 / Math.sqrt(1.001), 1 / Math.sqrt(9.001)]);
  });

  it('refuses mismatched lengths, non-finite values and a non-positive variance + epsilon', () => {
    expect(() => foldBatchNorm({ gamma: [1], movingMean: [0, 0], movingVariance: [1, 1] })).toThrow(/gamma has 1 channels/);
    expect(() => foldBatchNorm({ movingMean: [0, NaN], movingVariance: [1, 1] })).toThrow(/moving_mean\[1\]/);
    expect(() => foldBatchNorm({ movingMean: [0], movingVariance: [-1] })).toThrow(/must be positive/);
    expect(() => foldBatchNorm({ movingMean: [0], movingVariance: [0], epsilon: 0 })).toThrow(/must be positive/);
    expect(() => foldBatchNorm({ movingMean: [0], movingVariance: [1], epsilon: -1 })).toThrow(/epsilon/);
  });
});
