import { defineTemplate } from './signature.js';
import { checkPositive, checkFlag, checkKernelFits } from './conv-params.js';
import { convOutSize, convRealTaps, paddingOf } from '../core/witness/padding.js';

export type Conv1DParams = { L: number; C_IN: number; C_OUT: number; K: number; STRIDE: number; PADDING: number; USE_BIAS: number };

export const Conv1D = defineTemplate<Conv1DParams>({
  template: 'Conv1D',
  file: 'conv1d.circom',
  params: ['L', 'C_IN', 'C_OUT', 'K', 'STRIDE', 'PADDING', 'USE_BIAS'],
  validate(p) {
    checkPositive('Conv1D', p, ['L', 'C_IN', 'C_OUT', 'K', 'STRIDE']);
    checkFlag('Conv1D', 'PADDING', p.PADDING);
    checkFlag('Conv1D', 'USE_BIAS', p.USE_BIAS);
    checkKernelFits('Conv1D', 'K', p.K, 'L', p.L, p.PADDING);
  },
  /** One constraint per real (non-padded) multiply-accumulate. */
  constraints: (p) => convRealTaps(p.L, p.K, p.STRIDE, paddingOf(p.PADDING)) * p.C_IN * p.C_OUT,
  inputs: (p) => ({ in: [p.L, p.C_IN], weights: [p.K, p.C_IN, p.C_OUT], ...(p.USE_BIAS ? { bias: [p.C_OUT] } : {}) }),
  outputs: (p) => ({ out: [convOutSize(p.L, p.K, p.STRIDE, paddingOf(p.PADDING)), p.C_OUT] }),
});
