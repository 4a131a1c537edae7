import { RangeError_ } from '../errors.js';

/**
 * Keras Add of two tensors flattened to the same length: a + b elementwise. Both operands must be
 * at the same fixed-point scale; the result of two signed B-bit operands is signed (B+1)-bit.
 */
export function add(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  if (a.length !== b.length) throw new RangeError_(`add: operand lengths differ (${a.length} vs ${b.length})`);
  return a.map((x, i) => x + b[i]);
}
