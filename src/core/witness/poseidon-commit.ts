/**
 * PoseidonCommit off-circuit: the same value `PoseidonCommit(N)` outputs, with poseidon-lite
 * (circomlib-compatible Poseidon over BN254, no Node APIs).
 *
 *   h_0 = N;  for each chunk of 15 consecutive elements (the last one may be shorter):
 *   h ← Poseidon_{1+|chunk|}(h, ...chunk);  commitment = the last h.
 */
import {
  poseidon2, poseidon3, poseidon4, poseidon5, poseidon6, poseidon7, poseidon8, poseidon9,
  poseidon10, poseidon11, poseidon12, poseidon13, poseidon14, poseidon15, poseidon16,
} from 'poseidon-lite';
import { toField } from '../field.js';
import { RangeError_ } from '../errors.js';

/** Elements absorbed per Poseidon call (the 16th input carries the chain value). */
export const COMMIT_CHUNK = 15;

const BY_ARITY: Record<number, (x: bigint[]) => bigint> = {
  2: poseidon2, 3: poseidon3, 4: poseidon4, 5: poseidon5, 6: poseidon6, 7: poseidon7, 8: poseidon8,
  9: poseidon9, 10: poseidon10, 11: poseidon11, 12: poseidon12, 13: poseidon13, 14: poseidon14,
  15: poseidon15, 16: poseidon16,
};

/**
 * Commitment to N ≥ 1 field elements (signed integers are taken modulo p). Returns the canonical
 * field element in [0, p).
 */
export function poseidonCommit(xs: readonly bigint[]): bigint {
  if (xs.length === 0) throw new RangeError_('poseidonCommit: needs at least one element');
  let h = BigInt(xs.length);
  for (let k = 0; k < xs.length; k += COMMIT_CHUNK) {
    const chunk = xs.slice(k, k + COMMIT_CHUNK).map(toField);
    h = BY_ARITY[chunk.length + 1]([h, ...chunk]);
  }
  return h;
}
