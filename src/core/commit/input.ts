/**
 * The input commitment (docs/PROTOCOL.md §3), off-circuit, and the input descriptor it is tagged
 * with: how the circuit reads its input (shape, bit width, scale, interval). A share link carries
 * this descriptor; a viewer recomputes the tag from it, so the encoding it uses to re-quantize a
 * picture is the one the proof's commitment was made with, never free metadata.
 */
import { descriptorHash } from './tags.js';
import { inputCommit } from '../witness/input-commit.js';
import { type InputDescriptor } from './input-descriptor.js';

export { INPUT_KIND, InputDescriptorError, inputDescriptorOf, parseInputDescriptor, type InputDescriptor } from './input-descriptor.js';

/** inputTag = descriptorHash(descriptor). */
export function inputTag(d: InputDescriptor): bigint {
  return descriptorHash({ kind: d.kind, shape: d.shape, bits: d.bits, fracBits: d.fracBits, lo: d.lo, hi: d.hi });
}

/** The public `inputCommitment` of a hashed-input circuit for these input integers. */
export function inputCommitment(d: InputDescriptor, ints: readonly bigint[]): bigint {
  return inputCommit(ints, BigInt(d.lo), BigInt(d.hi), inputTag(d));
}
