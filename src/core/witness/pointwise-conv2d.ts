import { ZkmlError } from '../errors.js';

/**
 * 1×1 convolution on signed integers, exactly as `PointwiseConv2D(H, W, C_IN, C_OUT, USE_BIAS)` computes it:
 * out[y][x][co] = Σ_ci input[y][x][ci]·weights[ci][co] + bias[co]. `weights` is Keras's [1][1][C_IN][C_OUT]
 * kernel with the unit axes dropped; `bias` is null for USE_BIAS = 0. Raw accumulator at scale s_in + s_w.
 */
export function pointwiseConv2d(
  input: readonly (readonly (readonly bigint[])[])[],
  weights: readonly (readonly bigint[])[],
  bias: readonly bigint[] | null,
): bigint[][][] {
  const cIn = input[0][0].length, cOut = weights[0].length;
  if (weights.length !== cIn) throw new ZkmlError(`pointwiseConv2d: kernel has ${weights.length} input channels, input has ${cIn}`);
  if (bias && bias.length !== cOut) throw new ZkmlError(`pointwiseConv2d: bias has ${bias.length} values, kernel has ${cOut} filters`);
  return input.map((row) => row.map((px) => {
    const out: bigint[] = [];
    for (let co = 0; co < cOut; co++) {
      let acc = bias ? bias[co] : 0n;
      for (let ci = 0; ci < cIn; ci++) acc += px[ci] * weights[ci][co];
      out.push(acc);
    }
    return out;
  }));
}
