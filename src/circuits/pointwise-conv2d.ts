import { defineTemplate } from './signature.js';
import { checkPositive, checkFlag } from './conv-params.js';

export type PointwiseConv2DParams = { H: number; W: number; C_IN: number; C_OUT: number; USE_BIAS: number };

export const PointwiseConv2D = defineTemplate<PointwiseConv2DParams>({
  template: 'PointwiseConv2D',
  file: 'pointwise-conv2d.circom',
  params: ['H', 'W', 'C_IN', 'C_OUT', 'USE_BIAS'],
  validate(p) {
    checkPositive('PointwiseConv2D', p, ['H', 'W', 'C_IN', 'C_OUT']);
    checkFlag('PointwiseConv2D', 'USE_BIAS', p.USE_BIAS);
  },
  /** One constraint per multiply-accumulate. */
  constraints: (p) => p.H * p.W * p.C_IN * p.C_OUT,
  inputs: (p) => ({ in: [p.H, p.W, p.C_IN], weights: [p.C_IN, p.C_OUT], ...(p.USE_BIAS ? { bias: [p.C_OUT] } : {}) }),
  outputs: (p) => ({ out: [p.H, p.W, p.C_OUT] }),
});
