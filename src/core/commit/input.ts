/**
 * The input commitment (docs/PROTOCOL.md §3), off-circuit, and the input descriptor it is tagged
 * with: how the circuit reads its input (shape, bit width, scale, interval). A share link carries
 * this descriptor; a viewer recomputes the tag from it, so the encoding it uses to re-quantize a
 * picture is the one the proof's commitment was made with, never free metadata.
 */
import { descriptorHash } from './tags.js';
import { inputCommit } from '../witness/input-commit.js';
import { type InputDescriptor, isByteInput, wireOfFixed } from './input-descriptor.js';

export { INPUT_KIND, InputDescriptorError, inputDescriptorOf, parseInputDescriptor, byteEncodable, isByteInput, wireRange, wireOfFloat, wireOfFixed, fixedOfWire, type InputDescriptor } from './input-descriptor.js';

/**
 * inputTag = descriptorHash(descriptor). The `encoding` key is hashed only when present ('u8'), so an
 * interval descriptor (every one written before byte inputs) keeps its tag.
 */
export function inputTag(d: InputDescriptor): bigint {
  return descriptorHash({ kind: d.kind, shape: d.shape, bits: d.bits, fracBits: d.fracBits, lo: d.lo, hi: d.hi, ...(isByteInput(d) ? { encoding: 'u8' } : {}) });
}

/**
 * The public `inputCommitment` of a hashed-input circuit for these input integers (the model's fixed
 * point, as quantizeInput gives them). Bytes (`encoding: 'u8'`) are committed as the bytes themselves,
 * 8-bit digits 31 per limb (the commitment of the picture's bytes); otherwise as int − lo in
 * bitlen(hi − lo)-bit digits.
 */
export function inputCommitment(d: InputDescriptor, ints: readonly bigint[]): bigint {
  if (isByteInput(d)) return inputCommit(ints.map((x) => wireOfFixed(d, x)), 0n, 255n, inputTag(d));
  return inputCommit(ints, BigInt(d.lo), BigInt(d.hi), inputTag(d));
}
