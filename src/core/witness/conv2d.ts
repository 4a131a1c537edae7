import { ZkmlError } from '../errors.js';
import { convOutSize, convTapIndex, type Padding } from './padding.js';

export interface Conv2DOptions {
  strideH: number;
  strideW: number;
  padding: Padding;
}

/**
 * 2-D convolution on signed integers, exactly as `Conv2D(...)` computes it (channels-last, Keras kernel
 * layout weights[KH][KW][C_IN][C_OUT], TensorFlow same-padding arithmetic, dilation 1). Padded taps read
 * zero. `bias` is null for USE_BIAS = 0. The result is the raw accumulator at scale s_in + s_w.
 */
export function conv2d(
  input: readonly (readonly (readonly bigint[])[])[],
  weights: readonly (readonly (readonly (readonly bigint[])[])[])[],
  bias: readonly bigint[] | null,
  { strideH, strideW, padding }: Conv2DOptions,
): bigint[][][] {
  const H = input.length, W = input[0].length, cIn = input[0][0].length;
  const KH = weights.length, KW = weights[0].length, cOut = weights[0][0][0].length;
  if (weights[0][0].length !== cIn) throw new ZkmlError(`conv2d: kernel has ${weights[0][0].length} input channels, input has ${cIn}`);
  if (bias && bias.length !== cOut) throw new ZkmlError(`conv2d: bias has ${bias.length} values, kernel has ${cOut} filters`);
  const OH = convOutSize(H, KH, strideH, padding), OW = convOutSize(W, KW, strideW, padding);
  if (OH < 1 || OW < 1) throw new ZkmlError(`conv2d: a ${KH}×${KW} kernel does not fit a ${H}×${W} input with ${padding} padding`);
  const out: bigint[][][] = [];
  for (let oy = 0; oy < OH; oy++) {
    const row: bigint[][] = [];
    for (let ox = 0; ox < OW; ox++) {
      const px: bigint[] = [];
      for (let co = 0; co < cOut; co++) {
        let acc = bias ? bias[co] : 0n;
        for (let ky = 0; ky < KH; ky++) {
          const iy = convTapIndex(oy, ky, H, KH, strideH, padding);
          if (iy < 0) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = convTapIndex(ox, kx, W, KW, strideW, padding);
            if (ix < 0) continue;
            for (let ci = 0; ci < cIn; ci++) acc += input[iy][ix][ci] * weights[ky][kx][ci][co];
          }
        }
        px.push(acc);
      }
      row.push(px);
    }
    out.push(row);
  }
  return out;
}
