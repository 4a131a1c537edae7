/**
 * Every elliptic-curve point a share link carries, checked before any pairing: the verification key's
 * and the proof's G1/G2 points must have canonical coordinates (decimal strings below the base-field
 * modulus q), be in affine form or the identity, lie on BN254 (G1) or its twist (G2), and — for G2,
 * whose cofactor is not 1 — lie in the prime-order subgroup. BN254's G1 has cofactor 1, so a G1 point
 * on the curve is in the group.
 *
 *   const problem = await checkCurvePoints('groth16', vkey, proof);
 *   if (problem) show(`invalid: ${problem.message}`);   // e.g. "vk IC[3] is not on the curve"
 *
 * Why: snarkjs reads coordinates modulo q and checks neither the key's curve equation nor G2
 * subgroups, so a damaged key point may still "verify" (a corrupted IC point whose public signal is 0,
 * a coordinate written as x + q, a twist point outside the subgroup). The arithmetic is ffjavascript's
 * bn128 curve (the one snarkjs uses), never hand-rolled.
 */
import { buildBn128 } from 'ffjavascript';
import { ZkmlError } from '../errors.js';
import type { Scheme } from '../../zk/ptau.js';

/** The BN254 base-field modulus. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export type CurvePointProblemKind = 'missing' | 'malformed' | 'non-canonical' | 'not-affine' | 'identity' | 'not-on-curve' | 'not-in-subgroup';

/** A key or proof point is unusable. `details.point` names it ("vk IC[3]"), `details.problem` says why. */
export class CurvePointError extends ZkmlError {
  override name = 'CurvePointError';
  constructor(point: string, problem: CurvePointProblemKind, message: string) {
    super(message, { details: { point, problem } });
  }
  get point(): string { return this.details.point as string; }
  get problem(): CurvePointProblemKind { return this.details.problem as CurvePointProblemKind; }
}

type Group = 'G1' | 'G2';

/** One point to check: where it is, its group, and whether the identity is acceptable there. */
interface PointSpec { label: string; value: unknown; group: Group; identityAllowed: boolean }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The points of a key and a proof, by scheme (snarkjs's JSON layouts). Points a correct setup never
 * makes the identity (groth16's α, β, γ, δ; PLONK/FFLONK's X_2) must not be the identity: such a key
 * is degenerate. Other key points (an unused public signal's IC, a selector polynomial that is zero)
 * and proof points may legitimately be the identity.
 */
function pointsOf(scheme: Scheme, vkey: Record<string, unknown>, proof: Record<string, unknown>): PointSpec[] {
  const vk = (key: string, group: Group, identityAllowed = true): PointSpec =>
    ({ label: `vk ${key.replace(/^vk_/, '')}`, value: vkey[key], group, identityAllowed });
  const pr = (key: string, group: Group, from: Record<string, unknown> = proof, prefix = ''): PointSpec =>
    ({ label: `proof ${prefix}${key}`, value: from[key], group, identityAllowed: true });
  if (scheme === 'groth16') {
    const ic = vkey.IC;
    const ics: PointSpec[] = Array.isArray(ic)
      ? ic.map((p, i) => ({ label: `vk IC[${i}]`, value: p, group: 'G1', identityAllowed: true }))
      : [{ label: 'vk IC', value: ic === undefined ? undefined : 'not an array', group: 'G1', identityAllowed: true }];
    return [
      vk('vk_alpha_1', 'G1', false), vk('vk_beta_2', 'G2', false), vk('vk_gamma_2', 'G2', false), vk('vk_delta_2', 'G2', false),
      ...ics,
      pr('pi_a', 'G1'), pr('pi_b', 'G2'), pr('pi_c', 'G1'),
    ];
  }
  if (scheme === 'plonk') {
    return [
      ...['Qm', 'Ql', 'Qr', 'Qo', 'Qc', 'S1', 'S2', 'S3'].map((k) => vk(k, 'G1')), vk('X_2', 'G2', false),
      ...['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw'].map((k) => pr(k, 'G1')),
    ];
  }
  const pol = isObj(proof.polynomials) ? proof.polynomials : {};
  return [
    vk('C0', 'G1'), vk('X_2', 'G2', false),
    ...['C1', 'C2', 'W1', 'W2'].map((k) => pr(k, 'G1', pol, 'polynomials.')),
  ];
}

/** A canonical coordinate: a decimal string (no sign, no leading zeros, no exponent) below q. */
function coordinate(v: unknown, label: string, where: string): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(v)) {
    throw new CurvePointError(label, 'malformed', `${label} has a coordinate ${where} that is not a decimal number`);
  }
  const x = BigInt(v);
  if (x >= BN254_Q) throw new CurvePointError(label, 'non-canonical', `${label} has a non-canonical coordinate ${where} (not below the field modulus q)`);
  return x;
}

/** Parsed coordinates: G1 [x, y, z] or G2 [[x0, x1], [y0, y1], [z0, z1]], all canonical. */
function parse(spec: PointSpec): { coords: bigint[][]; identity: boolean } {
  const { label, value, group } = spec;
  if (value === undefined) throw new CurvePointError(label, 'missing', `${label} is missing`);
  if (group === 'G1') {
    if (!Array.isArray(value) || value.length !== 3) throw new CurvePointError(label, 'malformed', `${label} is not a G1 point [x, y, z]`);
    const [x, y, z] = value.map((c, i) => coordinate(c, label, `[${i}]`)) as [bigint, bigint, bigint];
    const identity = z === 0n;
    if (identity && !(x === 0n && y === 1n)) throw new CurvePointError(label, 'not-affine', `${label} has z = 0 but is not the identity [0, 1, 0]`);
    if (!identity && z !== 1n) throw new CurvePointError(label, 'not-affine', `${label} is not in affine form (z must be 1)`);
    return { coords: [[x], [y], [z]], identity };
  }
  if (!Array.isArray(value) || value.length !== 3) throw new CurvePointError(label, 'malformed', `${label} is not a G2 point [[x0, x1], [y0, y1], [z0, z1]]`);
  const coords = value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new CurvePointError(label, 'malformed', `${label}[${i}] is not a pair of Fq elements`);
    return pair.map((c, j) => coordinate(c, label, `[${i}][${j}]`));
  }) as [bigint[], bigint[], bigint[]];
  const [[x0, x1], [y0, y1], [z0, z1]] = coords as [[bigint, bigint], [bigint, bigint], [bigint, bigint]];
  const identity = z0 === 0n && z1 === 0n;
  if (identity && !(x0 === 0n && x1 === 0n && y0 === 1n && y1 === 0n)) {
    throw new CurvePointError(label, 'not-affine', `${label} has z = 0 but is not the identity [[0, 0], [1, 0], [0, 0]]`);
  }
  if (!identity && !(z0 === 1n && z1 === 0n)) throw new CurvePointError(label, 'not-affine', `${label} is not in affine form (z must be [1, 0])`);
  return { coords, identity };
}

/**
 * Throws `CurvePointError` naming the first unusable point of the key or the proof (in the order of
 * the scheme's JSON: key first), or resolves when all are fine. Structure beyond the points (field
 * elements, `nPublic`, …) is src/zk/verify.ts's business.
 */
export async function assertCurvePoints(scheme: Scheme, vkey: unknown, proof: unknown): Promise<void> {
  if (!isObj(vkey)) throw new CurvePointError('vk', 'malformed', 'the verification key is not an object');
  if (!isObj(proof)) throw new CurvePointError('proof', 'malformed', 'the proof is not an object');
  const specs = pointsOf(scheme, vkey, proof);
  // formats first: no curve needed to refuse garbage
  const parsed = specs.map((s) => ({ spec: s, ...parse(s) }));
  const curve = await buildBn128();
  for (const { spec, coords, identity } of parsed) {
    const { label, group, identityAllowed } = spec;
    if (identity) {
      if (!identityAllowed) throw new CurvePointError(label, 'identity', `${label} is the point at infinity (a degenerate key)`);
      continue;
    }
    const G = group === 'G1' ? curve.G1 : curve.G2;
    const obj = group === 'G1' ? coords.map((c) => c[0]!) : coords;
    const P = G.fromObject(obj);
    if (!G.isValid(P)) throw new CurvePointError(label, 'not-on-curve', `${label} is not on the curve`);
    if (group === 'G2' && !G.isZero(G.timesScalar(P, curve.r))) {
      throw new CurvePointError(label, 'not-in-subgroup', `${label} is not in the prime-order subgroup of G2`);
    }
  }
}

/** `assertCurvePoints` as a value: the problem, or undefined when every point is fine. Never throws. */
export async function checkCurvePoints(scheme: Scheme, vkey: unknown, proof: unknown): Promise<CurvePointError | undefined> {
  try {
    await assertCurvePoints(scheme, vkey, proof);
    return undefined;
  } catch (e) {
    if (e instanceof CurvePointError) return e;
    return new CurvePointError('vk', 'malformed', `the points could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}
