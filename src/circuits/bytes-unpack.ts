import { defineTemplate, checkInt } from './signature.js';

/**
 * 31-byte big-endian field elements → bytes and their bits: one Num2Bits(248) per element, 248·N.
 * (Compiled as main, each byte output keeps its linear definition: 279·N; inside a circuit 248·N.)
 */
export const BytesUnpack = defineTemplate<{ N: number }>({
  template: 'BytesUnpack',
  file: 'bytes-unpack.circom',
  params: ['N'],
  validate({ N }) {
    checkInt('BytesUnpack', 'N', N, 1);
  },
  constraints: ({ N }) => 248 * N,
  inputs: ({ N }) => ({ in: [N] }),
  outputs: ({ N }) => ({ out: [31 * N], bits: [31 * N, 8] }),
});
