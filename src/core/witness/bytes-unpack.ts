/**
 * BytesUnpack off-circuit: 31-byte big-endian field elements → their bytes and each byte's bits
 * (least significant first), in the layout of `BytesUnpack(N)`'s `out` and `bits`.
 */
import { RangeError_ } from '../errors.js';

/** Bytes per field element in every ZKML byte payload (2^248 < p). */
export const ELEMENT_BYTES = 31;

export function bytesUnpack(elements: readonly bigint[]): { out: bigint[]; bits: bigint[][] } {
  const out: bigint[] = [];
  for (const x of elements) {
    if (x < 0n || x >= 1n << 248n) throw new RangeError_(`bytesUnpack: ${x} is not a 31-byte unsigned integer`);
    for (let u = 0; u < ELEMENT_BYTES; u++) out.push((x >> BigInt(8 * (ELEMENT_BYTES - 1 - u))) & 0xffn);
  }
  return { out, bits: out.map((b) => Array.from({ length: 8 }, (_, i) => (b >> BigInt(i)) & 1n)) };
}
