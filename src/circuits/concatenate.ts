import { defineTemplate, checkInt } from './signature.js';

export type ConcatenateParams = { H: number; W: number; C1: number; C2: number };

/** Keras Concatenate on the channel axis (axis = −1) of [H][W][C1] and [H][W][C2]. */
export const Concatenate = defineTemplate<ConcatenateParams>({
  template: 'Concatenate',
  file: 'concatenate.circom',
  params: ['H', 'W', 'C1', 'C2'],
  validate(p) {
    for (const k of ['H', 'W', 'C1', 'C2'] as const) checkInt('Concatenate', k, p[k], 1);
  },
  /** Wiring only. */
  constraints: () => 0,
  inputs: (p) => ({ a: [p.H, p.W, p.C1], b: [p.H, p.W, p.C2] }),
  outputs: (p) => ({ out: [p.H, p.W, p.C1 + p.C2] }),
});
