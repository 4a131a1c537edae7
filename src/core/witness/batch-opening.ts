/**
 * BatchOpening off-circuit (docs/PROTOCOL.md §4, §6): checks that payload d is batch `batchIndex`
 * under `testRoot` and reads it as the model's inputs and labels, exactly as `BatchOpening(B, S, D, F)`
 * does; throws where the circuit's witness would be unsatisfiable.
 */
import { toField } from '../field.js';
import { RangeError_ } from '../errors.js';
import { batchLeaf } from './batch-leaf.js';
import { merklePathRoot } from './merkle-path.js';
import { bytesUnpack, ELEMENT_BYTES } from './bytes-unpack.js';
import { byteToFixed } from './byte-to-fixed.js';

/** m = 1 + ⌈(B·S + B) / 31⌉: the salt element, then the samples' bytes and the labels, zero-padded. */
export function testBatchElements(batch: number, sampleBytes: number): number {
  return 1 + Math.ceil((batch * sampleBytes + batch) / ELEMENT_BYTES);
}

export interface BatchOpeningParams { B: number; S: number; D: number; F: number }

export function batchOpening(
  d: readonly bigint[], batchIndex: bigint | number, siblings: readonly bigint[], testRoot: bigint, { B, S, D, F }: BatchOpeningParams,
): { x: bigint[][]; label: bigint[] } {
  const m = testBatchElements(B, S);
  if (d.length !== m) throw new RangeError_(`batchOpening: the payload has ${d.length} elements, expected ${m}`);
  if (siblings.length !== D) throw new RangeError_(`batchOpening: ${siblings.length} siblings for depth ${D}`);
  const root = merklePathRoot(batchLeaf(batchIndex, d), batchIndex, siblings);
  if (root !== toField(testRoot)) throw new RangeError_(`batchOpening: payload is not batch ${batchIndex} under the test root`);
  const { out } = bytesUnpack(d.slice(1));
  const data = B * S + B;
  if (out.slice(data).some((b) => b !== 0n)) throw new RangeError_('batchOpening: the padding bytes are not zero');
  return {
    x: Array.from({ length: B }, (_, b) => out.slice(b * S, (b + 1) * S).map((v) => byteToFixed(v, F))),
    label: out.slice(B * S, data),
  };
}
