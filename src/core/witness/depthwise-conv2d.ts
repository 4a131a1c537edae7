import { ZkmlError } from '../errors.js';
import { convOutSize, convTapIndex, type Padding } from './padding.js';

export interface DepthwiseConv2DOptions {
  strideH: number;
  strideW: number;
  padding: Padding;
}

/**
 * Depthwise 2-D convolution on signed integers, exactly as `DepthwiseConv2D(...)` computes it: channels-last,
 * Keras kernel layout weights[KH][KW][C_IN][DEPTH_MULT], output channel c·DEPTH_MULT + m (Keras order),
 * TensorFlow same-padding arithmetic, dilation 1. Padded taps read zero. `bias` (length C_IN·DEPTH_MULT) is
 * null for USE_BIAS = 0. The result is the raw accumulator at scale s_in + s_w.
 */
export function depthwiseConv2d(
  input: readonly (readonly (readonly bigint[])[])[],
  weights: readonly (readonly (readonly (readonly bigint[])[])[])[],
  bias: readonly bigint[] | null,
  { strideH, strideW, padding }: DepthwiseConv2DOptions,
): bigint[][][] {
  const H = input.length, W = input[0].length, cIn = input[0][0].length;
  const KH = weights.length, KW = weights[0].length, dm = weights[0][0][0].length;
  if (weights[0][0].length !== cIn) throw new ZkmlError(`depthwiseConv2d: kernel has ${weights[0][0].length} input channels, input has ${cIn}`);
  if (bias && bias.length !== cIn * dm) throw new ZkmlError(`depthwiseConv2d: bias has ${bias.length} values, expected ${cIn * dm}`);
  const OH = convOutSize(H, KH, strideH, padding), OW = convOutSize(W, KW, strideW, padding);
  if (OH < 1 || OW < 1) throw new ZkmlError(`depthwiseConv2d: a ${KH}×${KW} kernel does not fit a ${H}×${W} input with ${padding} padding`);
  const out: bigint[][][] = [];
  for (let oy = 0; oy < OH; oy++) {
    const row: bigint[][] = [];
    for (let ox = 0; ox < OW; ox++) {
      const px: bigint[] = [];
      for (let c = 0; c < cIn; c++) {
        for (let m = 0; m < dm; m++) {
          let acc = bias ? bias[c * dm + m] : 0n;
          for (let ky = 0; ky < KH; ky++) {
            const iy = convTapIndex(oy, ky, H, KH, strideH, padding);
            if (iy < 0) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = convTapIndex(ox, kx, W, KW, strideW, padding);
              if (ix >= 0) acc += input[iy][ix][c] * weights[ky][kx][c][m];
            }
          }
          px.push(acc);
        }
      }
      row.push(px);
    }
    out.push(row);
  }
  return out;
}
