/**
 * DEVELOPMENT Groth16 setup, computed directly from the PUBLIC development secret. NOT FOR VALUE.
 *
 * `devGroth16Setup(r1cs)` returns the `.zkey` that
 *
 *     snarkjs zkey new <r1cs> pot<p>_dev.ptau k0.zkey
 *     snarkjs zkey beacon k0.zkey k1.zkey "<DEV_BEACON_NAME>" <DEV_BEACON_HASH> 10
 *
 * write for the development ptau of `dev-ptau.ts` (p = the smallest power that fits, or
 * `opts.power`), byte for byte, without the ptau (`contribution: false`: newZKey's output alone). newZKey evaluates every wire's QAP polynomials
 * at tau "in the exponent": sparse multi-exponentiations over the ptau's Lagrange points, minutes
 * at 2^17. The dev ptau's tau, alpha and beta are public (`devPtauSecret`), so here the same values
 * are computed in Fr and each point is one fixed-base comb multiplication (dev-ptau-comb.ts):
 *
 *   L_c = L_c(τ), the Lagrange basis of the domain 2^k at τ (`Fr.ifft` of τ^0..τ^(2^k−1), the same
 *         map the ptau's section 12 is made with; rows c = constraints, then one per public signal
 *         and the constant "1", as snarkjs appends them to A);
 *   A_j = Σ a_cj L_c,  B_j = Σ b_cj L_c,  C_j = Σ c_cj L_c over the r1cs coefficients;
 *   IC_j (public j, γ = 1) and C-section_j (private j, before the beacon’s δ^-1) = β·A_j + α·B_j + C_j;
 *   H_i = the Lagrange basis of the domain 2^(k+1) at τ, odd rows (what newZKey copies from the
 *         ptau; when the ptau's power is k, that domain was built with τ^(2^(k+1)−1) set to 0).
 *
 * The circuit hash (section 10) hashes, like newZKey, the points τ^i(τ^n − 1)·G1 that it forms from
 * the ptau's section 2, including newZKey's quirk of reading one point past that section when
 * n > 2^14 and the ptau's power is k (the bytes there are the next section's header and the start
 * of τ^0·G2; they are reproduced exactly).
 *
 * The beacon contribution: zkey beacon derives δ from the public beacon hash (2^10 SHA-256, ChaCha20,
 * `Fr.fromRng`, then g1_s = `G1.fromRng`), sets δ1 = δ·G1, δ2 = δ·G2 and multiplies every C and H
 * point by δ^-1. Here δ^-1 goes into those points' scalars before the comb multiplication, so the
 * contribution costs no point work beyond the C points at δ = 1, which the circuit hash (computed
 * before the contribution, as newZKey does) still needs. Section 10 then holds that hash and one
 * record: deltaAfter = δ1, g1_s, g1_sx = δ·g1_s, g2_spx = δ·hashToG2(transcript), the transcript
 * BLAKE2b(csHash ‖ g1_s ‖ g1_sx), type 1, and the name / numIterationsExp / beaconHash parameters.
 * With δ ≠ γ an on-chain registry accepts the key; but δ is public like τ, α, β: NOT FOR VALUE.
 *
 * Sections, in file order: newZKey writes 1 header, 2 Groth16 header (α1, β1, β2, γ2 = G2, δ1, δ2),
 * 4 coefficients (A and B entries, value·R² mod r), 3 IC, 9 H, 8 C, 5 A, 6 B1, 7 B2 (affine points,
 * little-endian Montgomery; the point at infinity is all zeros), 10 the circuit hash and the
 * contributions; zkey beacon rewrites them in the order 1..10. The key passes `snarkjs zkey verify`
 * against the dev ptau, and, as everything from the dev ptau, anyone can forge proofs for it.
 * Isomorphic: no Node API.
 */
import { ZkmlError } from '../core/errors.js';
import { Blake2b512, blake2b512 } from './dev-ptau-blake2b.js';
import { DEV_PTAU_MAX_POWER, DEV_PTAU_SEED, beaconRng, chachaFromHash, devPtauSecret } from './dev-ptau.js';
import { readR1csHeader, R1csFormatError, type R1csHeader } from './r1cs.js';
import { requiredPower } from './ptau.js';
import { type Buf, type Curve, type GroupName, type MulJob, type CombTables, GROUPS, buildCombCurve, buildCombTables, fixedBaseMul } from './dev-ptau-comb.js';

/** How a development setup is labelled wherever it is shown or recorded. */
export const DEV_SETUP_LABEL = 'development setup with a public beacon — not for value (computed from the public dev-ptau secret)';

/**
 * The public beacon of the development phase-2 contribution: SHA-256 of the UTF-8 text
 * "ZKML development beacon — public, not for value" (hex). `snarkjs zkey beacon` with this hash,
 * `DEV_BEACON_ITERATIONS_EXP` and `DEV_BEACON_NAME` on the newZKey output gives the same file as
 * `devGroth16Setup`. δ is derived from it, so δ is public too: a development key stays NOT FOR VALUE.
 */
export const DEV_BEACON_HASH = '6e8e098cb3a96568fb50ec80480cde4afa2a40e24cfb9fa25c4e5f17296e4352';
/** The text whose SHA-256 is `DEV_BEACON_HASH`. */
export const DEV_BEACON_TEXT = 'ZKML development beacon — public, not for value';
/** snarkjs beacon iteration exponent (the beacon hash is hashed 2^10 times; snarkjs's minimum). */
export const DEV_BEACON_ITERATIONS_EXP = 10;
/** Name of the beacon contribution stored in section 10 (snarkjs prints it in `zkey verify`). */
export const DEV_BEACON_NAME = 'ZKML development beacon - public, not for value';

/** A development setup was refused: malformed r1cs, unsupported curve or power. `details.reason` says which. */
export class DevSetupError extends ZkmlError {
  override name = 'DevSetupError';
}

export interface DevSetupOptions {
  /** Seed of the development ptau (default `DEV_PTAU_SEED`). */
  seed?: string;
  /** Progress messages. */
  log?: (m: string) => void;
  /**
   * Power of the development ptau the key must equal a newZKey of (default: the smallest that
   * fits, `requiredPower('groth16', …)`). A larger power changes the H section.
   */
  power?: number;
  /**
   * Add the public beacon phase-2 contribution (default true): the key `snarkjs zkey beacon` writes
   * from the newZKey output with `DEV_BEACON_HASH`, `DEV_BEACON_ITERATIONS_EXP` and
   * `DEV_BEACON_NAME`, so δ ≠ γ. `false` gives the newZKey bytes (δ = γ = the G2 generator), which
   * an on-chain registry rightly refuses.
   */
  contribution?: boolean;
}

const BN128_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const BN128_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** Montgomery R = 2^256 mod r, and R² mod r (newZKey stores coefficients as value·R² mod r). */
const R_MOD = (1n << 256n) % BN128_R;
const R2_MOD = (R_MOD * R_MOD) % BN128_R;
/** newZKey hashes the H points in chunks of 2^14 (see `hashedHPoints`). */
const H_HASH_CHUNK = 1 << 14;

// ---------------------------------------------------------------------------------------------
// r1cs reading (bounds-checked; only what the setup needs).

export interface R1csShape {
  nWires: number;
  nPublic: number;
  nConstraints: number;
  /** Offset and size of the constraints section. */
  constraints: { offset: number; size: number };
}

function bad(message: string, details: Record<string, unknown> = {}): never {
  throw new DevSetupError(`not a usable r1cs: ${message}`, { details: { reason: 'r1cs', ...details } });
}

/** Reads and checks the r1cs header (`readR1csHeader`; bn128 only) and locates its constraints. */
export function readR1csShape(bytes: Uint8Array): R1csShape {
  let h: R1csHeader;
  try {
    h = readR1csHeader(bytes);
  } catch (e) {
    if (e instanceof R1csFormatError) bad(e.message);
    throw e;
  }
  if (h.prime !== BN128_R) {
    const { prime, n8 } = h;
    const curve = prime === BN128_Q ? 'bn128 base field' : n8 === 32 && prime === 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n ? 'bls12-381' : `prime ${prime}`;
    throw new DevSetupError(`the development setup supports bn128 circuits only; this r1cs is over ${curve}`, { details: { reason: 'curve', prime: prime.toString() } });
  }
  const cs = h.sections.get(2)!;
  return { nWires: h.nWires, nPublic: h.nPubOut + h.nPubIn, nConstraints: h.nConstraints, constraints: { offset: cs.start, size: cs.size } };
}

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(hex.match(/[\da-f]{2}/gi)!.map((x) => parseInt(x, 16)));
}

function modPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b %= BN128_R;
  for (; e > 0n; e >>= 1n, b = (b * b) % BN128_R) if (e & 1n) r = (r * b) % BN128_R;
  return r;
}

/** The circuit power newZKey uses: the smallest k with 2^k > constraints + public signals (`requiredPower('groth16', …)`). */
export function devSetupPower(shape: Pick<R1csShape, 'nConstraints' | 'nPublic'>): number {
  return requiredPower('groth16', shape.nConstraints, shape.nPublic);
}

// ---------------------------------------------------------------------------------------------
// Field helpers (bigint, mod r) and byte conversions.

function leBigint(b: Uint8Array, off: number): bigint {
  const dv = new DataView(b.buffer, b.byteOffset + off, 32);
  return dv.getBigUint64(0, true) | (dv.getBigUint64(8, true) << 64n) | (dv.getBigUint64(16, true) << 128n) | (dv.getBigUint64(24, true) << 192n);
}

function putLE(out: Uint8Array, off: number, v: bigint): void {
  const dv = new DataView(out.buffer, out.byteOffset + off, 32);
  const m = (1n << 64n) - 1n;
  dv.setBigUint64(0, v & m, true);
  dv.setBigUint64(8, (v >> 64n) & m, true);
  dv.setBigUint64(16, (v >> 128n) & m, true);
  dv.setBigUint64(24, v >> 192n, true);
}

/** Montgomery form (x·2^256 mod r) as ffjavascript's Fr stores it. */
function toMont(x: bigint): Buf {
  const b = new Uint8Array(32);
  putLE(b, 0, (((x % BN128_R) + BN128_R) % BN128_R * R_MOD) % BN128_R);
  return b;
}

// ---------------------------------------------------------------------------------------------

/**
 * The development Groth16 proving key for `r1cs` (see the file comment): byte-identical to
 * `snarkjs.zKey.newZKey(r1cs, makeDevPtau(power, { seed }))` followed by `zKey.beacon(…,
 * DEV_BEACON_NAME, DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP)` (newZKey's alone with
 * `contribution: false`). Throws `DevSetupError` for a
 * malformed r1cs (`details.reason: 'r1cs'`), another curve (`'curve'`) or a power that is too
 * small or beyond the development ptau (`'power'`).
 */
export async function devGroth16Setup(r1cs: Uint8Array, opts: DevSetupOptions = {}): Promise<Uint8Array> {
  const shape = readR1csShape(r1cs);
  const { nWires, nPublic, nConstraints } = shape;
  const k = devSetupPower(shape);
  if (k > DEV_PTAU_MAX_POWER) {
    throw new DevSetupError(`${nConstraints} constraints + ${nPublic} public signals need a ptau of power ${k}; the development ptau stops at ${DEV_PTAU_MAX_POWER}`, { details: { reason: 'power', needed: k, max: DEV_PTAU_MAX_POWER } });
  }
  const power = opts.power ?? k;
  if (!Number.isInteger(power) || power < k || power > DEV_PTAU_MAX_POWER) {
    throw new DevSetupError(`the development ptau power must be an integer in ${k}..${DEV_PTAU_MAX_POWER} for this circuit (it needs ${k}), got ${power}`, { details: { reason: 'power', needed: k, power, max: DEV_PTAU_MAX_POWER } });
  }
  const log = opts.log;
  const t0 = Date.now();
  const step = (m: string): void => log?.(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);
  const n = 2 ** k;
  const nRows = nConstraints + nPublic + 1; // ≤ n
  const { tau, alpha, beta } = await devPtauSecret(opts.seed ?? DEV_PTAU_SEED);
  const contribute = opts.contribution ?? true;
  const beaconHash = hexBytes(DEV_BEACON_HASH);
  const rng = contribute ? await beaconRng(beaconHash, DEV_BEACON_ITERATIONS_EXP) : undefined;

  // ---- The r1cs coefficients: one pass to check the structure and count, one to evaluate.
  step(`r1cs: ${nConstraints} constraints, ${nWires} wires, ${nPublic} public; domain 2^${k}, ptau power ${power}`);
  const cs = shape.constraints;
  const rdv = new DataView(r1cs.buffer, r1cs.byteOffset, r1cs.byteLength);
  let nCoefs = nPublic + 1;
  {
    let p = cs.offset;
    const end = cs.offset + cs.size;
    for (let c = 0; c < nConstraints; c++) {
      for (let m = 0; m < 3; m++) {
        if (p + 4 > end) bad(`constraints section truncated at constraint ${c}`, { constraint: c });
        const nt = rdv.getUint32(p, true);
        p += 4;
        if (nt > (end - p) / 36) bad(`constraints section truncated at constraint ${c}`, { constraint: c });
        for (let t = 0; t < nt; t++, p += 36) {
          const w = rdv.getUint32(p, true);
          if (w >= nWires) bad(`constraint ${c} uses wire ${w}, the circuit has ${nWires}`, { constraint: c, wire: w });
        }
        if (m < 2) nCoefs += nt;
      }
    }
    if (p !== end) bad(`${end - p} stray bytes after the last constraint`);
  }

  const curve = await buildCombCurve();
  try {
    const { Fr } = curve;
    // ---- The beacon's key (snarkjs zkey beacon): δ = Fr.fromRng, then g1_s = G1.fromRng.
    const prvKey = rng ? Fr.fromRng(rng) : Fr.one;
    const g1s = rng ? curve.G1.toAffine(curve.G1.fromRng(rng)) : undefined;
    const delta = Fr.toObject(prvKey);
    const deltaInv = modPow(delta, BN128_R - 2n);
    // ---- Exponents: tau^i and the Lagrange bases of the domains 2^k and 2^(k+1) at tau.
    step('Lagrange bases');
    const ones = new Uint8Array(2 * n * 32);
    for (let i = 0; i < 2 * n; i++) ones.set(Fr.one, i * 32);
    const powers = await Fr.batchApplyKey(ones, Fr.one, toMont(tau)); // tau^0 .. tau^(2n-1)
    const lagStd = await Fr.batchFromMontgomery(await Fr.ifft(powers.slice(0, n * 32)));
    const dbl = powers.slice();
    if (power === k) dbl.fill(0, (2 * n - 1) * 32); // the ptau's section 2 stops at tau^(2n-2)
    const dblStd = await Fr.batchFromMontgomery(await Fr.ifft(dbl));
    const hScalars = new Uint8Array(n * 32);
    for (let i = 0; i < n; i++) hScalars.set(dblStd.subarray((2 * i + 1) * 32, (2 * i + 2) * 32), i * 32);
    // zkey beacon multiplies every H point by δ^-1; here its scalar is (the circuit hash uses other points).
    if (contribute) for (let i = 0; i < n; i++) putLE(hScalars, i * 32, (leBigint(hScalars, i * 32) * deltaInv) % BN128_R);

    // ---- The hashed H points (see `hashedHPoints`).
    const { nNormal, pastEnd } = hashedHPoints(n, power === k);
    const tauN = (leBigint(await Fr.batchFromMontgomery(powers.slice(n * 32, (n + 1) * 32)), 0) + BN128_R - 1n) % BN128_R;
    const hHashScalars = await Fr.batchFromMontgomery(await Fr.batchApplyKey(ones.slice(0, nNormal * 32), toMont(tauN), toMont(tau)));

    // ---- The comb tables, built in the curve's workers while this thread evaluates the QAP. The
    // point counts are those of the jobs below: α, β, IC + C (one per wire), H, A, B1, the hashed H
    // points (+ τ^(n−1)) in G1; β and B2 in G2.
    const nPrivate = nWires - nPublic - 1;
    const tables: Promise<CombTables> = buildCombTables(curve, { G1: 2 + nWires + n + 2 * nWires + nNormal + (pastEnd ? 1 : 0) + (contribute ? nPrivate : 0), G2: 1 + nWires }, (m) => step(m));
    tables.catch(() => undefined); // awaited by fixedBaseMul; a failure before then must not go unhandled
    const L: bigint[] = new Array(nRows);
    for (let c = 0; c < nRows; c++) L[c] = leBigint(lagStd, c * 32);

    // ---- QAP values per wire, and the coefficients section.
    step('QAP evaluation');
    const A: bigint[] = new Array(nWires).fill(0n);
    const B: bigint[] = new Array(nWires).fill(0n);
    const C: bigint[] = new Array(nWires).fill(0n);
    const coefs = new Uint8Array(4 + nCoefs * 44);
    const cdv = new DataView(coefs.buffer);
    cdv.setUint32(0, nCoefs, true);
    let q = 4;
    const coefCache = new Map<bigint, bigint>(); // most coefficients repeat (±1, powers of two)
    const pushCoef = (m: number, c: number, w: number, v: bigint): void => {
      cdv.setUint32(q, m, true);
      cdv.setUint32(q + 4, c, true);
      cdv.setUint32(q + 8, w, true);
      let r = coefCache.get(v);
      if (r === undefined) {
        r = (v * R2_MOD) % BN128_R;
        if (coefCache.size < 4096) coefCache.set(v, r);
      }
      putLE(coefs, q + 12, r);
      q += 44;
    };
    let p = cs.offset;
    for (let c = 0; c < nConstraints; c++) {
      const lc = L[c]!;
      for (let m = 0; m < 3; m++) {
        const acc = m === 0 ? A : m === 1 ? B : C;
        const nt = rdv.getUint32(p, true);
        p += 4;
        for (let t = 0; t < nt; t++, p += 36) {
          const w = rdv.getUint32(p, true);
          const v = leBigint(r1cs, p + 4);
          if (v >= BN128_R) bad(`constraint ${c} has a coefficient ≥ the field size`, { constraint: c, wire: w });
          acc[w] = acc[w]! + v * lc;
          if (m < 2) pushCoef(m, c, w, v);
        }
      }
    }
    for (let s = 0; s <= nPublic; s++) {
      A[s] = A[s]! + L[nConstraints + s]!;
      pushCoef(0, nConstraints + s, s, 1n);
    }
    const aScalars = new Uint8Array(nWires * 32);
    const bScalars = new Uint8Array(nWires * 32);
    const icScalars = new Uint8Array(nWires * 32);
    // The C section's scalars: δ^-1·(βA + αB + C) with the contribution (zkey beacon's δ^-1 on it);
    // the circuit hash is over the δ = 1 points (icScalars), computed apart for it.
    const cScalars = contribute ? new Uint8Array(nPrivate * 32) : icScalars.subarray((nPublic + 1) * 32);
    for (let w = 0; w < nWires; w++) {
      const a = A[w]! % BN128_R;
      const b = B[w]! % BN128_R;
      putLE(aScalars, w * 32, a);
      putLE(bScalars, w * 32, b);
      const l = (beta * a + alpha * b + C[w]!) % BN128_R;
      putLE(icScalars, w * 32, l);
      if (contribute && w > nPublic) putLE(cScalars, (w - nPublic - 1) * 32, (l * deltaInv) % BN128_R);
    }

    // ---- File layout: newZKey's section order, or zkey beacon's (1..10) with its contribution record.
    const sG1 = 64;
    const sG2 = 128;
    const nameBytes = new TextEncoder().encode(DEV_BEACON_NAME);
    const params = [1, nameBytes.length, ...nameBytes, 2, DEV_BEACON_ITERATIONS_EXP, 3, beaconHash.length, ...beaconHash];
    const recordSize = 3 * sG1 + sG2 + 64 + 4 + 4 + params.length;
    const sizeOf: Record<number, number> = {
      1: 4, 2: 4 + 32 + 4 + 32 + 4 + 4 + 4 + 3 * sG1 + 3 * sG2, 3: (nPublic + 1) * sG1, 4: coefs.length,
      5: nWires * sG1, 6: nWires * sG1, 7: nWires * sG2, 8: nPrivate * sG1, 9: n * sG1, 10: 64 + 4 + (contribute ? recordSize : 0),
    };
    const order = contribute ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2, 4, 3, 9, 8, 5, 6, 7, 10];
    const sizes: [number, number][] = order.map((id) => [id, sizeOf[id]!]);
    const at: Record<number, number> = {};
    let total = 12;
    for (const [id, size] of sizes) { at[id] = total + 12; total += 12 + size; }
    const file = new Uint8Array(total);
    const fdv = new DataView(file.buffer);
    file.set([0x7a, 0x6b, 0x65, 0x79]); // "zkey"
    fdv.setUint32(4, 1, true);
    fdv.setUint32(8, sizes.length, true);
    for (const [id, size] of sizes) {
      fdv.setUint32(at[id]! - 12, id, true);
      fdv.setBigUint64(at[id]! - 8, BigInt(size), true);
    }
    fdv.setUint32(at[1]!, 1, true); // Groth16
    let h = at[2]!;
    fdv.setUint32(h, 32, true); putLE(file, h + 4, curve.q);
    fdv.setUint32(h + 36, 32, true); putLE(file, h + 40, curve.r);
    fdv.setUint32(h + 72, nWires, true);
    fdv.setUint32(h + 76, nPublic, true);
    fdv.setUint32(h + 80, n, true);
    h += 84;
    file.set(coefs, at[4]!);

    // ---- Points.
    step('fixed-base multiplications');
    const hHash = new Uint8Array(nNormal * sG1 + sG1); // + tau^(n-1)·G1 for the point past the end
    const cHash = contribute ? new Uint8Array(nPrivate * sG1) : undefined; // the δ = 1 C points
    const std = (x: bigint): Buf => { const b = new Uint8Array(32); putLE(b, 0, x); return b; };
    const jobs: MulJob[] = [
      { gName: 'G1', label: 'alpha', scalars: std(alpha), out: file, outOffset: h },
      { gName: 'G1', label: 'beta', scalars: std(beta), out: file, outOffset: h + sG1 },
      { gName: 'G2', label: 'beta', scalars: std(beta), out: file, outOffset: h + 2 * sG1 },
      { gName: 'G1', label: 'IC', scalars: icScalars.subarray(0, (nPublic + 1) * 32), out: file, outOffset: at[3]! },
      { gName: 'G1', label: 'H', scalars: hScalars, out: file, outOffset: at[9]! },
      { gName: 'G1', label: 'C', scalars: cScalars, out: file, outOffset: at[8]! },
      { gName: 'G1', label: 'A', scalars: aScalars, out: file, outOffset: at[5]! },
      { gName: 'G1', label: 'B1', scalars: bScalars, out: file, outOffset: at[6]! },
      { gName: 'G2', label: 'B2', scalars: bScalars, out: file, outOffset: at[7]! },
      { gName: 'G1', label: 'H hash', scalars: hHashScalars, out: hHash, outOffset: 0 },
    ];
    if (cHash) jobs.push({ gName: 'G1', label: 'C hash', scalars: icScalars.subarray((nPublic + 1) * 32), out: cHash, outOffset: 0 });
    if (pastEnd) {
      const tauN1 = await Fr.batchFromMontgomery(powers.slice((n - 1) * 32, n * 32));
      jobs.push({ gName: 'G1', label: 'tau^(n-1)', scalars: tauN1, out: hHash, outOffset: nNormal * sG1 });
    }
    await fixedBaseMul(curve, jobs.filter((j) => j.scalars.length > 0), (m) => step(m), tables);
    // gamma2 = G2, delta1 = G1, delta2 = G2 (the generators, LEM; δ is set after the circuit hash).
    curve.G2.toRprLEM(file, h + 2 * sG1 + sG2, curve.G2.g);
    curve.G1.toRprLEM(file, h + 2 * sG1 + 2 * sG2, curve.G1.g);
    curve.G2.toRprLEM(file, h + 3 * sG1 + 2 * sG2, curve.G2.g);

    // ---- Circuit hash, over the uncompressed points in newZKey's order.
    step('circuit hash');
    const hasher = new Blake2b512();
    const u32 = (v: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, false); return b; };
    const hashPoints = async (g: GroupName, bytes: Uint8Array): Promise<void> => {
      const s = GROUPS[g].n8 * 2;
      const chunk = Math.floor((1 << 22) / s) * s;
      for (let i = 0; i < bytes.length; i += chunk) hasher.update(await curve[g].batchLEMtoU(bytes.slice(i, Math.min(bytes.length, i + chunk))));
    };
    const section = (id: number, size: number): Uint8Array => file.subarray(at[id]!, at[id]! + size);
    await hashPoints('G1', file.subarray(h, h + 2 * sG1)); // alpha1, beta1
    await hashPoints('G2', file.subarray(h + 2 * sG1, h + 2 * sG1 + sG2)); // beta2
    await hashPoints('G2', file.subarray(h + 2 * sG1 + sG2, h + 2 * sG1 + 2 * sG2)); // gamma2
    await hashPoints('G1', file.subarray(h + 2 * sG1 + 2 * sG2, h + 3 * sG1 + 2 * sG2)); // delta1
    await hashPoints('G2', file.subarray(h + 3 * sG1 + 2 * sG2, h + 3 * sG1 + 3 * sG2)); // delta2
    hasher.update(u32(nPublic + 1));
    await hashPoints('G1', section(3, (nPublic + 1) * sG1));
    hasher.update(u32(n - 1));
    await hashPoints('G1', hHash.subarray(0, nNormal * sG1));
    if (pastEnd) hasher.update(await pointPastSection2(curve, power, hHash.slice(nNormal * sG1)));
    hasher.update(u32(nWires - nPublic - 1));
    await hashPoints('G1', cHash ?? section(8, nPrivate * sG1));
    hasher.update(u32(nWires));
    await hashPoints('G1', section(5, nWires * sG1));
    hasher.update(u32(nWires));
    await hashPoints('G1', section(6, nWires * sG1));
    hasher.update(u32(nWires));
    await hashPoints('G2', section(7, nWires * sG2));
    const csHash = hasher.digest();
    file.set(csHash, at[10]!); // then 0 contributions (u32 0), or the beacon's:
    if (contribute) {
      // zkey beacon: δ1 = δ·G1 and δ2 = δ·G2 in the header; one contribution record (deltaAfter,
      // g1_s, g1_sx, g2_spx, transcript, type 1, params name / numIterationsExp / beaconHash).
      step('beacon contribution');
      const { G1, G2 } = curve;
      const delta1 = G1.timesFr(G1.g, prvKey);
      G1.toRprLEM(file, h + 2 * sG1 + 2 * sG2, delta1);
      G2.toRprLEM(file, h + 3 * sG1 + 2 * sG2, G2.timesFr(G2.g, prvKey));
      const g1sx = G1.toAffine(G1.timesFr(g1s!, prvKey));
      const transcript = blake2b512(csHash, G1.toUncompressed(g1s!), G1.toUncompressed(g1sx));
      const g2spx = G2.toAffine(G2.timesFr(G2.fromRng(chachaFromHash(transcript)), prvKey));
      let r = at[10]! + 64;
      fdv.setUint32(r, 1, true);
      r += 4;
      G1.toRprLEM(file, r, delta1);
      G1.toRprLEM(file, r + sG1, g1s!);
      G1.toRprLEM(file, r + 2 * sG1, g1sx);
      G2.toRprLEM(file, r + 3 * sG1, g2spx);
      r += 3 * sG1 + sG2;
      file.set(transcript, r);
      fdv.setUint32(r + 64, 1, true); // type 1: beacon
      fdv.setUint32(r + 68, params.length, true);
      file.set(params, r + 72);
    }
    step(`done: ${file.length} bytes`);
    return file;
  } finally {
    await curve.tm.terminate();
  }
}

/**
 * Which H points newZKey hashes: `hashHPoints` walks i = 0..n−2 in chunks of 2^14 but always takes
 * min(n − 1, 2^14) points per chunk, so for n > 2^14 it hashes n points, the last one formed from
 * section 2's point 2n − 1 — past the end of that section when the ptau's power is k.
 */
function hashedHPoints(n: number, ptauPowerIsK: boolean): { nNormal: number; pastEnd: boolean } {
  const hashed = Math.ceil((n - 1) / H_HASH_CHUNK) * Math.min(n - 1, H_HASH_CHUNK);
  const pastEnd = hashed === n && ptauPowerIsK;
  return { nNormal: pastEnd ? n - 1 : hashed, pastEnd };
}

/**
 * newZKey's last hashed H point when it reads past section 2 of a power-k ptau: `g1m_subAffine` of
 * the 64 bytes after that section (section 3's id and size, then the first 52 bytes of τ^0·G2 in
 * LEM) and τ^(n−1)·G1, made affine and uncompressed as snarkjs does, in the same WASM.
 */
async function pointPastSection2(curve: Curve, power: number, tauN1: Uint8Array): Promise<Uint8Array> {
  const after = new Uint8Array(64);
  const dv = new DataView(after.buffer);
  dv.setUint32(0, 3, true);
  dv.setBigUint64(4, BigInt(2 ** power * 128), true);
  const g2 = new Uint8Array(128);
  curve.G2.toRprLEM(g2, 0, curve.G2.g);
  after.set(g2.subarray(0, 52), 12);
  const [u] = await curve.tm.queueAction([
    { cmd: 'ALLOCSET', var: 0, buff: after },
    { cmd: 'ALLOCSET', var: 1, buff: tauN1 },
    { cmd: 'ALLOC', var: 2, len: 96 },
    { cmd: 'CALL', fnName: 'g1m_subAffine', params: [{ var: 0 }, { var: 1 }, { var: 2 }] },
    { cmd: 'CALL', fnName: 'g1m_batchToAffine', params: [{ var: 2 }, { val: 1 }, { var: 2 }] },
    { cmd: 'CALL', fnName: 'g1m_batchLEMtoU', params: [{ var: 2 }, { val: 1 }, { var: 2 }] },
    { cmd: 'GET', out: 0, var: 2, len: 64 },
  ]);
  return u!;
}
