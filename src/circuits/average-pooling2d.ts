import { defineTemplate, checkBits } from './signature.js';
import { divFloorBits, divFloorConstraints } from './div-floor.js';
import { TemplateParamError } from '../core/errors.js';
import { MAX_RANGE_BITS } from '../core/field.js';
import { checkPool2D, poolCounts, poolOutHW } from '../core/witness/pool-window.js';

export type AveragePooling2DParams = {
  H: number; W: number; C: number; PH: number; PW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number; B: number;
};

export const AveragePooling2D = defineTemplate<AveragePooling2DParams>({
  template: 'AveragePooling2D',
  file: 'average-pooling2d.circom',
  params: ['H', 'W', 'C', 'PH', 'PW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'B'],
  validate(p) {
    checkPool2D('AveragePooling2D', p);
    checkBits('AveragePooling2D', 'B', p.B, 1);
    if (p.B + divFloorBits(p.PH * p.PW) > MAX_RANGE_BITS) {
      throw new TemplateParamError('AveragePooling2D', 'B', `is too wide for a ${p.PH}×${p.PW} pool: needs B + ceil(log2(PH·PW)) ≤ ${MAX_RANGE_BITS}`, p.B);
    }
  },
  /** One DivFloor(B, count) per window and channel, count = the window's real elements. */
  constraints: (p) =>
    p.C * poolCounts(p.H, p.W, p.PH, p.PW, p.STRIDE_H, p.STRIDE_W, p.PADDING).flat()
      .reduce((s, n) => s + divFloorConstraints(p.B, n), 0),
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [...poolOutHW(p), p.C] }),
});
