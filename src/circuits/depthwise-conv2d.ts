import { defineTemplate } from './signature.js';
import { checkPositive, checkFlag, checkKernelFits } from './conv-params.js';
import { convOutSize, convRealTaps, paddingOf } from '../core/witness/padding.js';

export type DepthwiseConv2DParams = {
  H: number; W: number; C_IN: number; DEPTH_MULT: number; KH: number; KW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number; USE_BIAS: number;
};

export const DepthwiseConv2D = defineTemplate<DepthwiseConv2DParams>({
  template: 'DepthwiseConv2D',
  file: 'depthwise-conv2d.circom',
  params: ['H', 'W', 'C_IN', 'DEPTH_MULT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'USE_BIAS'],
  validate(p) {
    checkPositive('DepthwiseConv2D', p, ['H', 'W', 'C_IN', 'DEPTH_MULT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W']);
    checkFlag('DepthwiseConv2D', 'PADDING', p.PADDING);
    checkFlag('DepthwiseConv2D', 'USE_BIAS', p.USE_BIAS);
    checkKernelFits('DepthwiseConv2D', 'KH', p.KH, 'H', p.H, p.PADDING);
    checkKernelFits('DepthwiseConv2D', 'KW', p.KW, 'W', p.W, p.PADDING);
  },
  /** One constraint per real (non-padded) multiply-accumulate. */
  constraints: (p) =>
    convRealTaps(p.H, p.KH, p.STRIDE_H, paddingOf(p.PADDING)) * convRealTaps(p.W, p.KW, p.STRIDE_W, paddingOf(p.PADDING)) * p.C_IN * p.DEPTH_MULT,
  inputs: (p) => ({
    in: [p.H, p.W, p.C_IN],
    weights: [p.KH, p.KW, p.C_IN, p.DEPTH_MULT],
    ...(p.USE_BIAS ? { bias: [p.C_IN * p.DEPTH_MULT] } : {}),
  }),
  outputs: (p) => ({
    out: [convOutSize(p.H, p.KH, p.STRIDE_H, paddingOf(p.PADDING)), convOutSize(p.W, p.KW, p.STRIDE_W, paddingOf(p.PADDING)), p.C_IN * p.DEPTH_MULT],
  }),
});
