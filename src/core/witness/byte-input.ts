/**
 * ByteInput and ByteInputCommit off-circuit (docs/PROTOCOL.md §3, `encoding: "u8"`): bytes (value =
 * byte / 255) as the model's fixed-point integers, byteToFixed(v, F) each, and the tagged commitment to
 * the bytes: 8-bit digits, 31 per limb, little-endian, PoseidonCommit(tag, limbs...) — InputCommit's
 * packing of [0, 255]. Identical to `ByteInput(N, F)` and `ByteInputCommit(N, F, TAG)`.
 */
import { RangeError_ } from '../errors.js';
import { byteToFixed } from './byte-to-fixed.js';
import { inputCommit } from './input-commit.js';

const checkByte = (v: bigint, i: number): bigint => {
  if (v < 0n || v > 255n) throw new RangeError_(`byteInput: value ${i} is ${v}, not a byte (outside [0, 255])`, { details: { index: i, value: v } });
  return v;
};

/** ByteInput(N, F): each byte checked, as round(v · 2^F / 255). */
export function byteInput(bytes: readonly bigint[], F: number): bigint[] {
  if (bytes.length === 0) throw new RangeError_('byteInput: needs at least one byte');
  return bytes.map((v, i) => byteToFixed(checkByte(v, i), F));
}

/** ByteInputCommit(N, F, TAG): the fixed-point integers and the commitment to the bytes. */
export function byteInputCommit(bytes: readonly bigint[], F: number, tag: bigint): { out: bigint[]; commitment: bigint } {
  const out = byteInput(bytes, F);
  return { out, commitment: inputCommit(bytes, 0n, 255n, tag) };
}
