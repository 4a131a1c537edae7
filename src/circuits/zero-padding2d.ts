import { defineTemplate, checkInt } from './signature.js';

export type ZeroPadding2DParams = { H: number; W: number; C: number; TOP: number; BOTTOM: number; LEFT: number; RIGHT: number };

export const ZeroPadding2D = defineTemplate<ZeroPadding2DParams>({
  template: 'ZeroPadding2D',
  file: 'zero-padding2d.circom',
  params: ['H', 'W', 'C', 'TOP', 'BOTTOM', 'LEFT', 'RIGHT'],
  validate(p) {
    for (const k of ['H', 'W', 'C'] as const) checkInt('ZeroPadding2D', k, p[k], 1);
    for (const k of ['TOP', 'BOTTOM', 'LEFT', 'RIGHT'] as const) checkInt('ZeroPadding2D', k, p[k], 0);
  },
  /**
   * Wiring and constants: 0 inside a circuit. (Compiled alone as main, circom keeps one `out = 0`
   * per padded output: C·((TOP+H+BOTTOM)·(LEFT+W+RIGHT) − H·W).)
   */
  constraints: () => 0,
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [p.TOP + p.H + p.BOTTOM, p.LEFT + p.W + p.RIGHT, p.C] }),
});
