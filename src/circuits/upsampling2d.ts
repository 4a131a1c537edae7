import { defineTemplate, checkInt } from './signature.js';

export type UpSampling2DParams = { H: number; W: number; C: number; SH: number; SW: number };

export const UpSampling2D = defineTemplate<UpSampling2DParams>({
  template: 'UpSampling2D',
  file: 'upsampling2d.circom',
  params: ['H', 'W', 'C', 'SH', 'SW'],
  validate(p) {
    for (const k of ['H', 'W', 'C', 'SH', 'SW'] as const) checkInt('UpSampling2D', k, p[k], 1);
  },
  /**
   * Wiring: 0 inside a circuit. (Compiled alone as main, circom keeps H·W·C·(SH·SW − 1) linear
   * equations between repeated outputs.)
   */
  constraints: () => 0,
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [p.H * p.SH, p.W * p.SW, p.C] }),
});
