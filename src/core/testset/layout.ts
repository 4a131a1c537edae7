/**
 * Byte layout of a test-set batch (docs/PROTOCOL.md §4):
 *   P_k = salt_k (31 bytes) ‖ x_{kB} ‖ … ‖ x_{kB+B−1} (B·S bytes) ‖ y_{kB} … y_{kB+B−1} (B bytes) ‖ zeros,
 * padded to m = 1 + ⌈(B·S + B) / 31⌉ elements of 31 bytes; element j is the big-endian unsigned
 * integer of bytes [31j, 31j + 31), so element 0 is the salt.
 */
import { ELEMENT_BYTES } from '../witness/bytes-unpack.js';
import { testBatchElements } from '../witness/batch-opening.js';
import { TestSetError } from './errors.js';

export { ELEMENT_BYTES, testBatchElements };

/** Bytes of a salt: one whole element. */
export const SALT_BYTES = ELEMENT_BYTES;

/** Big-endian 31-byte chunks of `bytes` (whose length must be a multiple of 31) as field elements. */
export function bytesToElements(bytes: Uint8Array): bigint[] {
  if (bytes.length % ELEMENT_BYTES !== 0) {
    throw new TestSetError('calldata', `${bytes.length} bytes are not a whole number of 31-byte elements`, { length: bytes.length });
  }
  const out: bigint[] = [];
  for (let j = 0; j < bytes.length; j += ELEMENT_BYTES) {
    let x = 0n;
    for (let u = 0; u < ELEMENT_BYTES; u++) x = (x << 8n) | BigInt(bytes[j + u]);
    out.push(x);
  }
  return out;
}

/** The inverse of bytesToElements: each element (< 2^248) as 31 big-endian bytes. */
export function elementsToBytes(elements: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(elements.length * ELEMENT_BYTES);
  elements.forEach((x, j) => {
    if (x < 0n || x >= 1n << 248n) throw new TestSetError('calldata', `element ${j} is not a 31-byte unsigned integer`, { element: j });
    for (let u = ELEMENT_BYTES - 1, v = x; u >= 0; u--, v >>= 8n) out[j * ELEMENT_BYTES + u] = Number(v & 0xffn);
  });
  return out;
}

/** The padded payload P_k of one batch: salt ‖ samples ‖ labels ‖ zeros (31·m bytes). */
export function batchPayload(salt: Uint8Array, samples: readonly Uint8Array[], labels: readonly number[]): Uint8Array {
  if (salt.length !== SALT_BYTES) throw new TestSetError('salt', `a salt must be ${SALT_BYTES} bytes, got ${salt.length}`, { length: salt.length });
  if (samples.length !== labels.length) {
    throw new TestSetError('count', `${samples.length} samples but ${labels.length} labels`, { samples: samples.length, labels: labels.length });
  }
  const b = samples.length;
  const s = b ? samples[0].length : 0;
  const out = new Uint8Array(ELEMENT_BYTES * testBatchElements(b, s));
  out.set(salt, 0);
  samples.forEach((x, i) => {
    if (x.length !== s) throw new TestSetError('sample-size', `sample ${i} has ${x.length} bytes, expected ${s}`, { sample: i, length: x.length, expected: s });
    out.set(x, SALT_BYTES + i * s);
  });
  labels.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y > 255) throw new TestSetError('label', `label ${i} (${y}) is not a byte`, { sample: i, label: y });
    out[SALT_BYTES + b * s + i] = y;
  });
  return out;
}
