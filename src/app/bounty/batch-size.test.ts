import { describe, expect, it } from 'vitest';
import { divisors, suggestBatch, batchProblem } from './batch-size.js';

describe('the create form\'s batch size', () => {
  it('divisors', () => {
    expect(divisors(100)).toEqual([1, 2, 4, 5, 10, 20, 25, 50, 100]);
    expect(divisors(1)).toEqual([1]);
    expect(divisors(49)).toEqual([1, 7, 49]);
    expect(divisors(0)).toEqual([]);
  });

  it('suggests the largest divisor of N not above the preferred size', () => {
    expect(suggestBatch(100, 3)).toBe(2); // the form's default 3 does not divide 100
    expect(suggestBatch(9, 3)).toBe(3);
    expect(suggestBatch(7, 3)).toBe(1);
    expect(suggestBatch(100, 10)).toBe(10);
  });

  it('says why a size does not fit and which ones do', () => {
    expect(batchProblem(100, 2)).toBeUndefined();
    expect(batchProblem(0, 3)).toBeUndefined(); // no test set yet
    expect(batchProblem(100, 3)).toBe('100 samples do not split into batches of 3 (every batch holds exactly 3: the accuracy circuit is built for it). Sizes that do: 1, 2, 4, 5.');
    expect(batchProblem(4, 6)).toBe('Batches of 6 need at least 6 samples; the test set has 4.');
    expect(batchProblem(10, 0)).toMatch(/at least 1/);
  });
});
