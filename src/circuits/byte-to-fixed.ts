import { defineTemplate, checkInt } from './signature.js';

/** Constraints of ByteToFixed(F): free when F % 8 = 0 (v·(2^F − 1)/255 + bit7), else a pinned division, F + 10. */
export function byteToFixedConstraints(F: number): number {
  return F % 8 === 0 ? 0 : F + 10;
}

/** A pixel byte (its 8 pinned bits) as round(v · 2^F / 255), the model's fixed-point input. */
export const ByteToFixed = defineTemplate<{ F: number }>({
  template: 'ByteToFixed',
  file: 'byte-to-fixed.circom',
  params: ['F'],
  validate({ F }) {
    checkInt('ByteToFixed', 'F', F, 0, 64);
  },
  constraints: ({ F }) => byteToFixedConstraints(F),
  inputs: () => ({ in: [8] }),
  outputs: () => ({ out: [] }),
});
