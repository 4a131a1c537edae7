import { defineTemplate } from './signature.js';
import { checkPositive, checkFlag, checkKernelFits } from './conv-params.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { PointwiseConv2D } from './pointwise-conv2d.js';
import { convOutSize, paddingOf } from '../core/witness/padding.js';

export type SeparableConv2DParams = {
  H: number; W: number; C_IN: number; DEPTH_MULT: number; C_OUT: number; KH: number; KW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number; USE_BIAS: number;
};

const outHW = (p: SeparableConv2DParams) => [
  convOutSize(p.H, p.KH, p.STRIDE_H, paddingOf(p.PADDING)),
  convOutSize(p.W, p.KW, p.STRIDE_W, paddingOf(p.PADDING)),
];

/**
 * Depthwise (no bias) then pointwise (with the layer's bias), no intermediate rescale: the output is at scale
 * s_in + s_dw + s_pw, and the bias must be given at that scale.
 */
export const SeparableConv2D = defineTemplate<SeparableConv2DParams>({
  template: 'SeparableConv2D',
  file: 'separable-conv2d.circom',
  params: ['H', 'W', 'C_IN', 'DEPTH_MULT', 'C_OUT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'USE_BIAS'],
  validate(p) {
    checkPositive('SeparableConv2D', p, ['H', 'W', 'C_IN', 'DEPTH_MULT', 'C_OUT', 'KH', 'KW', 'STRIDE_H', 'STRIDE_W']);
    checkFlag('SeparableConv2D', 'PADDING', p.PADDING);
    checkFlag('SeparableConv2D', 'USE_BIAS', p.USE_BIAS);
    checkKernelFits('SeparableConv2D', 'KH', p.KH, 'H', p.H, p.PADDING);
    checkKernelFits('SeparableConv2D', 'KW', p.KW, 'W', p.W, p.PADDING);
  },
  /** The depthwise real MACs plus OH·OW·C_IN·DEPTH_MULT·C_OUT pointwise MACs. */
  constraints: (p) => {
    const [OH, OW] = outHW(p);
    return DepthwiseConv2D.constraints({ ...p, USE_BIAS: 0 })
      + PointwiseConv2D.constraints({ H: OH, W: OW, C_IN: p.C_IN * p.DEPTH_MULT, C_OUT: p.C_OUT, USE_BIAS: p.USE_BIAS });
  },
  inputs: (p) => ({
    in: [p.H, p.W, p.C_IN],
    depthwiseWeights: [p.KH, p.KW, p.C_IN, p.DEPTH_MULT],
    pointwiseWeights: [p.C_IN * p.DEPTH_MULT, p.C_OUT],
    ...(p.USE_BIAS ? { bias: [p.C_OUT] } : {}),
  }),
  outputs: (p) => ({ out: [...outHW(p), p.C_OUT] }),
});
