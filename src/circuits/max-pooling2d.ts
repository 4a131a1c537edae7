import { defineTemplate, checkBits } from './signature.js';
import { maxNConstraints } from './max.js';
import { checkPool2D, poolCounts, poolOutHW } from '../core/witness/pool-window.js';

export type MaxPooling2DParams = {
  H: number; W: number; C: number; PH: number; PW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number; B: number;
};

export const MaxPooling2D = defineTemplate<MaxPooling2DParams>({
  template: 'MaxPooling2D',
  file: 'max-pooling2d.circom',
  params: ['H', 'W', 'C', 'PH', 'PW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'B'],
  validate(p) {
    checkPool2D('MaxPooling2D', p);
    checkBits('MaxPooling2D', 'B', p.B, 1);
  },
  /** One MaxN over the real (non-padded) elements of every window and channel: (count − 1)·(B + 2). */
  constraints: (p) =>
    p.C * poolCounts(p.H, p.W, p.PH, p.PW, p.STRIDE_H, p.STRIDE_W, p.PADDING).flat()
      .reduce((s, n) => s + maxNConstraints(n, p.B), 0),
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [...poolOutHW(p), p.C] }),
});
