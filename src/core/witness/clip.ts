import { RangeError_ } from '../errors.js';

/**
 * Width of a sign test at threshold c that covers the whole signed B-bit range: the least n with
 * 2^(n-1) ≥ 2^(B-1) + |c| (B for c = 0, B + 1 for any other c in [-2^(B-1), 2^(B-1)]).
 */
export function clipWidth(bits: number, c: bigint): number {
  const a = c < 0n ? -c : c;
  let n = bits;
  while (1n << BigInt(n - 1) < (1n << BigInt(bits - 1)) + a) n++;
  return n;
}

/** Widths of Clip's two sign tests, [in ≥ LO] and [in ≥ HI + 1]. */
export function clipWidths(bits: number, lo: bigint, hi: bigint): { nLo: number; nHi: number } {
  return { nLo: clipWidth(bits, lo), nHi: clipWidth(bits, hi + 1n) };
}

/**
 * The integer interval [min, max] of inputs the circuit `Clip(B, LO, HI)` accepts: the
 * intersection of its two comparison windows. It always contains the signed B-bit range, and the
 * circuit's output is the exact clip on all of it.
 */
export function clipDomain(bits: number, lo: bigint | number, hi: bigint | number): { min: bigint; max: bigint } {
  const L = BigInt(lo), H = BigInt(hi);
  const { nLo, nHi } = clipWidths(bits, L, H);
  const wLo = 1n << BigInt(nLo - 1), wHi = 1n << BigInt(nHi - 1);
  const a = L - wLo > H + 1n - wHi ? L - wLo : H + 1n - wHi;
  const b = L + wLo < H + 1n + wHi ? L + wLo : H + 1n + wHi;
  return { min: a, max: b - 1n };
}

/**
 * min(max(x, lo), hi) for constants lo < hi (usually in the signed B-bit range, but not
 * necessarily). ReLU6 at scale 2^s is clip(x, B, 0, 6·2^s). Throws outside the circuit's
 * accepted domain (`clipDomain`, ⊇ signed B-bit).
 */
export function clip(x: bigint, bits: number, lo: bigint | number, hi: bigint | number): bigint {
  const L = BigInt(lo), H = BigInt(hi);
  if (L >= H) throw new RangeError_(`clip: need lo < hi (got ${L}, ${H})`);
  const d = clipDomain(bits, L, H);
  if (x < d.min || x > d.max) throw new RangeError_(`clip: ${x} is outside the accepted interval [${d.min}, ${d.max}] (⊇ signed ${bits}-bit)`);
  return x < L ? L : x > H ? H : x;
}

/** ReLU6 at scale 2^s: clip(x, 0, 6·2^s). */
export function relu6(x: bigint, bits: number, scaleShift: number): bigint {
  return clip(x, bits, 0n, 6n << BigInt(scaleShift));
}
