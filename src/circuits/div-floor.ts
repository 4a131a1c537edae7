import { defineTemplate, checkBits } from './signature.js';
import { TemplateParamError } from '../core/errors.js';
import { MAX_RANGE_BITS } from '../core/field.js';

/** K = ceil(log2 D): the bit width of a remainder 0 ≤ r < D. */
export function divFloorBits(D: number | bigint): number {
  const d = BigInt(D);
  let k = 0;
  while (1n << BigInt(k) < d) k++;
  return k;
}

/** Cost of DivFloor(B, D): B + K when D = 2^K (one decomposition), else B + 2K (q, rem ≥ 0, rem < D). */
export function divFloorConstraints(B: number, D: number | bigint): number {
  const k = divFloorBits(D);
  return 1n << BigInt(k) === BigInt(D) ? B + k : B + 2 * k;
}

/** The checks of DivFloor(B, D) on a divisor, shared with the pooling templates that use it. */
export function checkDivisor(t: string, B: number, D: number | bigint, name = 'D'): void {
  const k = divFloorBits(D);
  if (B + k > MAX_RANGE_BITS) {
    throw new TemplateParamError(t, name, `is too large for B=${B}: needs B + ceil(log2 D) ≤ ${MAX_RANGE_BITS}`, D);
  }
}

export const DivFloor = defineTemplate<{ B: number; D: number | bigint }>({
  template: 'DivFloor',
  file: 'div-floor.circom',
  params: ['B', 'D'],
  validate({ B, D }) {
    if (typeof D === 'bigint' ? D < 1n : !Number.isSafeInteger(D) || D < 1) {
      throw new TemplateParamError('DivFloor', 'D', 'must be an integer ≥ 1', D);
    }
    checkBits('DivFloor', 'B', B, 1);
    checkDivisor('DivFloor', B, D);
  },
  constraints: ({ B, D }) => divFloorConstraints(B, D),
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
