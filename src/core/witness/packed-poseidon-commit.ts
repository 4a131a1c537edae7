/**
 * PackedPoseidonCommit off-circuit: N signed B-bit integers, offset by 2^(B−1) into [0, 2^B),
 * packed K = floor(253 / B) per field element (little-endian base 2^B digits), then
 * PoseidonCommit over the limbs. Identical to `PackedPoseidonCommit(N, B)`.
 */
import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';
import { poseidonCommit } from './poseidon-commit.js';

/** Bits a limb may hold: 2^253 < p, so K·B ≤ 253 digits never wrap. */
export const LIMB_BITS = 253;

/** Values packed per limb for bit width B. */
export function valuesPerLimb(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 251) throw new RangeError_(`valuesPerLimb: bit width ${bits} is outside [1, 251]`);
  return Math.floor(LIMB_BITS / bits);
}

/** The limbs the circuit hashes: limb[j] = Σ_t (w[jK+t] + 2^(B−1)) · 2^(B·t). Throws if a value is not B-bit. */
export function packSigned(ws: readonly bigint[], bits: number): bigint[] {
  const k = valuesPerLimb(bits);
  const half = 1n << BigInt(bits - 1);
  const limbs: bigint[] = [];
  ws.forEach((w, i) => {
    if (!inSignedRange(w, bits)) throw new RangeError_(`packSigned: ${w} is outside the signed ${bits}-bit range`);
    const j = Math.floor(i / k);
    limbs[j] = (limbs[j] ?? 0n) + ((w + half) << BigInt(bits * (i % k)));
  });
  return limbs;
}

/** Commitment to N ≥ 1 signed B-bit integers. */
export function packedPoseidonCommit(ws: readonly bigint[], bits: number): bigint {
  if (ws.length === 0) throw new RangeError_('packedPoseidonCommit: needs at least one value');
  return poseidonCommit(packSigned(ws, bits));
}
