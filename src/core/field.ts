/**
 * The BN254 scalar field that circom (bn128) and snarkjs use, and the mapping between
 * signed integers and field elements. Every integer reference in `src/core/witness`
 * works on plain signed `bigint`s; only the boundary to a witness goes through here.
 */
export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Largest bit width whose range checks cannot wrap: 2^252 < P/2, so B+1 ≤ 252 bits stay unique. */
export const MAX_RANGE_BITS = 252;

/** Reduce any integer into [0, P). */
export function mod(x: bigint): bigint {
  const r = x % P;
  return r < 0n ? r + P : r;
}

/** Signed integer → canonical field element. */
export const toField = mod;

/** Field element → signed integer in (-P/2, P/2]. */
export function fromField(x: bigint): bigint {
  const r = mod(x);
  return r > P / 2n ? r - P : r;
}

/** Floor division (towards −∞) for bigints; JS `/` truncates towards zero. */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('floorDiv: division by zero');
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Is x within the signed B-bit range [-2^(B-1), 2^(B-1))? */
export function inSignedRange(x: bigint, bits: number): boolean {
  const h = 1n << BigInt(bits - 1);
  return x >= -h && x < h;
}
