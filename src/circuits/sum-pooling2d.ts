import { defineTemplate } from './signature.js';
import { checkPool2D, poolOutHW } from '../core/witness/pool-window.js';

export type SumPooling2DParams = {
  H: number; W: number; C: number; PH: number; PW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number;
};

export const SumPooling2D = defineTemplate<SumPooling2DParams>({
  template: 'SumPooling2D',
  file: 'sum-pooling2d.circom',
  params: ['H', 'W', 'C', 'PH', 'PW', 'STRIDE_H', 'STRIDE_W', 'PADDING'],
  validate(p) { checkPool2D('SumPooling2D', p); },
  /**
   * Linear: 0 inside a circuit. (Compiled alone as main, circom keeps one linear constraint per
   * output whose window repeats another's, which only same padding with a pool larger than the
   * input produces.)
   */
  constraints: () => 0,
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [...poolOutHW(p), p.C] }),
});
