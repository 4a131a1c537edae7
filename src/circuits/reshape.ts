import { defineTemplate, checkInt } from './signature.js';

export type ReshapeParams = { D0: number; D1: number; D2: number };

export const Reshape = defineTemplate<ReshapeParams>({
  template: 'Reshape',
  file: 'reshape.circom',
  params: ['D0', 'D1', 'D2'],
  validate(p) {
    for (const k of ['D0', 'D1', 'D2'] as const) checkInt('Reshape', k, p[k], 1);
  },
  /** Wiring only. */
  constraints: () => 0,
  inputs: (p) => ({ in: [p.D0 * p.D1 * p.D2] }),
  outputs: (p) => ({ out: [p.D0, p.D1, p.D2] }),
});
