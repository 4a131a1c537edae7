/**
 * ByteToFixed off-circuit: a pixel byte v as the model's fixed-point input with F fractional bits,
 * round(v · 2^F / 255) (the float input v / 255, quantized), computed exactly on integers:
 * floor((v · 2^F + 127) / 255). No ties exist (see byte-to-fixed.circom), so this equals
 * Math.round(v / 255 * 2^F) for every byte and every F ≤ 64.
 */
import { RangeError_ } from '../errors.js';

export function byteToFixed(v: number | bigint, fracBits: number): bigint {
  const b = BigInt(v);
  if (b < 0n || b > 255n) throw new RangeError_(`byteToFixed: ${v} is not a byte`);
  if (!Number.isInteger(fracBits) || fracBits < 0 || fracBits > 64) throw new RangeError_(`byteToFixed: fractional bits ${fracBits} outside [0, 64]`);
  return ((b << BigInt(fracBits)) + 127n) / 255n;
}
