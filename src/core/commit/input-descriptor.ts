/**
 * How a circuit reads its input (docs/PROTOCOL.md §3): shape, bit width, scale, the declared
 * interval and the encoding of the input wires. Light on purpose (no Poseidon, no hashing): share
 * links and the studio's page read it; ./input.ts tags and commits with it.
 *
 * Two encodings of the circuit's `in` wires:
 * - interval (no `encoding` field): each wire is the model's fixed-point integer round(x · 2^F) ∈ [lo, hi];
 * - `u8` (byte input): each wire is a byte v ∈ [0, 255], the value v / 255, and the model reads
 *   byteToFixed(v, F) = round(v · 2^F / 255). Chosen exactly when the declared range is [0, 1] and
 *   F ≡ 0 (mod 8), F ≥ 8 (`byteEncodable`): then the conversion is linear (v·q + bit7) and a value costs
 *   8 constraints instead of IntervalCheck(0, 2^F)'s F + 2; a picture (pixel / 255) gives exactly the
 *   same fixed-point integers as the interval encoding, so predictions do not change.
 */
import type { QGraph } from '../quantize/types.js';
import { ZkmlError } from '../errors.js';
import { byteToFixed } from '../witness/byte-to-fixed.js';
import { InputRangeError } from '../witness/errors.js';

export const INPUT_KIND = 'zkml/input/v1';

/** How a circuit reads its input: value ≈ int / 2^fracBits, int ∈ [lo, hi], signed `bits`-bit; with `encoding: 'u8'` the wires are bytes v (value v / 255, int = round(v · 2^fracBits / 255)). */
export interface InputDescriptor {
  kind: typeof INPUT_KIND;
  shape: number[];
  bits: number;
  fracBits: number;
  /** the declared interval, in circuit integers (decimal strings) */
  lo: string;
  hi: string;
  /** absent: the wires are the integers of [lo, hi] (interval encoding); 'u8': the wires are bytes, value = byte / 255 */
  encoding?: 'u8';
}

/** The byte-input rule: declared range [0, 1] (lo = 0, hi = 2^F) and F ≡ 0 (mod 8), 8 ≤ F ≤ 64. */
export function byteEncodable(lo: bigint, hi: bigint, fracBits: number): boolean {
  return Number.isInteger(fracBits) && fracBits >= 8 && fracBits <= 64 && fracBits % 8 === 0 && lo === 0n && hi === 1n << BigInt(fracBits);
}

export class InputDescriptorError extends ZkmlError {
  override name = 'InputDescriptorError';
}

export function inputDescriptorOf(q: QGraph): InputDescriptor {
  const n = q.nodes.find((x) => x.kind === 'input');
  if (!n) throw new InputDescriptorError('the quantized model has no input node');
  const u8 = byteEncodable(n.lo, n.hi, q.inputScale);
  return { kind: INPUT_KIND, shape: [...q.inputShape], bits: n.bits, fracBits: q.inputScale, lo: n.lo.toString(), hi: n.hi.toString(), ...(u8 ? { encoding: 'u8' as const } : {}) };
}

/** Does the circuit read its input as bytes? */
export const isByteInput = (d: Pick<InputDescriptor, 'encoding'>): boolean => d.encoding === 'u8';

/** The interval the circuit's `in` wires lie in: [0, 255] for bytes, else [lo, hi]. */
export function wireRange(d: InputDescriptor): [bigint, bigint] {
  return isByteInput(d) ? [0n, 255n] : [BigInt(d.lo), BigInt(d.hi)];
}

/** The range of the float inputs the descriptor takes, as written in messages: [lo/2^F, hi/2^F]. */
const floatRange = (d: InputDescriptor) => `[${Number(d.lo) / 2 ** d.fracBits}, ${Number(d.hi) / 2 ** d.fracBits}]`;

/**
 * A float input value as the circuit's wire: round(x · 255) for bytes, round(x · 2^F) otherwise;
 * `undefined` when it is outside the wire range (the caller words the error) or beyond exact integers.
 */
export function wireOfFloat(d: InputDescriptor, x: number): bigint | undefined {
  const r = Math.round(isByteInput(d) ? x * 255 : x * 2 ** d.fracBits);
  if (!Number.isSafeInteger(r)) return undefined;
  const w = BigInt(r);
  const [lo, hi] = wireRange(d);
  return w < lo || w > hi ? undefined : w;
}

/** The model's fixed-point integer of a wire: byteToFixed(v, F) for bytes, the wire itself otherwise. */
export function fixedOfWire(d: InputDescriptor, w: bigint): bigint {
  return isByteInput(d) ? byteToFixed(w, d.fracBits) : w;
}

/**
 * The wire of a model fixed-point integer: the byte v with byteToFixed(v, F) = x for bytes (the map
 * is injective for F ≥ 8), the integer itself otherwise. Throws InputRangeError when x is not the
 * integer of any byte (e.g. 128 at F = 8: 127/255 → 127, 128/255 → 129).
 */
export function wireOfFixed(d: InputDescriptor, x: bigint): bigint {
  if (!isByteInput(d)) return x;
  const q = ((1n << BigInt(d.fracBits)) - 1n) / 255n;
  const b7 = x > 128n * q ? 1n : 0n;
  const v = (x - b7) / q;
  if (x >= 0n && v >= 0n && v <= 255n && byteToFixed(v, d.fracBits) === x) return v;
  throw new InputRangeError(`the circuit reads its input as 8-bit values (byte / 255), and ${x} at 2^-${d.fracBits} is not the value of any byte in ${floatRange(d)}`, { details: { value: x.toString(), fracBits: d.fracBits } });
}


const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Parses a descriptor from untrusted JSON (a share link), naming the first problem. */
export function parseInputDescriptor(v: unknown): InputDescriptor {
  const fail = (m: string): never => { throw new InputDescriptorError(`the input description ${m}`, { details: { problem: m } }); };
  const o = v as Partial<InputDescriptor> | null;
  if (!o || typeof o !== 'object') fail('is not an object');
  if (o!.kind !== INPUT_KIND) fail(`is not a ${INPUT_KIND} description`);
  if (!Array.isArray(o!.shape) || o!.shape.length === 0 || o!.shape.length > 4 || !o!.shape.every((x) => isInt(x) && x >= 1 && x <= 4096)) fail('has a malformed shape');
  if (o!.shape!.reduce((a, b) => a * b, 1) > 1_000_000) fail('describes more than 1,000,000 values');
  if (!isInt(o!.bits) || o!.bits < 2 || o!.bits > 64) fail('has a bit width outside [2, 64]');
  if (!isInt(o!.fracBits) || o!.fracBits < 0 || o!.fracBits > 64) fail('has a scale outside 2^0..2^-64');
  // canonical decimal integers (no leading zeros, no "-0"): the descriptor is hashed as written
  const INT = /^(0|-?[1-9][0-9]{0,19})$/;
  if (typeof o!.lo !== 'string' || !INT.test(o!.lo) || typeof o!.hi !== 'string' || !INT.test(o!.hi)) fail('has a malformed interval (lo and hi are integers written as decimal strings)');
  if (BigInt(o!.lo!) >= BigInt(o!.hi!)) fail('has an empty interval');
  const h = 1n << BigInt(o!.bits! - 1);
  if (BigInt(o!.lo!) < -h || BigInt(o!.hi!) >= h) fail(`has an interval outside the signed ${o!.bits}-bit range`);
  // absent: the interval encoding (every descriptor written before byte inputs; its hash is unchanged)
  if (o!.encoding !== undefined && o!.encoding !== 'u8') fail('has an unknown encoding (only "u8", 8-bit values read as byte / 255, exists)');
  if (o!.encoding === 'u8' && !byteEncodable(BigInt(o!.lo!), BigInt(o!.hi!), o!.fracBits!)) fail('says "u8" (bytes read as byte / 255) for an input that is not the range [0, 1] at 2^-8, 2^-16, …');
  return { kind: INPUT_KIND, shape: [...o!.shape!], bits: o!.bits!, fracBits: o!.fracBits!, lo: o!.lo!, hi: o!.hi!, ...(o!.encoding === 'u8' ? { encoding: 'u8' as const } : {}) };
}
