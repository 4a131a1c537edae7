/**
 * From the decrypted limbs back to the model's integers: the inverse of the packing in
 * src/core/witness/packed-poseidon-commit.ts (`packSigned`), and of the unpacked form (values as field
 * elements) that docs/PROTOCOL.md §2 uses when packing is not cheaper. Strict: every limb must be one
 * the packing can produce, so two limb vectors never unpack to the same values.
 */
import { cheapestCommit } from '../../circuits/packed-poseidon-commit.js';
import { valuesPerLimb } from '../witness/packed-poseidon-commit.js';
import { fromField, inSignedRange, P } from '../field.js';
import { HandoverDataError } from './errors.js';

/** Inverse of packSigned(values, bits) for n values: limb j holds values jK..jK+K−1 as base-2^bits digits offset by 2^(bits−1). */
export function unpackLimbs(limbs: readonly bigint[], n: number, bits: number): bigint[] {
  const k = valuesPerLimb(bits);
  if (!Number.isInteger(n) || n < 1) throw new HandoverDataError(`unpackLimbs: n must be an integer ≥ 1, got ${n}`);
  const m = Math.ceil(n / k);
  if (limbs.length !== m) throw new HandoverDataError(`${n} values of ${bits} bits take ${m} limbs, got ${limbs.length}`, { expected: m, got: limbs.length });
  const b = BigInt(bits), mask = (1n << b) - 1n, half = 1n << (b - 1n);
  const out: bigint[] = [];
  for (let j = 0; j < m; j++) {
    const digits = Math.min(k, n - j * k);
    let limb = limbs[j];
    if (limb < 0n || limb >= 1n << (b * BigInt(digits))) throw new HandoverDataError(`limb ${j} is not ${digits} digits of ${bits} bits`, { limb: j });
    for (let t = 0; t < digits; t++) { out.push((limb & mask) - half); limb >>= b; }
  }
  return out;
}

/** Limbs per parameter group, as §2 commits it: packed when cheaper (ceil(n / floor(253/bits))), otherwise one per value. */
export function groupLimbCount(n: number, bits: number): number {
  if (n === 0) return 0;
  return cheapestCommit(n, bits).template === 'PackedPoseidonCommit' ? Math.ceil(n / valuesPerLimb(bits)) : n;
}

/** The values of one parameter group from its limbs, packed or not as §2 decides for (n, bits). */
export function groupValues(limbs: readonly bigint[], n: number, bits: number): bigint[] {
  if (n === 0) {
    if (limbs.length) throw new HandoverDataError(`an empty group has no limbs, got ${limbs.length}`);
    return [];
  }
  if (cheapestCommit(n, bits).template === 'PackedPoseidonCommit') return unpackLimbs(limbs, n, bits);
  if (limbs.length !== n) throw new HandoverDataError(`${n} unpacked values take ${n} limbs, got ${limbs.length}`, { expected: n, got: limbs.length });
  return limbs.map((x, i) => {
    const v = fromField(x);
    if (x < 0n || x >= P || !inSignedRange(v, bits)) throw new HandoverDataError(`value ${i} is not a signed ${bits}-bit integer`, { index: i });
    return v;
  });
}

export interface ParamShape { nWeights: number; weightBits: number; nBiases: number; biasBits: number }

/** (L_W, L_B) of the Handover circuit for a model's parameter shape (plan.nWeights, weightBits, nBiases, biasBits). */
export function handoverLimbCounts(s: ParamShape): { lw: number; lb: number } {
  return { lw: groupLimbCount(s.nWeights, s.weightBits), lb: groupLimbCount(s.nBiases, s.biasBits) };
}

/** Split decrypted model limbs (weights then biases) and unpack both groups. */
export function unpackModel(modelLimbs: readonly bigint[], s: ParamShape): { weights: bigint[]; biases: bigint[] } {
  const { lw, lb } = handoverLimbCounts(s);
  if (modelLimbs.length !== lw + lb) throw new HandoverDataError(`the model takes ${lw} + ${lb} limbs, got ${modelLimbs.length}`, { expected: lw + lb, got: modelLimbs.length });
  return {
    weights: groupValues(modelLimbs.slice(0, lw), s.nWeights, s.weightBits),
    biases: groupValues(modelLimbs.slice(lw), s.nBiases, s.biasBits),
  };
}
