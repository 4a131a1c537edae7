/**
 * Is the input picture a share link shows the input the proof is about? A link's `meta.input` is for
 * display; with `meta.inputEncoding` (how the circuit quantized its input) a viewer can recompute the
 * circuit's integers from it and compare them with what the proof makes public:
 *
 * - a hashed input (`inputCommitment` signal): `PackedPoseidonCommit(N, bits)` of the integers, the same
 *   packing and Poseidon chain as the circuit (src/core/witness/packed-poseidon-commit.ts), must equal
 *   the public commitment;
 * - a public input (`in[i]` signals): every integer, as a field element, must equal its signal.
 *
 *   const b = inputBinding(meta, publicSignals);
 *   b.status === 'committed'   // "claimed input (bound by its commitment)"
 *
 * Quantization is the circuit's (src/core/witness/run.ts `quantizeInput`): the model saw
 * `v = data[i] * (scale ?? 1)`, the circuit holds `round(v · 2^fracBits)`, a signed `bits`-bit integer.
 *
 * What binding means: Poseidon is collision resistant, so a matching picture carries exactly the
 * integers the proof committed to — read with the link's stated encoding. The encoding is a claim of
 * the link (the circuit's scale is not readable from its key); the key's fingerprint is what ties the
 * link to a known circuit, and with it to its true encoding.
 */
import { packedPoseidonCommit } from '../witness/packed-poseidon-commit.js';
import { toField, inSignedRange } from '../field.js';

/** How the circuit quantized its input: `int = round(value · 2^fracBits)`, signed `bits`-bit. */
export interface ProofLinkInputEncoding {
  fracBits: number;
  bits: number;
}

/** Limits of an encoding a link may state (the transpiler's are far inside them). */
export const INPUT_ENCODING_LIMITS = Object.freeze({ maxFracBits: 64, minBits: 2, maxBits: 64 });

export type InputBindingStatus =
  /** the recomputed Poseidon commitment equals the public `inputCommitment` */
  | 'committed'
  /** every recomputed integer equals its public `in[i]` signal */
  | 'public'
  /** recomputed, and it does not match: the picture is not the proved input */
  | 'mismatch'
  /** no picture, no encoding, or no public signal to compare with */
  | 'unbound';

export interface InputBinding {
  status: InputBindingStatus;
  /** why it is `mismatch` or `unbound` */
  reason?: string;
}

/** The input values as the circuit's integers; throws a RangeError-like message if one does not fit. */
export function quantizeLinkInput(input: { data: readonly number[]; scale?: number }, enc: ProofLinkInputEncoding): bigint[] {
  const f = 2 ** enc.fracBits;
  const scale = input.scale ?? 1;
  return input.data.map((d, i) => {
    const v = d * scale;
    const x = Math.round(v * f);
    if (!Number.isSafeInteger(x)) throw new Error(`input value ${i} (${v}) is beyond exact integers at 2^-${enc.fracBits}`);
    const n = BigInt(x);
    if (!inSignedRange(n, enc.bits)) throw new Error(`input value ${i} (${v}) is ${n} at 2^-${enc.fracBits}, outside the signed ${enc.bits}-bit range`);
    return n;
  });
}

/**
 * Compares a link's input picture with the proof's public signals (names in the ZKML layout, see
 * `checkSignalLayout`). Pure; never throws.
 */
export function inputBinding(
  meta: { input?: { shape: number[]; data: number[]; scale?: number }; inputEncoding?: ProofLinkInputEncoding; publicSignalNames: readonly string[] },
  publicSignals: readonly string[],
): InputBinding {
  const { input, inputEncoding: enc, publicSignalNames: names } = meta;
  if (!input) return { status: 'unbound', reason: 'the link carries no input' };
  const commitAt = names.indexOf('inputCommitment');
  const inAt = names.indexOf('in[0]');
  if (commitAt < 0 && inAt < 0) return { status: 'unbound', reason: 'the proof makes neither the input nor its commitment public' };
  if (!enc) return { status: 'unbound', reason: 'the link does not say how the circuit quantized its input (meta.inputEncoding)' };
  let ints: bigint[];
  try {
    ints = quantizeLinkInput(input, enc);
  } catch (e) {
    return { status: 'mismatch', reason: `the link's input is not a circuit input: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (commitAt >= 0) {
    let c: bigint;
    try {
      c = packedPoseidonCommit(ints, enc.bits);
    } catch (e) {
      return { status: 'mismatch', reason: `the link's input cannot be committed: ${e instanceof Error ? e.message : String(e)}` };
    }
    return c.toString() === publicSignals[commitAt]
      ? { status: 'committed' }
      : { status: 'mismatch', reason: 'the commitment recomputed from the link\'s input is not the proved input commitment' };
  }
  const count = names.filter((n) => /^in\[\d+\]$/.test(n)).length;
  if (count !== ints.length) return { status: 'mismatch', reason: `the link's input has ${ints.length} values, the proof ${count} public input signals` };
  for (let i = 0; i < count; i++) {
    if (toField(ints[i]!).toString() !== publicSignals[inAt + i]) {
      return { status: 'mismatch', reason: `the link's input value ${i} is not the proved input signal in[${i}]` };
    }
  }
  return { status: 'public' };
}
