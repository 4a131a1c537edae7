/**
 * Proof verification that never crashes the caller. Isomorphic.
 *
 * Decision: `verify` returns a boolean and never throws — a tampered, truncated or garbage proof
 * (or public signals, or verification key) is simply not a valid proof, so it yields `false`.
 * `verifyDetailed` returns the same verdict with the reason, and `assertProofFormat` throws a
 * typed `ProofFormatError` (with a `details.path` such as `proof.pi_a[1]`) for callers that
 * want to reject malformed input before verifying.
 *
 * Checks made here before snarkjs sees anything, because snarkjs itself does not make them:
 * - the number of public signals equals `vkey.nPublic` (snarkjs's groth16 verifier silently
 *   uses however many it is given, and fflonk's crashes on a mismatch without a logger);
 * - every number is a canonical decimal string below its modulus (snarkjs reduces or misreads
 *   others, e.g. "0x…" or values ≥ p), points are affine (z = 1) or the identity;
 * - groth16's G2 point is on the curve and in the prime-order subgroup (snarkjs checks only
 *   the curve equation; BN254 G1 has cofactor 1, so G1 needs no extra check).
 */
import * as snarkjs from 'snarkjs';
import { buildBn128 } from 'ffjavascript';
import { ZkmlError } from '../core/errors.js';
import { type Scheme, SCHEMES } from './ptau.js';

export type { Scheme } from './ptau.js';

/** A proof, its public signals or the verification key is not well-formed. `details.path` locates it. */
export class ProofFormatError extends ZkmlError {
  override name = 'ProofFormatError';
  constructor(path: string, problem: string) {
    super(`malformed ${path}: ${problem}`, { details: { path } });
  }
}

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export interface VerifyOptions {
  scheme: Scheme;
  vkey: unknown;
  proof: unknown;
  publicSignals: unknown;
}

export interface VerifyOutcome {
  valid: boolean;
  /** Why the proof was rejected (absent when valid). */
  reason?: string;
  /** Set when the rejection is a format problem rather than a failed check. */
  error?: ProofFormatError;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: unknown, modulus: bigint, path: string): bigint {
  if (typeof v === 'bigint') {
    if (v < 0n || v >= modulus) throw new ProofFormatError(path, 'out of range');
    return v;
  }
  if (typeof v !== 'string') throw new ProofFormatError(path, `expected a decimal string, got ${Array.isArray(v) ? 'an array' : typeof v}`);
  if (!/^(0|[1-9][0-9]{0,77})$/.test(v)) throw new ProofFormatError(path, `not a canonical decimal number: ${JSON.stringify(v.slice(0, 40))}`);
  const x = BigInt(v);
  if (x >= modulus) throw new ProofFormatError(path, `not below the ${modulus === R ? 'scalar' : 'base'} field modulus`);
  return x;
}

function g1(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length !== 3) throw new ProofFormatError(path, 'expected a G1 point [x, y, z]');
  const [x, y, z] = v.map((c, i) => num(c, Q, `${path}[${i}]`));
  if (z === 1n) {
    if ((y * y - (x * x * x + 3n)) % Q !== 0n) throw new ProofFormatError(path, 'not on the curve');
  } else if (!(z === 0n && x === 0n && y === 1n)) {
    throw new ProofFormatError(path, 'not in affine form (z must be 1, or the identity [0, 1, 0])');
  }
}

function g2(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length !== 3) throw new ProofFormatError(path, 'expected a G2 point [[x0, x1], [y0, y1], [z0, z1]]');
  const c = v.map((e, i) => {
    if (!Array.isArray(e) || e.length !== 2) throw new ProofFormatError(`${path}[${i}]`, 'expected an Fq2 pair');
    return e.map((x, j) => num(x, Q, `${path}[${i}][${j}]`));
  });
  const [z0, z1] = c[2];
  const identity = z0 === 0n && z1 === 0n && c[0][0] === 0n && c[0][1] === 0n && c[1][0] === 1n && c[1][1] === 0n;
  if (!(z0 === 1n && z1 === 0n) && !identity) throw new ProofFormatError(path, 'not in affine form (z must be [1, 0])');
}

function fr(v: unknown, path: string): void { num(v, R, path); }

function field(o: Record<string, unknown>, key: string, path: string): unknown {
  if (!(key in o)) throw new ProofFormatError(`${path}.${key}`, 'missing');
  return o[key];
}

function protocolAndCurve(o: Record<string, unknown>, scheme: Scheme, path: string, required: boolean): void {
  if (required || 'protocol' in o) {
    if (o.protocol !== scheme) throw new ProofFormatError(`${path}.protocol`, `is ${JSON.stringify(o.protocol)}, expected "${scheme}"`);
  }
  if (required || 'curve' in o) {
    if (o.curve !== 'bn128') throw new ProofFormatError(`${path}.curve`, `is ${JSON.stringify(o.curve)}, expected "bn128"`);
  }
}

const PLONK_G1 = ['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw'] as const;
const PLONK_FR = ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw'] as const;
const FFLONK_G1 = ['C1', 'C2', 'W1', 'W2'] as const;
const FFLONK_FR = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w', 'inv'] as const;

/**
 * Throws `ProofFormatError` unless the verification key's header, the public signals and the
 * proof are well-formed for `scheme` (structure, canonical field elements, G1 points on the
 * curve). Says nothing about validity: a well-formed proof may still be false.
 */
export function assertProofFormat(scheme: Scheme, vkey: unknown, proof: unknown, publicSignals: unknown): void {
  if (!SCHEMES.includes(scheme)) throw new ProofFormatError('scheme', `unknown scheme ${JSON.stringify(scheme)}`);
  if (!isObj(vkey)) throw new ProofFormatError('vkey', 'expected an object');
  protocolAndCurve(vkey, scheme, 'vkey', true);
  const nPublic = vkey.nPublic;
  if (typeof nPublic !== 'number' || !Number.isInteger(nPublic) || nPublic < 0) throw new ProofFormatError('vkey.nPublic', 'expected a non-negative integer');

  if (!Array.isArray(publicSignals)) throw new ProofFormatError('publicSignals', 'expected an array');
  if (publicSignals.length !== nPublic) {
    throw new ProofFormatError('publicSignals', `has ${publicSignals.length} values, the verification key expects ${nPublic}`);
  }
  publicSignals.forEach((s, i) => fr(s, `publicSignals[${i}]`));

  if (!isObj(proof)) throw new ProofFormatError('proof', 'expected an object');
  protocolAndCurve(proof, scheme, 'proof', false);
  if (scheme === 'groth16') {
    g1(field(proof, 'pi_a', 'proof'), 'proof.pi_a');
    g2(field(proof, 'pi_b', 'proof'), 'proof.pi_b');
    g1(field(proof, 'pi_c', 'proof'), 'proof.pi_c');
  } else if (scheme === 'plonk') {
    for (const k of PLONK_G1) g1(field(proof, k, 'proof'), `proof.${k}`);
    for (const k of PLONK_FR) fr(field(proof, k, 'proof'), `proof.${k}`);
  } else {
    const pol = field(proof, 'polynomials', 'proof');
    const ev = field(proof, 'evaluations', 'proof');
    if (!isObj(pol)) throw new ProofFormatError('proof.polynomials', 'expected an object');
    if (!isObj(ev)) throw new ProofFormatError('proof.evaluations', 'expected an object');
    for (const k of FFLONK_G1) g1(field(pol, k, 'proof.polynomials'), `proof.polynomials.${k}`);
    for (const k of FFLONK_FR) fr(field(ev, k, 'proof.evaluations'), `proof.evaluations.${k}`);
    // snarkjs copies every key it finds into the proof; refuse extras so nothing unexpected reaches it.
    for (const k of Object.keys(pol)) if (!(FFLONK_G1 as readonly string[]).includes(k)) throw new ProofFormatError(`proof.polynomials.${k}`, 'unexpected');
    for (const k of Object.keys(ev)) if (!(FFLONK_FR as readonly string[]).includes(k)) throw new ProofFormatError(`proof.evaluations.${k}`, 'unexpected');
  }
}

/** groth16's pi_b must be on the twist and in the order-r subgroup (cofactor ≠ 1 on G2). */
async function g2InSubgroup(point: unknown): Promise<boolean> {
  const curve = await buildBn128();
  const P = curve.G2.fromObject((point as string[][]).map((c) => c.map((x) => BigInt(x))));
  if (!curve.G2.isValid(P)) return false;
  return curve.G2.isZero(curve.G2.timesScalar(P, curve.r));
}

/** Verifies, and says why a proof was rejected. Never throws. */
export async function verifyDetailed(opts: VerifyOptions): Promise<VerifyOutcome> {
  const { scheme, vkey, proof, publicSignals } = opts;
  try {
    assertProofFormat(scheme, vkey, proof, publicSignals);
  } catch (e) {
    if (e instanceof ProofFormatError) return { valid: false, reason: e.message, error: e };
    return { valid: false, reason: `unreadable input: ${e instanceof Error ? e.message : String(e)}` };
  }
  let lastError: string | undefined;
  const quiet: snarkjs.Logger = {
    debug() {}, info() {}, warn(...a) { lastError = a.map(String).join(' '); }, error(...a) { lastError = a.map(String).join(' '); },
  };
  try {
    if (scheme === 'groth16') {
      const pi_b = (proof as { pi_b: unknown }).pi_b;
      if (!(await g2InSubgroup(pi_b))) return { valid: false, reason: 'proof.pi_b is not in the G2 subgroup' };
    }
    const ok = await snarkjs[scheme].verify(vkey, publicSignals, proof, quiet);
    return ok === true ? { valid: true } : { valid: false, reason: lastError ?? 'the proof does not verify' };
  } catch (e) {
    return { valid: false, reason: `verification failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** true only for a well-formed proof that verifies against `vkey` and `publicSignals`. Never throws. */
export async function verify(opts: VerifyOptions): Promise<boolean> {
  return (await verifyDetailed(opts)).valid;
}
