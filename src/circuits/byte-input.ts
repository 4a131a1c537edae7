import { defineTemplate, checkInt } from './signature.js';
import { byteToFixedConstraints } from './byte-to-fixed.js';

/** Exact --O2 constraints of ByteInput(N, F): Num2Bits(8) and ByteToFixed(F) per byte (8N when F % 8 = 0). */
export function byteInputConstraints(n: number, F: number): number {
  return n * (8 + byteToFixedConstraints(F));
}

/** N bytes (value = byte / 255), each checked to 8 bits, as the model's fixed-point integers round(v · 2^F / 255). */
export const ByteInput = defineTemplate<{ N: number; F: number }>({
  template: 'ByteInput',
  file: 'byte-input.circom',
  params: ['N', 'F'],
  validate({ N, F }) {
    checkInt('ByteInput', 'N', N, 1);
    checkInt('ByteInput', 'F', F, 0, 64);
  },
  constraints: ({ N, F }) => byteInputConstraints(N, F),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: ({ N }) => ({ out: [N] }),
});
