import { floorDiv } from '../field.js';
import { RangeError_ } from '../errors.js';

const bitlen = (x: bigint): number => { let n = 0; while ((1n << BigInt(n)) <= x) n++; return n; };

/**
 * The constants of `HardSigmoid(B, S)` (computed exactly as in hard-sigmoid.circom):
 *  - T, M: floor(N·M / 2^T) = floor(N / 6) for 0 ≤ N < 6·2^S, with M = ceil(2^T / 6) and T the
 *    smallest shift > S such that (6·2^S − 1)·(6M − 2^T) < 2^T;
 *  - n1: width of the decomposition of N·M (N = in + 3·2^S + 3) covering every signed B-bit in;
 *  - sat, nUp: inputs ≥ sat = 3·2^S − 3 give 2^S; the saturation test is a Num2Bits(nUp) with
 *    2^(nUp−1) ≥ 2^(B−1) + sat (nUp = B + 1 whenever S ≤ B − 3).
 */
export function hardSigmoidConstants(bits: number, shift: number): { T: number; M: bigint; n1: number; nUp: number; sat: bigint; offset: bigint } {
  const s = 1n << BigInt(shift);
  let T = shift + 1;
  const mOf = (t: number) => ((1n << BigInt(t)) + 5n) / 6n;
  while ((6n * s - 1n) * (6n * mOf(T) - (1n << BigInt(T))) >= 1n << BigInt(T)) T++;
  const M = mOf(T);
  const offset = 3n * s + 3n;
  const wMax = ((1n << BigInt(bits - 1)) - 1n + offset) * M;
  const sat = 3n * s - 3n;
  let nUp = bits;
  while (1n << BigInt(nUp - 1) < (1n << BigInt(bits - 1)) + sat) nUp++;
  return { T, M, n1: bitlen(wMax) + 1, nUp, sat, offset };
}

/**
 * The integer interval [min, max] of inputs the circuit accepts: the intersection of the windows
 * of its two decompositions. It always contains the signed B-bit range; the output is exact on it.
 */
export function hardSigmoidDomain(bits: number, shift: number): { min: bigint; max: bigint } {
  const { M, n1, nUp, sat, offset } = hardSigmoidConstants(bits, shift);
  const w = 1n << BigInt(n1 - 1);
  const b = 1n << BigInt(nUp - 1);
  const loN = -(w / M), hiN = (w - 1n) / M; // N·M ∈ [-w, w)
  const min = sat - b > loN - offset ? sat - b : loN - offset;
  const max = sat + b - 1n < hiN - offset ? sat + b - 1n : hiN - offset;
  return { min, max };
}

/**
 * Keras 3 hard_sigmoid(x) = relu6(x + 3)/6 = clip(x/6 + 1/2, 0, 1) in fixed point at scale 2^S,
 * rounded half up: clip(floor((x + 3·2^S + 3) / 6), 0, 2^S) = round_half_up(2^S·hard_sigmoid(x/2^S)).
 * Output in [0, 2^S] at scale 2^S. Throws outside the circuit's accepted interval (⊇ signed B-bit).
 */
export function hardSigmoid(x: bigint, bits: number, shift: number): bigint {
  const d = hardSigmoidDomain(bits, shift);
  if (x < d.min || x > d.max) {
    throw new RangeError_(`hardSigmoid: ${x} is outside the accepted interval [${d.min}, ${d.max}] (⊇ signed ${bits}-bit)`);
  }
  const one = 1n << BigInt(shift);
  const q = floorDiv(x + 3n * one + 3n, 6n);
  return q < 0n ? 0n : q > one ? one : q;
}

/** The same value computed the circuit's way (multiply by M, shift by T, clip), for the tests. */
export function hardSigmoidMulShift(x: bigint, bits: number, shift: number): bigint {
  const { T, M, sat, offset } = hardSigmoidConstants(bits, shift);
  const one = 1n << BigInt(shift);
  if (x >= sat) return one;
  const q = floorDiv((x + offset) * M, 1n << BigInt(T));
  return q < 0n ? 0n : q;
}

