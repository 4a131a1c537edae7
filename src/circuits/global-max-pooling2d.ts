import { defineTemplate, checkBits, checkInt } from './signature.js';
import { maxNConstraints } from './max.js';

export type GlobalMaxPooling2DParams = { H: number; W: number; C: number; B: number };

export const GlobalMaxPooling2D = defineTemplate<GlobalMaxPooling2DParams>({
  template: 'GlobalMaxPooling2D',
  file: 'global-max-pooling2d.circom',
  params: ['H', 'W', 'C', 'B'],
  validate(p) {
    for (const k of ['H', 'W', 'C'] as const) checkInt('GlobalMaxPooling2D', k, p[k], 1);
    checkBits('GlobalMaxPooling2D', 'B', p.B, 1);
  },
  /** One MaxN(H·W, B) per channel. */
  constraints: (p) => p.C * maxNConstraints(p.H * p.W, p.B),
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [p.C] }),
});
