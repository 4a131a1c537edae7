import { defineTemplate, checkInt } from './signature.js';

export type FlattenParams = { H: number; W: number; C: number };

export const Flatten = defineTemplate<FlattenParams>({
  template: 'Flatten',
  file: 'flatten.circom',
  params: ['H', 'W', 'C'],
  validate(p) {
    for (const k of ['H', 'W', 'C'] as const) checkInt('Flatten', k, p[k], 1);
  },
  /** Wiring only. */
  constraints: () => 0,
  inputs: (p) => ({ in: [p.H, p.W, p.C] }),
  outputs: (p) => ({ out: [p.H * p.W * p.C] }),
});
