/**
 * How a circuit reads its input (docs/PROTOCOL.md §3): shape, bit width, scale and the declared
 * interval. Light on purpose (no Poseidon, no hashing): share links and the studio's page read it;
 * ./input.ts tags and commits with it.
 */
import type { QGraph } from '../quantize/types.js';
import { ZkmlError } from '../errors.js';

export const INPUT_KIND = 'zkml/input/v1';

/** How a circuit reads its input: value ≈ int / 2^fracBits, int ∈ [lo, hi], signed `bits`-bit. */
export interface InputDescriptor {
  kind: typeof INPUT_KIND;
  shape: number[];
  bits: number;
  fracBits: number;
  /** the declared interval, in circuit integers (decimal strings) */
  lo: string;
  hi: string;
}

export class InputDescriptorError extends ZkmlError {
  override name = 'InputDescriptorError';
}

export function inputDescriptorOf(q: QGraph): InputDescriptor {
  const n = q.nodes.find((x) => x.kind === 'input');
  if (!n) throw new InputDescriptorError('the quantized model has no input node');
  return { kind: INPUT_KIND, shape: [...q.inputShape], bits: n.bits, fracBits: q.inputScale, lo: n.lo.toString(), hi: n.hi.toString() };
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
  return { kind: INPUT_KIND, shape: [...o!.shape!], bits: o!.bits!, fracBits: o!.fracBits!, lo: o!.lo!, hi: o!.hi! };
}
