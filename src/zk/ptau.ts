/**
 * Powers of Tau files (snarkjs `.ptau`): a header reader that validates the section table, the
 * exact ptau power each proving scheme needs for a circuit, and the public Hermez ceremony
 * files a user can bring. Isomorphic: bytes in, no Node APIs.
 *
 * File layout (iden3 binfile, type "ptau", version 1): magic, version u32, nSections u32, then
 * per section `id u32, size u64, data`. Section 1 is the header (n8 u32, q, power u32,
 * ceremonyPower u32); 2–6 hold tau·G1 (2^(p+1)−1 points), tau·G2, alpha·tau·G1, beta·tau·G1
 * (2^p points each) and beta·G2; 7 the contribution records; 12–15 (written by `powersoftau
 * prepare phase2`) the Lagrange-basis points every setup reads.
 */
import { ZkmlError } from '../core/errors.js';
import type { R1cs, LinearCombination } from './r1cs.js';

export type Scheme = 'groth16' | 'plonk' | 'fflonk';
export const SCHEMES: readonly Scheme[] = ['groth16', 'plonk', 'fflonk'];

/** A ptau file that is malformed, truncated, for another curve, or too small for a circuit. */
export class PtauError extends ZkmlError {
  override name = 'PtauError';
}

const BN128_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const BLS12381_Q = BigInt('0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab');
/** bn128's Fr has 2-adicity 28: no FFT domain (so no ptau power) beyond 2^28. */
export const MAX_PTAU_POWER = 28;
/**
 * Largest development ptau (and development Groth16 setup) power: the last Lagrange domain is
 * 2^(power+1) ≤ 2^28. Here, with no curve code, so the UI can use it without loading dev-ptau.ts.
 */
export const DEV_PTAU_MAX_POWER = MAX_PTAU_POWER - 1;

export interface PtauSection { id: number; offset: number; size: number }

export interface PtauContribution {
  name?: string;
  /** A beacon (public randomness, `type 1`) rather than a secret contribution. */
  beacon: boolean;
}

export interface PtauHeader {
  curve: 'bn128' | 'bls12381';
  /** Powers of tau this file holds: circuits up to about 2^power constraints. */
  power: number;
  /** Power of the ceremony it was truncated from (28 for the Hermez files). */
  ceremonyPower: number;
  /** Contribution records in section 7 (a beacon counts as one), when the section is present. */
  nContributions?: number;
  /** The contributions' names and kinds, when section 7 parses cleanly. */
  contributions?: PtauContribution[];
  /** Sections 12–15 present (prepared for phase 2); every snarkjs setup needs them. */
  hasLagrange: boolean;
  sections: PtauSection[];
}

function u64(dv: DataView, off: number): number {
  const v = dv.getBigUint64(off, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
  return Number(v);
}

/**
 * Reads and validates a ptau file's header and section table. Throws `PtauError` for a file
 * that is not a ptau, is truncated, has sections whose sizes do not match its power, or is for
 * an unknown curve. `bytes` must be the whole file.
 */
export function readPtauHeader(bytes: Uint8Array): PtauHeader {
  const fail = (msg: string, details: Record<string, unknown> = {}): never => {
    throw new PtauError(`not a usable ptau file: ${msg}`, { details });
  };
  if (bytes.byteLength < 12) fail(`only ${bytes.byteLength} bytes`, { size: bytes.byteLength });
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== 'ptau') fail(`magic is "${magic.replace(/[^\x20-\x7e]/g, '?')}", expected "ptau"`, { magic });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== 1) fail(`unsupported ptau version ${version}`, { version });
  const nSections = dv.getUint32(8, true);
  if (nSections < 1 || nSections > 64) fail(`implausible section count ${nSections}`, { nSections });

  const sections: PtauSection[] = [];
  let off = 12;
  for (let i = 0; i < nSections; i++) {
    if (off + 12 > bytes.byteLength) fail(`truncated: section table entry ${i} of ${nSections} is past the end (${bytes.byteLength} bytes)`, { size: bytes.byteLength });
    const id = dv.getUint32(off, true);
    const size = u64(dv, off + 4);
    const start = off + 12;
    if (start + size > bytes.byteLength) {
      fail(`truncated: section ${id} claims ${size} bytes at offset ${start}, the file has ${bytes.byteLength}`, { section: id, size: bytes.byteLength });
    }
    sections.push({ id, offset: start, size });
    off = start + size;
  }
  if (off !== bytes.byteLength) fail(`${bytes.byteLength - off} trailing bytes after the last section`);

  const byId = new Map<number, PtauSection[]>();
  for (const s of sections) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  for (const [id, list] of byId) if (list.length > 1) fail(`section ${id} appears ${list.length} times`);
  const h = byId.get(1)?.[0];
  if (!h) fail('no header section');
  const head = h!;
  if (head.size < 4) fail('header section too short');
  const n8 = dv.getUint32(head.offset, true);
  if (head.size !== 4 + n8 + 8) fail(`header section is ${head.size} bytes, expected ${4 + n8 + 8}`);
  let q = 0n;
  for (let i = n8 - 1; i >= 0; i--) q = (q << 8n) | BigInt(bytes[head.offset + 4 + i]);
  const curve = q === BN128_Q ? 'bn128' : q === BLS12381_Q ? 'bls12381' : undefined;
  if (!curve) fail(`unknown curve (base field modulus ${q})`);
  const power = dv.getUint32(head.offset + 4 + n8, true);
  const ceremonyPower = dv.getUint32(head.offset + 8 + n8, true);
  if (power < 1 || power > MAX_PTAU_POWER) fail(`power ${power} out of range 1..${MAX_PTAU_POWER}`);
  if (ceremonyPower < power) fail(`ceremony power ${ceremonyPower} below power ${power}`);

  // Section sizes follow from the power (uncompressed affine points, LE Montgomery).
  const sG1 = 2 * n8;
  const sG2 = 4 * n8;
  const N = 2 ** power;
  const expected: Record<number, number> = {
    2: (2 * N - 1) * sG1, 3: N * sG2, 4: N * sG1, 5: N * sG1, 6: sG2,
    // prepare phase2: Lagrange bases for every domain 2^0..2^power, plus 2^(power+1) for tau·G1.
    12: (4 * N - 1) * sG1, 13: (2 * N - 1) * sG2, 14: (2 * N - 1) * sG1, 15: (2 * N - 1) * sG1,
  };
  for (const id of [2, 3, 4, 5, 6]) if (!byId.has(id)) fail(`section ${id} missing`);
  for (const [id, size] of Object.entries(expected)) {
    const s = byId.get(Number(id))?.[0];
    if (s && s.size !== size) fail(`section ${id} is ${s.size} bytes, power ${power} needs ${size}`, { section: Number(id), power });
  }
  const lag = [12, 13, 14, 15].filter((id) => byId.has(id));
  if (lag.length !== 0 && lag.length !== 4) fail(`only Lagrange sections ${lag.join(', ')} present`);

  const c = byId.get(7)?.[0];
  const nContributions = c && c.size >= 4 ? dv.getUint32(c.offset, true) : undefined;
  const contributions = c && nContributions !== undefined ? readContributions(bytes, dv, c, nContributions, n8) : undefined;
  return { curve: curve!, power, ceremonyPower, nContributions, contributions, hasLagrange: lag.length === 4, sections };
}

/** Section 7 records (powersoftau_utils.js readContribution); undefined if they do not parse. */
function readContributions(bytes: Uint8Array, dv: DataView, s: PtauSection, n: number, n8: number): PtauContribution[] | undefined {
  const sG1 = 2 * n8; const sG2 = 4 * n8;
  // tauG1, tauG2, alphaG1, betaG1, betaG2; public key (6 G1 + 3 G2); partialHash; nextChallenge.
  const fixed = 3 * sG1 + 2 * sG2 + (6 * sG1 + 3 * sG2) + 216 + 64;
  const end = s.offset + s.size;
  let p = s.offset + 4;
  const out: PtauContribution[] = [];
  for (let i = 0; i < n; i++) {
    if (p + fixed + 8 > end) return undefined;
    p += fixed;
    const type = dv.getUint32(p, true);
    const len = dv.getUint32(p + 4, true);
    p += 8;
    if (p + len > end) return undefined;
    const c: PtauContribution = { beacon: type === 1 };
    let q = p;
    while (q < p + len) {
      const t = bytes[q++];
      if (t === 1 || t === 3) {
        const l = bytes[q++];
        if (t === 1) c.name = new TextDecoder().decode(bytes.subarray(q, q + l));
        q += l;
      } else if (t === 2) q += 1;
      else return undefined;
    }
    if (q !== p + len) return undefined;
    p += len;
    out.push(c);
  }
  return p === end ? out : undefined;
}

/**
 * The same ceremony cut down to a smaller power: byte-for-byte what `snarkjs powersoftau
 * truncate` writes (header with the new power and the old ceremony power, then prefixes of
 * sections 2–7 and 12–15). Every setup only reads these prefixes, so the result serves any
 * circuit that fits `power` exactly as the full file would, in a fraction of the memory.
 */
export function truncatePtau(bytes: Uint8Array, power: number): Uint8Array {
  const h = readPtauHeader(bytes);
  if (!Number.isInteger(power) || power < 1 || power > h.power) throw new PtauError(`cannot truncate a power-${h.power} ptau to power ${power}`);
  if (!h.hasLagrange) throw new PtauError('only a ptau prepared for phase 2 can be truncated');
  const sec = new Map(h.sections.map((s) => [s.id, s]));
  const head = sec.get(1)!;
  const n8 = new DataView(bytes.buffer, bytes.byteOffset + head.offset, 4).getUint32(0, true);
  const sG1 = 2 * n8; const sG2 = 4 * n8; const N = 2 ** power;
  const parts: [number, number][] = [
    [2, (2 * N - 1) * sG1], [3, N * sG2], [4, N * sG1], [5, N * sG1], [6, sG2], [7, sec.get(7)?.size ?? 0],
    [12, (4 * N - 1) * sG1], [13, (2 * N - 1) * sG2], [14, (2 * N - 1) * sG1], [15, (2 * N - 1) * sG1],
  ];
  if (!sec.has(7)) throw new PtauError('ptau has no contributions section');
  const total = 12 + 12 + head.size + parts.reduce((a, [, n]) => a + 12 + n, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(bytes.subarray(0, 8)); // "ptau", version
  dv.setUint32(8, 11, true);
  let p = 12;
  const section = (id: number, data: Uint8Array) => {
    dv.setUint32(p, id, true); dv.setBigUint64(p + 4, BigInt(data.byteLength), true);
    out.set(data, p + 12); p += 12 + data.byteLength;
  };
  const header = new Uint8Array(bytes.subarray(head.offset, head.offset + head.size)); // a copy, also for Buffers
  new DataView(header.buffer).setUint32(4 + n8, power, true);
  section(1, header);
  for (const [id, n] of parts) { const s = sec.get(id)!; section(id, bytes.subarray(s.offset, s.offset + n)); }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Required power per scheme (snarkjs 0.7.6).

/** snarkjs's misc.log2 (32-bit): floor(log2 v) for v ≥ 1, and 0 for v = 0. */
function log2(v: number): number {
  return v <= 0 ? 0 : 31 - Math.clz32(v);
}

export interface PowerRequirement {
  scheme: Scheme;
  /** Smallest ptau power snarkjs accepts for this circuit. */
  power: number;
  /** The FFT domain size the scheme uses (2^circuit power). */
  domainSize: number;
  /** Rows the domain must hold (r1cs + public rows, or plonk gates). */
  rows: number;
  /** False when the plonk gate count was estimated rather than counted from the r1cs. */
  exact: boolean;
}

/**
 * The plonk gate count is not known from the r1cs header alone: every r1cs linear combination
 * longer than a gate can take adds one addition gate per extra term. Without the constraints
 * this ESTIMATE is used: nPublic + 3·nConstraints. Measured on ZKML templates compiled with
 * --O2 the ratio is 2.0 (Dense, BatchNorm) to 3.0 (Rescale, MaxN, ArgMax: bit decompositions,
 * whose long sums become addition gates); Poseidon's rounds (long linear mixes) go beyond 3, so
 * a circuit with a Poseidon commitment can need more. It is only a first guess: count exactly with
 * `plonkGateCount` when the r1cs is at hand (the studio does, in the snark worker).
 */
export function estimatePlonkGates(nConstraints: number, nPublic: number): number {
  return nPublic + 3 * nConstraints;
}

/**
 * Exact rules, read off snarkjs 0.7.6 (n = r1cs constraints, l = public signals = outputs +
 * public inputs, g = plonk gates incl. one per public signal, see `plonkGateCount`):
 *
 * - groth16 (zkey_new.js): circuit power c = log2(n + l) + 1, i.e. the smallest c with
 *   2^c ≥ n + l + 1; needs ptau power ≥ c.
 * - plonk (plonk_setup.js): c = max(3, log2(g − 1) + 1), i.e. the smallest c ≥ 3 with 2^c ≥ g;
 *   needs ptau power ≥ c.
 * - fflonk (fflonk_setup.js): c = max(3, log2(g + 1) + 1), i.e. the smallest c ≥ 3 with
 *   2^c ≥ g + 2 (two blinding rows); setup reads 9·2^c + 18 tau·G1 points and a power-p file
 *   holds 2^(p+1) − 1, so it needs ptau power ≥ c + 3.
 *
 * `nPlonkGates` is required for an exact plonk/fflonk answer; without it the gate count is
 * estimated (`estimatePlonkGates`) and `exact` is false.
 */
export function powerRequirement(scheme: Scheme, nConstraints: number, nPublic: number, nPlonkGates?: number): PowerRequirement {
  if (scheme === 'groth16') {
    const rows = nConstraints + nPublic;
    const c = log2(rows) + 1;
    return { scheme, power: c, domainSize: 2 ** c, rows, exact: true };
  }
  const g = nPlonkGates ?? estimatePlonkGates(nConstraints, nPublic);
  if (scheme === 'plonk') {
    const c = Math.max(3, log2(g - 1) + 1);
    return { scheme, power: c, domainSize: 2 ** c, rows: g, exact: nPlonkGates !== undefined };
  }
  const c = Math.max(3, log2(g + 1) + 1);
  return { scheme, power: c + 3, domainSize: 2 ** c, rows: g, exact: nPlonkGates !== undefined };
}

/** The smallest ptau power `scheme` accepts (see `powerRequirement` for the rules). */
export function requiredPower(scheme: Scheme, nConstraints: number, nPublic: number, nPlonkGates?: number): number {
  return powerRequirement(scheme, nConstraints, nPublic, nPlonkGates).power;
}

/**
 * Exactly the number of plonk gates snarkjs builds from an r1cs: one per public signal, then per
 * r1cs constraint one gate plus one addition gate per term beyond what a gate holds (3 terms
 * for a linear constraint, 1 per factor of a multiplication). Mirrors plonk_setup.js
 * (`plonk`) and r1cs_constraint_processor.js (`fflonk`); they differ only in that fflonk drops
 * terms that cancel when a constant factor is folded into C, plonk keeps them.
 */
export function plonkGateCount(r1cs: R1cs, scheme: 'plonk' | 'fflonk' = 'plonk'): number {
  const p = r1cs.prime;
  const nPublic = r1cs.nPubOut + r1cs.nPubIn;
  const vars = (lc: LinearCombination): number => { let n = 0; for (const [w, k] of lc) if (w !== 0 && k !== 0n) n++; return n; };
  const kind = (lc: LinearCombination): 'var' | 'k' | '0' => {
    if (vars(lc) > 0) return 'var';
    const k = lc.get(0);
    return k !== undefined && k !== 0n ? 'k' : '0';
  };
  /** Variables of k·X − C (the r1cs constraint with a constant factor folded in). */
  const joined = (x: LinearCombination, k: bigint, c: LinearCombination): number => {
    const keys = new Set<number>();
    for (const [w, v] of x) if (w !== 0 && v !== 0n) keys.add(w);
    for (const [w, v] of c) if (w !== 0 && v !== 0n) keys.add(w);
    if (scheme === 'plonk') return keys.size;
    let n = 0;
    for (const w of keys) if ((((k * (x.get(w) ?? 0n) - (c.get(w) ?? 0n)) % p) + p) % p !== 0n) n++;
    return n;
  };
  const extra = (n: number, room: number) => Math.max(0, n - room);
  let gates = nPublic;
  for (const { a, b, c } of r1cs.constraints) {
    const ta = kind(a); const tb = kind(b);
    if (ta === '0' || tb === '0') gates += 1 + extra(vars(c), 3);
    else if (ta === 'k') gates += 1 + extra(joined(b, a.get(0)!, c), 3);
    else if (tb === 'k') gates += 1 + extra(joined(a, b.get(0)!, c), 3);
    else gates += 1 + extra(vars(a), 1) + extra(vars(b), 1) + extra(vars(c), 1);
  }
  return gates;
}

/** The exact requirement for a parsed r1cs. */
export function powerRequirementForR1cs(scheme: Scheme, r1cs: R1cs): PowerRequirement {
  const nPublic = r1cs.nPubOut + r1cs.nPubIn;
  return powerRequirement(scheme, r1cs.nConstraints, nPublic, scheme === 'groth16' ? undefined : plonkGateCount(r1cs, scheme));
}

// ---------------------------------------------------------------------------------------------
// Public ceremony files.

export interface PublicPtauFile {
  power: number;
  name: string;
  url: string;
  /** BLAKE2b-512 of the file, hex, as published in the snarkjs README. */
  blake2b: string;
  /** Approximate size in bytes: 1152·2^power (sections 2–6 and 12–15) plus ~87 KB of records. */
  approxBytes: number;
}

const HEZ_BLAKE2B: Record<number, string> = {
  8: 'd6a8fb3a04feb600096c3b791f936a578c4e664d262e4aa24beed1b7a9a96aa5eb72864d628db247e9293384b74b36ffb52ca8d148d6e1b8b51e279fdf57b583',
  9: '94f108a80e81b5d932d8e8c9e8fd7f46cf32457e31462deeeef37af1b71c2c1b3c71fb0d9b59c654ec266b042735f50311f9fd1d4cadce47ab234ad163157cb5',
  10: '6cfeb8cda92453099d20120bdd0e8a5c4e7706c2da9a8f09ccc157ed2464d921fd0437fb70db42104769efd7d6f3c1f964bcf448c455eab6f6c7d863e88a5849',
  11: '47c282116b892e5ac92ca238578006e31a47e7c7e70f0baa8b687f0a5203e28ea07bbbec765a98dcd654bad618475d4661bfaec3bd9ad2ed12e7abc251d94d33',
  12: 'ded2694169b7b08e898f736d5de95af87c3f1a64594013351b1a796dbee393bd825f88f9468c84505ddd11eb0b1465ac9b43b9064aa8ec97f2b73e04758b8a4a',
  13: '58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9',
  14: 'eeefbcf7c3803b523c94112023c7ff89558f9b8e0cf5d6cdcba3ade60f168af4a181c9c21774b94fbae6c90411995f7d854d02ebd93fb66043dbb06f17a831c1',
  15: '982372c867d229c236091f767e703253249a9b432c1710b4f326306bfa2428a17b06240359606cfe4d580b10a5a1f63fbed499527069c18ae17060472969ae6e',
  16: '6a6277a2f74e1073601b4f9fed6e1e55226917efb0f0db8a07d98ab01df1ccf43eb0e8c3159432acd4960e2f29fe84a4198501fa54c8dad9e43297453efec125',
  17: '6247a3433948b35fbfae414fa5a9355bfb45f56efa7ab4929e669264a0258976741dfbe3288bfb49828e5df02c2e633df38d2245e30162ae7e3bcca5b8b49345',
  18: '7e6a9c2e5f05179ddfc923f38f917c9e6831d16922a902b0b4758b8e79c2ab8a81bb5f29952e16ee6c5067ed044d7857b5de120a90704c1d3b637fd94b95b13e',
  19: 'bca9d8b04242f175189872c42ceaa21e2951e0f0f272a0cc54fc37193ff6648600eaf1c555c70cdedfaf9fb74927de7aa1d33dc1e2a7f1a50619484989da0887',
  20: '89a66eb5590a1c94e3f1ee0e72acf49b1669e050bb5f93c73b066b564dca4e0c7556a52b323178269d64af325d8fdddb33da3a27c34409b821de82aa2bf1a27b',
  21: '9aef0573cef4ded9c4a75f148709056bf989f80dad96876aadeb6f1c6d062391f07a394a9e756d16f7eb233198d5b69407cca44594c763ab4a5b67ae73254678',
  22: '0d64f63dba1a6f11139df765cb690da69d9b2f469a1ddd0de5e4aa628abb28f787f04c6a5fb84a235ec5ea7f41d0548746653ecab0559add658a83502d1cb21b',
  23: '3063a0bd81d68711197c8820a92466d51aeac93e915f5136d74f63c394ee6d88c5e8016231ea6580bec02e25d491f319d92e77f5c7f46a9caa8f3b53c0ea544f',
  24: 'fa404d140d5819d39984833ca5ec3632cd4995f81e82db402371a4de7c2eae8687c62bc632a95b0c6aadba3fb02680a94e09174b7233ccd26d78baca2647c733',
  25: '0377d860cdb09a8a31ea1b0b8c04335614c8206357181573bf294c25d5ca7dff72387224fbd868897e6769f7805b3dab02854aec6d69d7492883b5e4e5f35eeb',
  26: '418dee4a74b9592198bd8fd02ad1aea76f9cf3085f206dfd7d594c9e264ae919611b1459a1cc920c2f143417744ba9edd7b8d51e44be9452344a225ff7eead19',
  27: '10ffd99837c512ef99752436a54b9810d1ac8878d368fb4b806267bdd664b4abf276c9cd3c4b9039a1fa4315a0c326c0e8e9e8fe0eb588ffd4f9021bf7eae1a1',
  28: '55c77ce8562366c91e7cda394cf7b7c15a06c12d8c905e8b36ba9cf5e13eb37d1a429c589e8eaba4c591bc4b88a0e2828745a53e170eac300236f5c1a326f41a',
};

/** The file name of the public Hermez ceremony file for `power` (8..28). */
export function publicPtauName(power: number): string {
  return power === 28 ? 'powersOfTau28_hez_final.ptau' : `powersOfTau28_hez_final_${String(power).padStart(2, '0')}.ptau`;
}

/**
 * The public, phase-2-prepared Powers of Tau files of the Hermez (Polygon zkEVM) ceremony: bn128,
 * 54 contributions and a beacon, truncated from power 28. Any file of power ≥ the required
 * power works. Sizes are approximate (1152·2^p bytes of points plus the contribution records).
 */
export const PUBLIC_PTAU_FILES: readonly PublicPtauFile[] = Object.freeze(
  Object.entries(HEZ_BLAKE2B).map(([p, blake2b]) => {
    const power = Number(p);
    const name = publicPtauName(power);
    return Object.freeze({
      power, name, blake2b,
      url: `https://storage.googleapis.com/zkevm/ptau/${name}`,
      approxBytes: 1152 * 2 ** power + 87_000,
    });
  }),
);

/** The smallest public ceremony file that covers `power` (files start at power 8). */
export function publicPtauFor(power: number): PublicPtauFile | undefined {
  return PUBLIC_PTAU_FILES.find((f) => f.power >= power);
}

/** Throws a `PtauError` naming the file to bring when `header` cannot serve `need`. */
export function assertPtauFits(header: PtauHeader, need: PowerRequirement): void {
  if (header.curve !== 'bn128') throw new PtauError(`this ptau is for ${header.curve}; ZKML circuits are over bn128`, { details: { curve: header.curve } });
  if (!header.hasLagrange) {
    throw new PtauError('this ptau is not prepared for phase 2 (sections 12–15 missing): run `snarkjs powersoftau prepare phase2` or use a *_final_* file', { details: { power: header.power } });
  }
  if (header.power < need.power) {
    const f = publicPtauFor(need.power);
    throw new PtauError(
      `${need.scheme} needs a ptau of power ≥ ${need.power} for ${need.rows} rows${need.exact ? '' : ' (estimated)'}; this file has power ${header.power}` +
        (f ? `. Bring ${f.name} (~${formatBytes(f.approxBytes)}) or any larger one.` : '.'),
      { details: { scheme: need.scheme, needed: need.power, have: header.power, file: f?.name } },
    );
  }
}

function formatBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${u[i]}`;
}
