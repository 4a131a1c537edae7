import { defineTemplate, checkBits, checkInt } from './signature.js';
import { maxNConstraints } from './max.js';
import { checkPool2D, poolOutHW, poolWindows } from '../core/witness/pool-window.js';

export type MaxPooling2DParams = {
  H: number; W: number; C: number; PH: number; PW: number;
  STRIDE_H: number; STRIDE_W: number; PADDING: number;
  /** two values of one window differ by less than 2^B */
  B: number;
  /** two values of one window row differ by less than 2^BR (BR ≤ B) */
  BR: number;
};

export const MaxPooling2D = defineTemplate<MaxPooling2DParams>({
  template: 'MaxPooling2D',
  file: 'max-pooling2d.circom',
  params: ['H', 'W', 'C', 'PH', 'PW', 'STRIDE_H', 'STRIDE_W', 'PADDING', 'B', 'BR'],
  validate(p) {
    checkPool2D('MaxPooling2D', p);
    checkBits('MaxPooling2D', 'B', p.B, 1);
    checkInt('MaxPooling2D', 'BR', p.BR, 1, Number(p.B));
  },
  /** Per window and channel: a MaxN(cols, BR) per real row, then a MaxN(rows, B) of the row maxima. */
  constraints: (p) => {
    const rows = poolWindows(p.H, p.PH, p.STRIDE_H, p.PADDING), cols = poolWindows(p.W, p.PW, p.STRIDE_W, p.PADDING);
    let s = 0;
    for (const r of rows) for (const c of cols) {
      const nr = r.hi - r.lo, nc = c.hi - c.lo;
      s += nr * maxNConstraints(nc, p.BR) + maxNConstraints(nr, p.B);
    }
    return p.C * s;
  },
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [...poolOutHW(p), p.C] }),
});
