import { depthwiseConv2d } from './depthwise-conv2d.js';
import { pointwiseConv2d } from './pointwise-conv2d.js';
import type { Padding } from './padding.js';

export interface SeparableConv2DOptions {
  strideH: number;
  strideW: number;
  padding: Padding;
}

/**
 * Keras SeparableConv2D on signed integers, exactly as `SeparableConv2D(...)` computes it: a depthwise
 * convolution without bias (kernel [KH][KW][C_IN][DEPTH_MULT]) followed, with no intermediate rescale, by a
 * 1×1 convolution (kernel [C_IN·DEPTH_MULT][C_OUT]) with the layer's bias. The result is at scale
 * s_in + s_dw + s_pw, and so must `bias` be; it is null for USE_BIAS = 0.
 */
export function separableConv2d(
  input: readonly (readonly (readonly bigint[])[])[],
  depthwiseWeights: readonly (readonly (readonly (readonly bigint[])[])[])[],
  pointwiseWeights: readonly (readonly bigint[])[],
  bias: readonly bigint[] | null,
  opts: SeparableConv2DOptions,
): bigint[][][] {
  return pointwiseConv2d(depthwiseConv2d(input, depthwiseWeights, null, opts), pointwiseWeights, bias);
}
