import { ZkmlError } from '../errors.js';

/**
 * Dense layer on signed integers, exactly as `Dense(N_IN, N_OUT)` computes it:
 * out[j] = Σ_i input[i]·weights[i][j] + bias[j] (Keras kernel layout [N_IN][N_OUT]).
 * The result is the raw accumulator (scale s_in + s_w); no rescale, no rounding.
 */
export function dense(input: readonly bigint[], weights: readonly (readonly bigint[])[], bias: readonly bigint[]): bigint[] {
  const nIn = input.length;
  const nOut = bias.length;
  if (weights.length !== nIn) throw new ZkmlError(`dense: weights have ${weights.length} rows, input has ${nIn} values`);
  const out: bigint[] = bias.slice();
  for (let i = 0; i < nIn; i++) {
    const row = weights[i];
    if (row.length !== nOut) throw new ZkmlError(`dense: weights row ${i} has ${row.length} columns, expected ${nOut}`);
    for (let j = 0; j < nOut; j++) out[j] += input[i] * row[j];
  }
  return out;
}
