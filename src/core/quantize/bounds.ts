/** Worst-case integer bounds (interval arithmetic) and bit widths. */
export const bitsFor = (lo: bigint, hi: bigint): number => {
  // smallest B with -2^(B-1) ≤ lo and hi < 2^(B-1)
  let b = 1;
  while (lo < -(1n << BigInt(b - 1)) || hi >= (1n << BigInt(b - 1))) b++;
  return b;
};

export const absMax = (lo: bigint, hi: bigint): bigint => (-lo > hi ? -lo : hi);

export const min = (a: bigint, b: bigint) => (a < b ? a : b);
export const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** Bounds of w·x for x ∈ [lo, hi]. */
export function mulBounds(w: bigint, lo: bigint, hi: bigint): [bigint, bigint] {
  const a = w * lo, b = w * hi;
  return a < b ? [a, b] : [b, a];
}

/** Largest power-of-two exponent s with max|x|·2^s representable in `bits` signed bits (at most `cap`). */
export function bestScale(maxAbs: number, bits: number, cap = 30): number {
  if (!(maxAbs > 0)) return cap;
  const limit = 2 ** (bits - 1) - 1;
  let s = Math.floor(Math.log2(limit / maxAbs));
  while (Math.round(maxAbs * 2 ** s) > limit) s--;
  return Math.min(s, cap);
}

export function quantizeArray(data: ArrayLike<number>, scale: number): bigint[] {
  const f = 2 ** scale;
  return Array.from(data, (x) => BigInt(Math.round(x * f)));
}
