/**
 * Is the input picture a share link shows the input the proof is about? A link's `meta.input` is for
 * display; with `meta.inputDescriptor` (how the circuit reads its input: shape, bit width, scale and
 * interval, docs/PROTOCOL.md §3) a viewer recomputes the circuit's integers from it and compares them
 * with what the proof makes public:
 *
 * - a hashed input (`inputCommitment` signal): `InputCommit` of the integers, tagged with the hash of
 *   the descriptor (src/core/commit/input.ts), must equal the public commitment. The tag is inside the
 *   commitment, so a descriptor other than the circuit's (another width, count, scale or interval: the
 *   "re-read the limbs as 160 values of 50 bits" attack) gives another commitment: the descriptor is
 *   checked by the proof itself, never taken from free metadata.
 * - a public input (`in[i]` signals): the picture's wires (its bytes for `encoding: "u8"`, else its
 *   integers) must equal the signals one by one, and every signal must lie in the descriptor's wire range
 *   (ZKML circuits check it; a link whose signals leave it is refused by `verifyProofLink`).
 *
 *   const b = inputBinding(meta, publicSignals);
 *   b.status === 'committed'   // "verified picture (bound by its commitment)"
 */
import { inputCommitment, type InputDescriptor } from '../commit/input.js';
import { isByteInput, wireRange, wireOfFloat, fixedOfWire, wireOfFixed } from '../commit/input-descriptor.js';
import { toField, fromField } from '../field.js';

export type { InputDescriptor };

export type InputBindingStatus =
  /** the recomputed tagged commitment equals the public `inputCommitment` */
  | 'committed'
  /** every recomputed integer equals its public `in[i]` signal */
  | 'public'
  /** recomputed, and it does not match: the picture is not the proved input */
  | 'mismatch'
  /** no picture, no descriptor, or no public signal to compare with */
  | 'unbound';

export interface InputBinding {
  status: InputBindingStatus;
  /** why it is `mismatch` or `unbound` */
  reason?: string;
}

const sameShape = (a: readonly number[], b: readonly number[]) => {
  const strip = (s: readonly number[]) => (s.length > 1 && s[s.length - 1] === 1 ? s.slice(0, -1) : s);
  const x = strip(a), y = strip(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * The input values as the model's fixed-point integers, read as the descriptor says (bytes:
 * v = round(255 · x), then round(v · 2^F / 255); interval: round(x · 2^F)); throws a message naming the
 * first value that does not fit.
 */
export function quantizeLinkInput(input: { data: readonly number[]; scale?: number }, d: InputDescriptor): bigint[] {
  const scale = input.scale ?? 1;
  const [lo, hi] = wireRange(d);
  const at = isByteInput(d) ? 'as a byte (value × 255)' : `at 2^-${d.fracBits}`;
  return input.data.map((v0, i) => {
    const v = v0 * scale;
    const w = wireOfFloat(d, v);
    if (w === undefined) {
      const r = Math.round(isByteInput(d) ? v * 255 : v * 2 ** d.fracBits);
      if (!Number.isSafeInteger(r)) throw new Error(`input value ${i} (${v}) is beyond exact integers ${at}`);
      throw new Error(`input value ${i} (${v}) is ${r} ${at}, outside the circuit's input range [${lo}, ${hi}]`);
    }
    return fixedOfWire(d, w);
  });
}

/** The first public `in[i]` signal outside the descriptor's wire range (bytes: [0, 255]; else [lo, hi]) (a problem), or undefined. */
export function publicInputOutOfRange(names: readonly string[], publicSignals: readonly string[], d: InputDescriptor): string | undefined {
  const [lo, hi] = wireRange(d);
  for (let i = 0; i < names.length; i++) {
    if (!/^in\[\d+\]$/.test(names[i]!)) continue;
    const x = fromField(BigInt(publicSignals[i]!));
    if (x < lo || x > hi) {
      return isByteInput(d)
        ? `public input ${names[i]} is ${x}, not a byte: the circuit reads its input as 8-bit values (byte / 255) in [0, 255]`
        : `public input ${names[i]} is ${x}, outside the circuit's declared input range [${lo}, ${hi}] (at 2^-${d.fracBits})`;
    }
  }
  return undefined;
}

/**
 * Compares a link's input picture with the proof's public signals (names in the ZKML layout, see
 * `checkSignalLayout`). Pure; never throws.
 */
export function inputBinding(
  meta: { input?: { shape: number[]; data: number[]; scale?: number }; inputDescriptor?: InputDescriptor; publicSignalNames: readonly string[]; inputCommitment?: string },
  publicSignals: readonly string[],
): InputBinding {
  const { input, inputDescriptor: d, publicSignalNames: names } = meta;
  if (!input) return { status: 'unbound', reason: 'the link carries no input' };
  const commitAt = names.indexOf('inputCommitment');
  // a folded claim (PROTOCOL §3a): the input commitment is the one the link shows, which
  // verifyProofLink has already checked against the proved claim
  const folded = names.includes('claim') && meta.inputCommitment !== undefined;
  const expected = folded ? meta.inputCommitment : commitAt >= 0 ? publicSignals[commitAt] : undefined;
  const inAt = names.indexOf('in[0]');
  if (expected === undefined && inAt < 0) return { status: 'unbound', reason: 'the proof makes neither the input nor its commitment public' };
  if (!d) return { status: 'unbound', reason: 'the link does not say how the circuit reads its input' };
  if (!sameShape(input.shape, d.shape)) {
    return { status: 'mismatch', reason: `the picture is ${input.shape.join('×')}, the circuit's input is ${d.shape.join('×')}` };
  }
  let ints: bigint[];
  try {
    ints = quantizeLinkInput(input, d);
  } catch (e) {
    return { status: 'mismatch', reason: `the picture is not an input of this circuit: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (expected !== undefined) {
    let c: bigint;
    try {
      c = inputCommitment(d, ints);
    } catch (e) {
      return { status: 'mismatch', reason: `the picture cannot be committed: ${e instanceof Error ? e.message : String(e)}` };
    }
    return c.toString() === expected
      ? { status: 'committed' }
      : { status: 'mismatch', reason: 'the picture, read as the link describes the circuit\'s input, does not give the proved input commitment' };
  }
  const count = names.filter((n) => /^in\[\d+\]$/.test(n)).length;
  if (count !== ints.length) return { status: 'mismatch', reason: `the picture has ${ints.length} values, the proof ${count} public inputs` };
  let wires: bigint[];
  try {
    wires = ints.map((x) => wireOfFixed(d, x));
  } catch (e) {
    return { status: 'mismatch', reason: `the picture is not an input of this circuit: ${e instanceof Error ? e.message : String(e)}` };
  }
  for (let i = 0; i < count; i++) {
    if (toField(wires[i]!).toString() !== publicSignals[inAt + i]) {
      return { status: 'mismatch', reason: `the picture's value ${i} is not the proved input in[${i}]` };
    }
  }
  return { status: 'public' };
}
