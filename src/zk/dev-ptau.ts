/**
 * DEVELOPMENT powers of tau, computed directly from a PUBLIC secret. NOT FOR VALUE.
 *
 * `makeDevPtau(power)` returns a standard snarkjs `.ptau` (bn128, one contribution, already
 * "prepared for phase 2", i.e. with the Lagrange sections 12–15) that is byte-for-byte the file
 * the stock snarkjs CLI produces with
 *
 *     snarkjs powersoftau new bn128 <power> pot0.ptau
 *     snarkjs powersoftau beacon pot0.ptau pot1.ptau "<DEV_PTAU_CONTRIBUTION_NAME>" <hex(utf8(seed))> 10
 *     snarkjs powersoftau prepare phase2 pot1.ptau pot<power>_dev.ptau
 *
 * only much faster (prepare phase2 does O(n log n) variable-base scalar multiplications in group
 * FFTs and takes hours at 2^17; here every point is a fixed-base multiple of the generator).
 *
 * The single contribution is a snarkjs *beacon* contribution whose beacon is the UTF-8 seed
 * string: tau, alpha and beta are derived from it exactly as snarkjs derives beacon keys
 * (2^10 chained SHA-256 over the seed bytes → ChaCha20 → `Fr.fromRng` ×3, see `devPtauSecret`),
 * so `snarkjs powersoftau verify` re-derives the key from the public beacon and prints the seed
 * (hex) as "Beacon generator". Anyone can recompute the secret, so anyone can forge proofs for
 * any circuit set up from this file. Use the public Hermez/iden3 ceremony files for real use.
 *
 * How: all exponents are computed in Fr (tau^i by ffjavascript's threaded `batchApplyKey`; the
 * Lagrange coefficients of every domain 2^p by `Fr.ifft` of (tau^0..tau^(2^p−1)), which is the
 * same linear map snarkjs applies to the points), then every point s·G is a fixed-base comb
 * multiplication: a table T[j][d] = d·2^(w·j)·G per window j, and s·G = Σ_j T[j][digit_j(s)],
 * i.e. ~254/w additions instead of ~254 doublings + ~127 additions, done in affine coordinates
 * with one batch inversion per window over thousands of points (~6 field multiplications per
 * addition; ~20 additions per point at 2^17; see dev-ptau-comb.ts). The comb loop and the table builder are small
 * WASM functions added to ffjavascript's bn128 module through its `buildBn128(singleThread,
 * plugins)` hook, so they run in ffjavascript's worker threads (Web Workers in browsers,
 * worker_threads in Node). Isomorphic: no Node-only API in this file.
 */
// ffjavascript ships no type declarations (its surface is typed in dev-ptau-comb.ts).
// @ts-ignore -- untyped module
import { ChaCha as FfChaCha } from 'ffjavascript';
import { Blake2b512, blake2b512 } from './dev-ptau-blake2b.js';
import { DEV_PTAU_MAX_POWER } from './ptau.js';
import { type Buf, type Rng, type WasmGroup, type Curve, type GroupName, GROUPS, buildCombCurve, fixedBaseMul, type MulJob } from './dev-ptau-comb.js';

/** Default seed. Changing it changes every byte of the generated files. */
export const DEV_PTAU_SEED = 'zkml-development-ptau-NOT-FOR-VALUE-v1';
/** Contribution name stored in the ptau (section 7); snarkjs prints it in `powersoftau verify`. */
export const DEV_PTAU_CONTRIBUTION_NAME = 'ZKML DEVELOPMENT SETUP - NOT FOR VALUE - SECRET IS PUBLIC';
/** snarkjs beacon iteration exponent: the beacon is hashed 2^10 times (the CLI's minimum). */
export const DEV_PTAU_BEACON_ITERATIONS_EXP = 10;
export { DEV_PTAU_MAX_POWER };

export interface DevPtauOptions {
  /** Seed string (UTF-8, 1..255 bytes), used as the snarkjs beacon. Default `DEV_PTAU_SEED`. */
  seed?: string;
  /** Progress messages (long runs). */
  log?: (msg: string) => void;
}

const ChaCha = FfChaCha as new (seed: number[]) => Rng;

// ---------------------------------------------------------------------------------------------
// Key derivation (snarkjs beacon semantics) and the contribution's hashes.

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

/** snarkjs's ChaCha20 seeded from the first 32 bytes of a hash (8 big-endian u32), as `hashToG2` seeds it. */
export function chachaFromHash(hash: Uint8Array): Rng {
  const dv = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  return new ChaCha(Array.from({ length: 8 }, (_, i) => dv.getUint32(i * 4, false)));
}

function seedBytes(seed: string): Uint8Array {
  const b = new TextEncoder().encode(seed);
  if (b.length < 1 || b.length > 255) throw new Error('dev-ptau: the seed must be 1..255 UTF-8 bytes');
  return b;
}

/** snarkjs `rngFromBeaconParams`: SHA-256 applied 2^exp times to the beacon, then ChaCha20. */
export async function beaconRng(beacon: Uint8Array, exp: number): Promise<Rng> {
  let h = beacon;
  for (let i = 0; i < 2 ** exp; i++) h = await sha256(h);
  return chachaFromHash(h);
}

const BN128_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/**
 * The development secret for a seed, as plain integers mod r: exactly what ffjavascript's
 * `Fr.fromRng` returns for the snarkjs beacon RNG (4 × nextU64, little-endian, masked to 254
 * bits, rejected if ≥ r, and — an ffjavascript quirk — read as a Montgomery-form element, so the
 * value is v·2^-256 mod r). Exposed for documentation and tests; it is the toxic waste.
 */
export async function devPtauSecret(seed: string = DEV_PTAU_SEED): Promise<{ tau: bigint; alpha: bigint; beta: bigint }> {
  const rng = await beaconRng(seedBytes(seed), DEV_PTAU_BEACON_ITERATIONS_EXP);
  const rInv = modPow(2n ** 256n, BN128_R - 2n, BN128_R);
  const next = (): bigint => {
    for (;;) {
      let v = 0n;
      for (let i = 0; i < 4; i++) v += BigInt(rng.nextU64()) << BigInt(64 * i);
      v &= (1n << 254n) - 1n;
      if (v < BN128_R) return (v * rInv) % BN128_R;
    }
  };
  const tau = next();
  const alpha = next();
  const beta = next();
  return { tau, alpha, beta };
}

interface KeyPart { prvKey: Buf; g1_s: Buf; g1_sx: Buf; g2_spx: Buf }
interface PtauKey { tau: KeyPart; alpha: KeyPart; beta: KeyPart }

/** snarkjs `createPTauKey` (keypair.js) with the beacon RNG. */
function createPTauKey(curve: Curve, challenge: Uint8Array, rng: Rng): PtauKey {
  const { Fr, G1, G2 } = curve;
  const prv = [Fr.fromRng(rng), Fr.fromRng(rng), Fr.fromRng(rng)];
  const parts = prv.map((prvKey, personalization) => {
    const g1_s = G1.toAffine(G1.fromRng(rng));
    const g1_sx = G1.toAffine(G1.timesFr(g1_s, prvKey));
    const h = blake2b512(new Uint8Array([personalization]), challenge, G1.toUncompressed(g1_s), G1.toUncompressed(g1_sx));
    const g2_sp = G2.toAffine(G2.fromRng(chachaFromHash(h)));
    const g2_spx = G2.toAffine(G2.timesFr(g2_sp, prvKey));
    return { prvKey, g1_s, g1_sx, g2_spx };
  });
  return { tau: parts[0]!, alpha: parts[1]!, beta: parts[2]! };
}

/** snarkjs `toPtauPubKeyRpr`: LEM (stored) or uncompressed (hashed) public key, 768 bytes. */
function pubKeyRpr(curve: Curve, key: PtauKey, montgomery: boolean): Uint8Array {
  const buff = new Uint8Array(6 * 64 + 3 * 128);
  let pos = 0;
  const put = (G: WasmGroup, p: Buf, size: number): void => {
    if (montgomery) G.toRprLEM(buff, pos, p);
    else G.toRprUncompressed(buff, pos, p);
    pos += size;
  };
  for (const k of [key.tau, key.alpha, key.beta]) { put(curve.G1, k.g1_s, 64); put(curve.G1, k.g1_sx, 64); }
  for (const k of [key.tau, key.alpha, key.beta]) put(curve.G2, k.g2_spx, 128);
  return buff;
}

/** snarkjs `calculateFirstChallengeHash`: hash of the fresh accumulator (all generators). */
function firstChallengeHash(curve: Curve, power: number): Uint8Array {
  const g1 = new Uint8Array(64);
  const g2 = new Uint8Array(128);
  curve.G1.toRprUncompressed(g1, 0, curve.G1.g);
  curve.G2.toRprUncompressed(g2, 0, curve.G2.g);
  const h = new Blake2b512();
  h.update(new Blake2b512().digest());
  const REP = 4096;
  const rep1 = new Uint8Array(REP * 64);
  const rep2 = new Uint8Array(REP * 128);
  for (let i = 0; i < REP; i++) { rep1.set(g1, i * 64); rep2.set(g2, i * 128); }
  const block = (one: Uint8Array, rep: Uint8Array, n: number): void => {
    for (; n >= REP; n -= REP) h.update(rep);
    if (n > 0) h.update(rep.subarray(0, n * one.length));
  };
  const N = 2 ** power;
  block(g1, rep1, 2 * N - 1);
  block(g2, rep2, N);
  block(g1, rep1, N);
  block(g1, rep1, N);
  h.update(g2);
  return h.digest();
}

// ---------------------------------------------------------------------------------------------
// File layout.

interface Layout {
  total: number;
  /** Offset of the data of each section (after its 12-byte header). */
  data: Record<number, number>;
  size: Record<number, number>;
}

function contributionParams(name: string, beacon: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name.substring(0, 64));
  return new Uint8Array([
    1, nameBytes.length, ...nameBytes,
    2, DEV_PTAU_BEACON_ITERATIONS_EXP,
    3, beacon.length, ...beacon,
  ]);
}

const CONTRIBUTION_FIXED = 64 + 128 + 64 + 64 + 128 + 768 + 216 + 64 + 4 + 4;

function layout(power: number, paramsLength: number): Layout {
  const N = 2 ** power;
  const sizes: [number, number][] = [
    [1, 4 + 32 + 4 + 4],
    [2, (2 * N - 1) * 64],
    [3, N * 128],
    [4, N * 64],
    [5, N * 64],
    [6, 128],
    [7, 4 + CONTRIBUTION_FIXED + paramsLength],
    [12, (4 * N - 1) * 64],
    [13, (2 * N - 1) * 128],
    [14, (2 * N - 1) * 64],
    [15, (2 * N - 1) * 64],
  ];
  let pos = 12;
  const data: Record<number, number> = {};
  const size: Record<number, number> = {};
  for (const [id, s] of sizes) {
    data[id] = pos + 12;
    size[id] = s;
    pos += 12 + s;
  }
  return { total: pos, data, size };
}

/** Size in bytes of the file `makeDevPtau(power, { seed })` returns. */
export function devPtauSize(power: number, seed: string = DEV_PTAU_SEED): number {
  const params = contributionParams(DEV_PTAU_CONTRIBUTION_NAME, seedBytes(seed));
  return layout(power, params.length).total;
}

// ---------------------------------------------------------------------------------------------

/**
 * Build the development ptau for 2^power constraints (see the file comment). Deterministic:
 * the same power and seed always give the same bytes.
 */
export async function makeDevPtau(power: number, opts: DevPtauOptions = {}): Promise<Uint8Array> {
  if (!Number.isInteger(power) || power < 1 || power > DEV_PTAU_MAX_POWER) {
    throw new Error(`dev-ptau: power must be an integer in 1..${DEV_PTAU_MAX_POWER}`);
  }
  const beacon = seedBytes(opts.seed ?? DEV_PTAU_SEED);
  const log = opts.log;
  const t0 = Date.now();
  const step = (m: string): void => log?.(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);

  const curve = await buildCombCurve();
  try {
    const { Fr, G1, G2 } = curve;
    const N = 2 ** power;
    const params = contributionParams(DEV_PTAU_CONTRIBUTION_NAME, beacon);
    const L = layout(power, params.length);
    const file = new Uint8Array(L.total);
    const dv = new DataView(file.buffer);

    // File header and section headers.
    file.set([0x70, 0x74, 0x61, 0x75]); // "ptau"
    dv.setUint32(4, 1, true); // version
    dv.setUint32(8, 11, true); // number of sections
    for (const id of [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]) {
      dv.setUint32(L.data[id]! - 12, id, true);
      dv.setBigUint64(L.data[id]! - 8, BigInt(L.size[id]!), true);
    }
    // Section 1: n8, q, power, ceremonyPower.
    const h1 = L.data[1]!;
    dv.setUint32(h1, 32, true);
    for (let i = 0, q = curve.q; i < 32; i++, q >>= 8n) file[h1 + 4 + i] = Number(q & 0xffn);
    dv.setUint32(h1 + 36, power, true);
    dv.setUint32(h1 + 40, power, true);

    // The key, as `snarkjs powersoftau beacon` derives it.
    step(`2^${power}: first challenge hash`);
    const challenge = firstChallengeHash(curve, power);
    const key = createPTauKey(curve, challenge, await beaconRng(beacon, DEV_PTAU_BEACON_ITERATIONS_EXP));
    const tau = key.tau.prvKey;
    const alpha = key.alpha.prvKey;
    const beta = key.beta.prvKey;

    // Exponents (Montgomery form): tau^i, and the Lagrange coefficients of every domain.
    step('exponents');
    const ones = new Uint8Array(2 * N * 32);
    for (let i = 0; i < 2 * N; i++) ones.set(Fr.one, i * 32);
    const powers = await Fr.batchApplyKey(ones, Fr.one, tau); // tau^0 .. tau^(2N-1)
    // Section 12 holds, for p = 0..power+1, the IFFT of (tau^0..tau^(2^p-1)) — for p = power+1
    // with the last power replaced by 0, as section 2 has only 2N-1 points. Sections 13–15 are
    // the same for p = 0..power (times alpha / beta for 14 / 15).
    const lagrange = new Uint8Array((4 * N - 1) * 32);
    for (let p = 0, off = 0; p <= power + 1; p++) {
      const v = powers.slice(0, 2 ** p * 32);
      if (p === power + 1) v.fill(0, (2 ** p - 1) * 32);
      lagrange.set(p === 0 ? v : await Fr.ifft(v), off);
      off += 2 ** p * 32;
    }
    const lagrangeN = lagrange.subarray(0, (2 * N - 1) * 32);
    const tauN = powers.subarray(0, N * 32);
    const std = (b: Buf): Promise<Buf> => Fr.batchFromMontgomery(b);
    const jobs: MulJob[] = [
      { gName: 'G1', label: 'tauG1', scalars: await std(powers.slice(0, (2 * N - 1) * 32)), out: file, outOffset: L.data[2]! },
      { gName: 'G2', label: 'tauG2', scalars: await std(tauN.slice()), out: file, outOffset: L.data[3]! },
      { gName: 'G1', label: 'alphaTauG1', scalars: await std(await Fr.batchApplyKey(tauN.slice(), alpha, Fr.one)), out: file, outOffset: L.data[4]! },
      { gName: 'G1', label: 'betaTauG1', scalars: await std(await Fr.batchApplyKey(tauN.slice(), beta, Fr.one)), out: file, outOffset: L.data[5]! },
      { gName: 'G2', label: 'betaG2', scalars: await std(beta.slice()), out: file, outOffset: L.data[6]! },
      { gName: 'G1', label: 'lagrange tauG1', scalars: await std(lagrange), out: file, outOffset: L.data[12]! },
      { gName: 'G2', label: 'lagrange tauG2', scalars: await std(lagrangeN.slice()), out: file, outOffset: L.data[13]! },
      { gName: 'G1', label: 'lagrange alphaTauG1', scalars: await std(await Fr.batchApplyKey(lagrangeN.slice(), alpha, Fr.one)), out: file, outOffset: L.data[14]! },
      { gName: 'G1', label: 'lagrange betaTauG1', scalars: await std(await Fr.batchApplyKey(lagrangeN.slice(), beta, Fr.one)), out: file, outOffset: L.data[15]! },
    ];
    step('fixed-base multiplications');
    await fixedBaseMul(curve, jobs, (m) => step(m));

    // Contribution record (section 7), hashed exactly as snarkjs's beacon/contribute does.
    step('contribution hashes');
    const sections: [GroupName, number, number][] = [['G1', 2, 2 * N - 1], ['G2', 3, N], ['G1', 4, N], ['G1', 5, N], ['G2', 6, 1]];
    const response = new Blake2b512();
    response.update(challenge);
    for (const [gName, id, nPoints] of sections) {
      const sG = GROUPS[gName].n8 * 2;
      const chunk = Math.floor((1 << 20) / sG);
      for (let i = 0; i < nPoints; i += chunk) {
        const n = Math.min(nPoints - i, chunk);
        response.update(await curve[gName].batchLEMtoC(file.subarray(L.data[id]! + i * sG, L.data[id]! + (i + n) * sG)));
      }
    }
    const partialHash = response.partialState();
    response.update(pubKeyRpr(curve, key, false));
    const responseHash = response.digest();
    const nextChallenge = new Blake2b512();
    nextChallenge.update(responseHash);
    for (const [gName, id, nPoints] of sections) {
      const sG = GROUPS[gName].n8 * 2;
      const chunk = Math.floor((1 << 24) / sG);
      for (let i = 0; i < nPoints; i += chunk) {
        const n = Math.min(nPoints - i, chunk);
        nextChallenge.update(await curve[gName].batchLEMtoU(file.subarray(L.data[id]! + i * sG, L.data[id]! + (i + n) * sG)));
      }
    }

    let p7 = L.data[7]!;
    dv.setUint32(p7, 1, true); // one contribution
    p7 += 4;
    const copyPoint = (id: number, index: number, size: number): void => {
      file.copyWithin(p7, L.data[id]! + index * size, L.data[id]! + (index + 1) * size);
      p7 += size;
    };
    copyPoint(2, 1, 64); // tau·G1
    copyPoint(3, 1, 128); // tau·G2
    copyPoint(4, 0, 64); // alpha·G1
    copyPoint(5, 0, 64); // beta·G1
    copyPoint(6, 0, 128); // beta·G2
    file.set(pubKeyRpr(curve, key, true), p7);
    p7 += 768;
    file.set(partialHash, p7);
    p7 += 216;
    file.set(nextChallenge.digest(), p7);
    p7 += 64;
    dv.setUint32(p7, 1, true); // type 1: beacon
    dv.setUint32(p7 + 4, params.length, true);
    file.set(params, p7 + 8);
    if (p7 + 8 + params.length !== L.data[7]! + L.size[7]!) throw new Error('dev-ptau: section 7 size mismatch');

    // Sanity: the stored points are what the key says (cheap, catches layout mistakes).
    const sameLEM = (G: WasmGroup, id: number, index: number, expected: Buf): boolean => {
      const sG = G.F.n8 * 2;
      const b = new Uint8Array(sG);
      G.toRprLEM(b, 0, expected);
      return b.every((x, i) => x === file[L.data[id]! + index * sG + i]);
    };
    if (!sameLEM(G1, 2, 1, G1.timesFr(G1.g, tau)) || !sameLEM(G2, 3, 1, G2.timesFr(G2.g, tau)) || !sameLEM(G2, 6, 0, G2.timesFr(G2.g, beta))) {
      throw new Error('dev-ptau: internal error, computed points do not match the key');
    }
    step(`done: ${L.total} bytes`);
    return file;
  } finally {
    await curve.tm.terminate();
  }
}
