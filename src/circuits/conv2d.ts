import { defineTemplate } from './signature.js';
import { checkPositive, checkFlag, checkKernelFits } from './conv-params.js';
import { convOutSize, convRealTaps, paddingOf } from '../core/witness/padding.js';

export type Conv2DParams = {
  H: number; W: number; C_IN: number; C_OUT: number; KH: number; KW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number; USE_BIAS: number;
};

const outHW = (p: Conv2DParams) => [
  convOutSize(p.H, p.KH, p.STRIDE_H, paddingOf(p.PADDING)),
  convOutSize(p.W, p.KW, p.STRIDE_W, paddingOf(p.PADDING)),
];

export const Conv2D = defineTemplate<Conv2DParams>({
  template: 'Conv2D',
  file: 'conv2d.circom',
  params: ['H', 'W', 'C_IN', 'C_OUT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'USE_BIAS'],
  validate(p) {
    checkPositive('Conv2D', p, ['H', 'W', 'C_IN', 'C_OUT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W']);
    checkFlag('Conv2D', 'PADDING', p.PADDING);
    checkFlag('Conv2D', 'USE_BIAS', p.USE_BIAS);
    checkKernelFits('Conv2D', 'KH', p.KH, 'H', p.H, p.PADDING);
    checkKernelFits('Conv2D', 'KW', p.KW, 'W', p.W, p.PADDING);
  },
  /** One constraint per real (non-padded) multiply-accumulate. */
  constraints: (p) =>
    convRealTaps(p.H, p.KH, p.STRIDE_H, paddingOf(p.PADDING)) * convRealTaps(p.W, p.KW, p.STRIDE_W, paddingOf(p.PADDING)) * p.C_IN * p.C_OUT,
  inputs: (p) => ({
    in: [p.H, p.W, p.C_IN],
    weights: [p.KH, p.KW, p.C_IN, p.C_OUT],
    ...(p.USE_BIAS ? { bias: [p.C_OUT] } : {}),
  }),
  outputs: (p) => ({ out: [...outHW(p), p.C_OUT] }),
});
