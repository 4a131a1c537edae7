/**
 * The Poseidon permutation over BN254 with circomlib's parameters, for any width t = 2..17, with a
 * free initial state (circomlib's `PoseidonEx(t − 1, nOuts)` returns its first nOuts lanes).
 * poseidon-lite only exposes the hash (lane 0 of the permutation of (0, inputs)); the Poseidon
 * cipher needs the whole state, with a capacity lane that is not 0 after the first call.
 *
 * The constants are not copied in: they are regenerated here, exactly as the Poseidon authors'
 * reference script `generate_parameters_grain.sage` (field 1 = prime, S-box 0 = x^5, n = 254 bits,
 * R_F = 8, R_P from circomlib's table) derives them with the Grain LFSR, the round constants first
 * (rejection sampling below p) and then the Cauchy MDS matrix M[i][j] = 1 / (x_i + y_j). The
 * tests check every width against poseidon-lite and circomlibjs, so a mistake here cannot pass.
 * Pure and isomorphic: plain bigints, no DOM, no Node APIs.
 */
import { P } from '../field.js';

/** circomlib's partial-round counts, by width t − 2. */
const R_P = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68] as const;
const R_F = 8;
const FIELD_BITS = 254;

function modP(x: bigint): bigint { const r = x % P; return r < 0n ? r + P : r; }

function powMod(b: bigint, e: bigint): bigint {
  let r = 1n; b = modP(b);
  while (e > 0n) { if (e & 1n) r = (r * b) % P; b = (b * b) % P; e >>= 1n; }
  return r;
}

/** The Grain LFSR of the Poseidon reference script, seeded with the instance parameters. */
function grain(t: number, rp: number): (bits: number) => bigint {
  const init: number[] = [];
  const push = (v: number, width: number) => { for (let i = width - 1; i >= 0; i--) init.push((v >> i) & 1); };
  push(1, 2);           // field: prime
  push(0, 4);           // S-box: x^alpha
  push(FIELD_BITS, 12); // n
  push(t, 12);
  push(R_F, 10);
  push(rp, 10);
  for (let i = 0; i < 30; i++) init.push(1);
  // 80-bit state as a ring buffer; s[k] is the k-th oldest bit
  const s = Uint8Array.from(init);
  let head = 0;
  const step = (): number => {
    const at = (k: number) => s[(head + k) % 80];
    const b = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
    s[head] = b; head = (head + 1) % 80;
    return b;
  };
  for (let i = 0; i < 160; i++) step();
  const nextBit = (): number => {
    // self-shrinking: a pair (b1, b2) outputs b2 when b1 = 1, and is discarded otherwise
    for (;;) {
      const b1 = step();
      const b2 = step();
      if (b1 === 1) return b2;
    }
  };
  return (bits: number) => {
    let x = 0n;
    for (let i = 0; i < bits; i++) x = (x << 1n) | BigInt(nextBit());
    return x;
  };
}

export interface PoseidonParams { t: number; roundsP: number; C: bigint[]; M: bigint[][] }

const cache = new Map<number, PoseidonParams>();

/** circomlib's Poseidon constants for width t (2..17), regenerated from the Grain LFSR. */
export function poseidonParams(t: number): PoseidonParams {
  if (!Number.isInteger(t) || t < 2 || t > 17) throw new RangeError(`Poseidon width t must be in [2, 17], got ${t}`);
  const hit = cache.get(t);
  if (hit) return hit;
  const roundsP = R_P[t - 2];
  const bits = grain(t, roundsP);
  const C: bigint[] = [];
  for (let i = 0; i < (R_F + roundsP) * t; i++) {
    let r = bits(FIELD_BITS);
    while (r >= P) r = bits(FIELD_BITS);
    C.push(r);
  }
  const xy: bigint[] = [];
  for (let i = 0; i < 2 * t; i++) xy.push(modP(bits(FIELD_BITS)));
  const M = Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => powMod(xy[i] + xy[t + j], P - 2n)));
  const params = { t, roundsP, C, M };
  cache.set(t, params);
  return params;
}

const pow5 = (x: bigint) => { const x2 = (x * x) % P; return (((x2 * x2) % P) * x) % P; };

/** The Poseidon permutation of `state` (t lanes, lane 0 the capacity) with circomlib's parameters. */
export function poseidonPermutation(state: readonly bigint[]): bigint[] {
  const t = state.length;
  const { roundsP, C, M } = poseidonParams(t);
  let s = state.map(modP);
  for (let r = 0; r < R_F + roundsP; r++) {
    for (let i = 0; i < t; i++) s[i] = (s[i] + C[r * t + i]) % P;
    const full = r < R_F / 2 || r >= R_F / 2 + roundsP;
    if (full) s = s.map(pow5); else s[0] = pow5(s[0]);
    const m: bigint[] = [];
    for (let i = 0; i < t; i++) {
      let acc = 0n;
      for (let j = 0; j < t; j++) acc += M[i][j] * s[j];
      m.push(acc % P);
    }
    s = m;
  }
  return s;
}
