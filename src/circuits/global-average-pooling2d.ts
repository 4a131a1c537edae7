import { defineTemplate, checkBits, checkInt } from './signature.js';
import { divFloorBits, divFloorConstraints } from './div-floor.js';
import { TemplateParamError } from '../core/errors.js';
import { MAX_RANGE_BITS } from '../core/field.js';

export type GlobalAveragePooling2DParams = { H: number; W: number; C: number; B: number };

export const GlobalAveragePooling2D = defineTemplate<GlobalAveragePooling2DParams>({
  template: 'GlobalAveragePooling2D',
  file: 'global-average-pooling2d.circom',
  params: ['H', 'W', 'C', 'B'],
  validate(p) {
    for (const k of ['H', 'W', 'C'] as const) checkInt('GlobalAveragePooling2D', k, p[k], 1);
    checkBits('GlobalAveragePooling2D', 'B', p.B, 1);
    if (p.B + divFloorBits(p.H * p.W) > MAX_RANGE_BITS) {
      throw new TemplateParamError('GlobalAveragePooling2D', 'B', `is too wide for ${p.H}×${p.W} values: needs B + ceil(log2(H·W)) ≤ ${MAX_RANGE_BITS}`, p.B);
    }
  },
  /** One DivFloor(B, H·W) per channel. */
  constraints: (p) => p.C * divFloorConstraints(p.B, p.H * p.W),
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [p.C] }),
});
