import { ZkmlError } from '../errors.js';
import { convOutSize, convTapIndex, type Padding } from './padding.js';

export interface Conv1DOptions {
  stride: number;
  padding: Padding;
}

/**
 * 1-D convolution on signed integers, exactly as `Conv1D(...)` computes it (channels-last input[L][C_IN],
 * Keras kernel layout weights[K][C_IN][C_OUT], TensorFlow same-padding arithmetic, dilation 1). Padded
 * taps read zero. `bias` is null for USE_BIAS = 0. The result is the raw accumulator at scale s_in + s_w.
 */
export function conv1d(
  input: readonly (readonly bigint[])[],
  weights: readonly (readonly (readonly bigint[])[])[],
  bias: readonly bigint[] | null,
  { stride, padding }: Conv1DOptions,
): bigint[][] {
  const L = input.length, cIn = input[0].length;
  const K = weights.length, cOut = weights[0][0].length;
  if (weights[0].length !== cIn) throw new ZkmlError(`conv1d: kernel has ${weights[0].length} input channels, input has ${cIn}`);
  if (bias && bias.length !== cOut) throw new ZkmlError(`conv1d: bias has ${bias.length} values, kernel has ${cOut} filters`);
  const OL = convOutSize(L, K, stride, padding);
  if (OL < 1) throw new ZkmlError(`conv1d: a kernel of ${K} does not fit an input of ${L} with ${padding} padding`);
  const out: bigint[][] = [];
  for (let o = 0; o < OL; o++) {
    const px: bigint[] = [];
    for (let co = 0; co < cOut; co++) {
      let acc = bias ? bias[co] : 0n;
      for (let k = 0; k < K; k++) {
        const i = convTapIndex(o, k, L, K, stride, padding);
        if (i < 0) continue;
        for (let ci = 0; ci < cIn; ci++) acc += input[i][ci] * weights[k][ci][co];
      }
      px.push(acc);
    }
    out.push(px);
  }
  return out;
}
