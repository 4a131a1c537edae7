import { ZkmlError } from '../errors.js';

/**
 * Folded batch normalisation on signed integers, exactly as `BatchNorm(N, C)` computes it:
 * out[n][c] = input[n][c]·scale[c] + shift[c]. With scale at s_bn and shift at s_in + s_bn the result is at
 * scale s_in + s_bn; no rescale, no rounding. The float folding lives in src/core/quantize/fold-batch-norm.ts.
 */
export function batchNorm(input: readonly (readonly bigint[])[], scale: readonly bigint[], shift: readonly bigint[]): bigint[][] {
  const C = scale.length;
  if (shift.length !== C) throw new ZkmlError(`batchNorm: scale has ${C} channels, shift has ${shift.length}`);
  return input.map((row, n) => {
    if (row.length !== C) throw new ZkmlError(`batchNorm: position ${n} has ${row.length} channels, expected ${C}`);
    return row.map((x, c) => x * scale[c] + shift[c]);
  });
}
