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
 * addition; ~20 additions per point at 2^17). The comb loop and the table builder are small
 * WASM functions added to ffjavascript's bn128 module through its `buildBn128(singleThread,
 * plugins)` hook, so they run in ffjavascript's worker threads (Web Workers in browsers,
 * worker_threads in Node). Isomorphic: no Node-only API in this file.
 */
// ffjavascript ships no type declarations; the small surface used here is typed below.
// @ts-ignore -- untyped module
import { buildBn128 as ffBuildBn128, ChaCha as FfChaCha } from 'ffjavascript';
import { Blake2b512, blake2b512 } from './dev-ptau-blake2b.js';

/** Default seed. Changing it changes every byte of the generated files. */
export const DEV_PTAU_SEED = 'zkml-development-ptau-NOT-FOR-VALUE-v1';
/** Contribution name stored in the ptau (section 7); snarkjs prints it in `powersoftau verify`. */
export const DEV_PTAU_CONTRIBUTION_NAME = 'ZKML DEVELOPMENT SETUP - NOT FOR VALUE - SECRET IS PUBLIC';
/** snarkjs beacon iteration exponent: the beacon is hashed 2^10 times (the CLI's minimum). */
export const DEV_PTAU_BEACON_ITERATIONS_EXP = 10;
/** Largest supported power: the last Lagrange domain is 2^(power+1) ≤ 2^28 (bn128 Fr 2-adicity). */
export const DEV_PTAU_MAX_POWER = 27;

export interface DevPtauOptions {
  /** Seed string (UTF-8, 1..255 bytes), used as the snarkjs beacon. Default `DEV_PTAU_SEED`. */
  seed?: string;
  /** Progress messages (long runs). */
  log?: (msg: string) => void;
}

// ---------------------------------------------------------------------------------------------
// The part of ffjavascript used here.

type Buf = Uint8Array;
interface Rng { nextU32(): number; nextU64(): bigint }
interface WasmFr {
  n8: number;
  one: Buf;
  zero: Buf;
  fromRng(rng: Rng): Buf;
  toObject(a: Buf): bigint;
  batchApplyKey(buff: Buf, first: Buf, inc: Buf): Promise<Buf>;
  ifft(buff: Buf): Promise<Buf>;
  batchFromMontgomery(buff: Buf): Promise<Buf>;
}
interface WasmGroup {
  F: { n8: number };
  g: Buf;
  fromRng(rng: Rng): Buf;
  toAffine(p: Buf): Buf;
  toJacobian(p: Buf): Buf;
  timesFr(p: Buf, s: Buf): Buf;
  toUncompressed(p: Buf): Buf;
  toRprUncompressed(buff: Buf, pos: number, p: Buf): void;
  toRprLEM(buff: Buf, pos: number, p: Buf): void;
  batchLEMtoC(buff: Buf): Promise<Buf>;
  batchLEMtoU(buff: Buf): Promise<Buf>;
}
type TaskCmd = Record<string, unknown>;
interface Curve {
  q: bigint;
  r: bigint;
  Fr: WasmFr;
  G1: WasmGroup;
  G2: WasmGroup;
  tm: { concurrency: number; queueAction(task: TaskCmd[]): Promise<Buf[]>; terminate(): Promise<void> };
}
type GroupName = 'G1' | 'G2';

// Minimal view of wasmbuilder's ModuleBuilder / CodeBuilder (ffjavascript's plugin argument).
type Code = number[];
interface CodeBuilder {
  getLocal(n: string): Code;
  setLocal(n: string, v: Code): Code;
  i32_const(v: number): Code;
  i32_add(a: Code, b: Code): Code;
  i32_mul(a: Code, b: Code): Code;
  i32_eq(a: Code, b: Code): Code;
  i32_eqz(a: Code): Code;
  i32_or(a: Code, b: Code): Code;
  i32_load16_u(a: Code): Code;
  call(fn: string, ...args: Code[]): Code;
  if(cond: Code, then: Code, otherwise?: Code): Code;
  block(c: Code): Code;
  loop(...c: Code[]): Code;
  br_if(depth: number, cond: Code): Code;
  br(depth: number): Code;
}
interface FunctionBuilder {
  addParam(n: string, t: 'i32'): void;
  addLocal(n: string, t: 'i32'): void;
  addCode(...c: Code[]): void;
  getCodeBuilder(): CodeBuilder;
}
interface ModuleBuilder {
  addFunction(n: string): FunctionBuilder;
  exportFunction(n: string): void;
  alloc(size: number): number;
}

const buildBn128 = ffBuildBn128 as (singleThread?: boolean, plugins?: (m: ModuleBuilder) => void) => Promise<Curve>;
const ChaCha = FfChaCha as new (seed: number[]) => Rng;

// ---------------------------------------------------------------------------------------------
// WASM plugin: fixed-base comb multiplication for G1 (g1m) and G2 (g2m).

const GROUPS = { G1: { prefix: 'g1m', n8: 32 }, G2: { prefix: 'g2m', n8: 64 } } as const;

function combPlugin(module: ModuleBuilder): void {
  for (const { prefix, n8 } of Object.values(GROUPS)) {
    const sA = n8 * 2; // affine point
    const sJ = n8 * 3; // jacobian point
    {
      // combTable(pBase, nW, nE, pOut): pOut[j*nE + k] = k * (nE^j * base), jacobian.
      const f = module.addFunction(`zkml_${prefix}_combTable`);
      f.addParam('pBase', 'i32');
      f.addParam('nW', 'i32');
      f.addParam('nE', 'i32');
      f.addParam('pOut', 'i32');
      f.addLocal('j', 'i32');
      f.addLocal('k', 'i32');
      f.addLocal('pO', 'i32');
      const c = f.getCodeBuilder();
      const B = c.i32_const(module.alloc(sJ));
      const ACC = c.i32_const(module.alloc(sJ));
      f.addCode(
        c.call(`${prefix}_copy`, c.getLocal('pBase'), B),
        c.setLocal('pO', c.getLocal('pOut')),
        c.setLocal('j', c.i32_const(0)),
        c.block(c.loop(
          c.br_if(1, c.i32_eq(c.getLocal('j'), c.getLocal('nW'))),
          c.call(`${prefix}_zero`, ACC),
          c.setLocal('k', c.i32_const(0)),
          c.block(c.loop(
            c.br_if(1, c.i32_eq(c.getLocal('k'), c.getLocal('nE'))),
            c.call(`${prefix}_copy`, ACC, c.getLocal('pO')),
            c.call(`${prefix}_add`, ACC, B, ACC),
            c.setLocal('pO', c.i32_add(c.getLocal('pO'), c.i32_const(sJ))),
            c.setLocal('k', c.i32_add(c.getLocal('k'), c.i32_const(1))),
            c.br(0),
          )),
          c.call(`${prefix}_copy`, ACC, B), // next window base = nE * base
          c.setLocal('j', c.i32_add(c.getLocal('j'), c.i32_const(1))),
          c.br(0),
        )),
      );
      module.exportFunction(`zkml_${prefix}_combTable`);
    }
    {
      // combMul(pTable, pDigits, n, nW, nE, pOut, pDX, pINV):
      //   pOut[i] = Σ_j table[j*nE + digits[i*nW + j]]   (table and result affine, digits u16)
      // Window by window over all n points, in affine coordinates with one batch inversion per
      // window (Montgomery's trick): ~6 multiplications per addition instead of ~11 for a mixed
      // Jacobian addition. pDX/pINV: n field elements of scratch each.
      // With canonical digits (scalar < r, digits in [0, nE)) the partial sums are in (0, r), so
      // the accumulator never equals ±the added point; that case still takes an exact (slow) path.
      const f = module.addFunction(`zkml_${prefix}_combMul`);
      for (const a of ['pTable', 'pDigits', 'n', 'nW', 'nE', 'pOut', 'pDX', 'pINV']) f.addParam(a, 'i32');
      for (const l of ['i', 'j', 'd', 'pD', 'pA', 'pT', 'pW', 'pF', 'pI']) f.addLocal(l, 'i32');
      const c = f.getCodeBuilder();
      const F = prefix === 'g1m' ? 'f1m' : 'f2m';
      const L = c.i32_const(module.alloc(n8));
      const X3 = c.i32_const(module.alloc(n8));
      const J = c.i32_const(module.alloc(sJ));
      const get = (l: string): Code => c.getLocal(l);
      const set = (l: string, v: Code): Code => c.setLocal(l, v);
      const add = (a: Code, b: Code): Code => c.i32_add(a, b);
      const k = (v: number): Code => c.i32_const(v);
      const y = (p: Code): Code => add(p, k(n8));
      // d = digits[i*nW + j]; pT = pW + d*sA (pD walks the digits of window j)
      const loadDigit = [
        ...set('d', c.i32_load16_u(get('pD'))),
        ...set('pT', add(get('pW'), c.i32_mul(get('d'), k(sA)))),
      ];
      const nextPoint = [
        ...set('pD', add(get('pD'), c.i32_mul(get('nW'), k(2)))),
        ...set('pA', add(get('pA'), k(sA))),
        ...set('pF', add(get('pF'), k(n8))),
        ...set('pI', add(get('pI'), k(n8))),
        ...set('i', add(get('i'), k(1))),
      ];
      const forEachPoint = (body: Code): Code => [
        ...set('pD', add(get('pDigits'), c.i32_mul(get('j'), k(2)))),
        ...set('pA', get('pOut')),
        ...set('pF', get('pDX')),
        ...set('pI', get('pINV')),
        ...set('i', k(0)),
        ...c.block(c.loop(
          c.br_if(1, c.i32_eq(get('i'), get('n'))),
          body,
          nextPoint,
          c.br(0),
        )),
      ];
      f.addCode(
        // acc = 0
        set('pA', get('pOut')),
        set('i', k(0)),
        c.block(c.loop(
          c.br_if(1, c.i32_eq(get('i'), get('n'))),
          c.call(`${prefix}_zeroAffine`, get('pA')),
          set('pA', add(get('pA'), k(sA))),
          set('i', add(get('i'), k(1))),
          c.br(0),
        )),
        set('pW', get('pTable')),
        set('j', k(0)),
        c.block(c.loop(
          c.br_if(1, c.i32_eq(get('j'), get('nW'))),
          // pass 1: DX = x(T) - x(A), or 0 when there is nothing to invert
          forEachPoint([
            ...loadDigit,
            ...c.if(
              c.i32_or(c.i32_eqz(get('d')), c.call(`${prefix}_isZeroAffine`, get('pA'))),
              c.call(`${F}_zero`, get('pF')),
              c.call(`${F}_sub`, get('pT'), get('pA'), get('pF')),
            ),
          ]),
          c.call(`${F}_batchInverse`, get('pDX'), k(n8), get('n'), get('pINV'), k(n8)),
          // pass 2: A += T
          forEachPoint([
            ...loadDigit,
            ...c.if(get('d'), c.if(
              c.call(`${prefix}_isZeroAffine`, get('pA')),
              c.call(`${prefix}_copyAffine`, get('pT'), get('pA')),
              c.if(
                c.call(`${F}_isZero`, get('pI')),
                [
                  ...c.call(`${prefix}_addAffine`, get('pA'), get('pT'), J),
                  ...c.call(`${prefix}_toAffine`, J, get('pA')),
                ],
                [
                  // λ = (y(T) - y(A)) / (x(T) - x(A))
                  ...c.call(`${F}_sub`, y(get('pT')), y(get('pA')), L),
                  ...c.call(`${F}_mul`, L, get('pI'), L),
                  // x3 = λ² - x(A) - x(T)
                  ...c.call(`${F}_square`, L, X3),
                  ...c.call(`${F}_sub`, X3, get('pA'), X3),
                  ...c.call(`${F}_sub`, X3, get('pT'), X3),
                  // y3 = λ (x(A) - x3) - y(A)
                  ...c.call(`${F}_sub`, get('pA'), X3, get('pA')),
                  ...c.call(`${F}_mul`, get('pA'), L, get('pA')),
                  ...c.call(`${F}_sub`, get('pA'), y(get('pA')), y(get('pA'))),
                  ...c.call(`${F}_copy`, X3, get('pA')),
                ],
              ),
            )),
          ]),
          set('pW', add(get('pW'), c.i32_mul(get('nE'), k(sA)))),
          set('j', add(get('j'), k(1))),
          c.br(0),
        )),
      );
      module.exportFunction(`zkml_${prefix}_combMul`);
    }
  }
}

/**
 * A bn128 curve whose WASM module includes the comb functions. Built outside ffjavascript's
 * process-wide cache (`globalThis.curve_bn128`, which snarkjs reuses) so that neither can get
 * the other's instance; terminated with `tm.terminate()`, which leaves that cache alone.
 */
async function buildCombCurve(): Promise<Curve> {
  const g = globalThis as { curve_bn128?: unknown };
  const cached = g.curve_bn128;
  g.curve_bn128 = null;
  try {
    return await buildBn128(false, combPlugin);
  } finally {
    g.curve_bn128 = cached ?? null;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed-base multiplication of the generator by many scalars.

interface CombTable { w: number; nW: number; nE: number; affine: Buf }

const SCALAR_BITS = 254; // r < 2^254

/** Window width minimising (points + table size) × additions, table ≤ 16 MB (sent with every task). */
function chooseWindow(nPoints: number, sA: number): number {
  let best = 4;
  let bestCost = Infinity;
  for (let w = 2; w <= 16; w++) {
    const nW = Math.ceil(SCALAR_BITS / w);
    const entries = nW * 2 ** w;
    if (w > 4 && entries * sA > 16 << 20) break;
    const cost = nPoints * nW + 3 * entries;
    if (cost < bestCost) { bestCost = cost; best = w; }
  }
  return best;
}

async function buildTable(curve: Curve, gName: GroupName, w: number): Promise<CombTable> {
  const { prefix, n8 } = GROUPS[gName];
  const G = curve[gName];
  const nW = Math.ceil(SCALAR_BITS / w);
  const nE = 2 ** w;
  const n = nW * nE;
  const [affine] = await curve.tm.queueAction([
    { cmd: 'ALLOCSET', var: 0, buff: G.toJacobian(G.g) },
    { cmd: 'ALLOC', var: 1, len: n * n8 * 3 },
    { cmd: 'CALL', fnName: `zkml_${prefix}_combTable`, params: [{ var: 0 }, { val: nW }, { val: nE }, { var: 1 }] },
    { cmd: 'ALLOC', var: 2, len: n * n8 * 2 },
    { cmd: 'ALLOC', var: 3, len: (2 * n + 2) * n8 }, // headroom for batchToAffine's scratch space
    { cmd: 'CALL', fnName: `${prefix}_batchToAffine`, params: [{ var: 1 }, { val: n }, { var: 2 }] },
    { cmd: 'GET', out: 0, var: 2, len: n * n8 * 2 },
  ]);
  return { w, nW, nE, affine: affine! };
}

/** Base-2^w digits (u16, nW per scalar) of n scalars in standard little-endian form. */
function scalarDigits(scalars: Buf, first: number, n: number, t: CombTable): Uint16Array {
  const { w, nW } = t;
  const mask = (1 << w) - 1;
  const out = new Uint16Array(n * nW);
  const dv = new DataView(scalars.buffer, scalars.byteOffset, scalars.byteLength);
  const words = new Uint32Array(9);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const base = (first + i) * 32;
    for (let k = 0; k < 8; k++) words[k] = dv.getUint32(base + 4 * k, true);
    for (let j = 0; j < nW; j++) {
      const bit = j * w;
      const wi = bit >>> 5;
      const sh = bit & 31;
      let v = words[wi]! >>> sh;
      if (sh + w > 32) v |= words[wi + 1]! << (32 - sh);
      out[o++] = v & mask;
    }
  }
  return out;
}

interface MulJob { gName: GroupName; scalars: Buf; out: Buf; outOffset: number; label: string }

/**
 * out[outOffset + i·sA] = scalars[i]·G (affine, LEM) for every job, scalars in standard form.
 * Chunks run in ffjavascript's workers; the main thread computes digits for the next ones.
 */
async function fixedBaseMul(curve: Curve, jobs: MulJob[], log?: (m: string) => void): Promise<void> {
  const tables: Partial<Record<GroupName, CombTable>> = {};
  const chunks: { job: MulJob; first: number; n: number }[] = [];
  const totals: Record<GroupName, number> = { G1: 0, G2: 0 };
  for (const job of jobs) totals[job.gName] += job.scalars.length / 32;
  await Promise.all((['G1', 'G2'] as const).filter((g) => totals[g] > 0).map(async (gName) => {
    const w = chooseWindow(totals[gName], GROUPS[gName].n8 * 2);
    tables[gName] = await buildTable(curve, gName, w);
    log?.(`${gName}: ${totals[gName]} points, comb window ${w} bits (${tables[gName]!.nW} windows)`);
  }));
  for (const job of jobs) {
    const nPts = job.scalars.length / 32;
    const maxChunk = job.gName === 'G1' ? 32768 : 16384;
    const size = Math.max(256, Math.min(maxChunk, Math.ceil(nPts / (2 * curve.tm.concurrency))));
    for (let first = 0; first < nPts; first += size) chunks.push({ job, first, n: Math.min(size, nPts - first) });
  }
  const totalPts = totals.G1 + totals.G2;
  let next = 0;
  let donePts = 0;
  let lastReport = 0;
  const t0 = Date.now();
  const lane = async (): Promise<void> => {
    while (next < chunks.length) {
      const { job, first, n } = chunks[next++]!;
      const { prefix, n8 } = GROUPS[job.gName];
      const t = tables[job.gName]!;
      const digits = scalarDigits(job.scalars, first, n, t);
      const [res] = await curve.tm.queueAction([
        { cmd: 'ALLOCSET', var: 0, buff: t.affine },
        { cmd: 'ALLOCSET', var: 1, buff: new Uint8Array(digits.buffer) },
        { cmd: 'ALLOC', var: 2, len: n * n8 * 2 },
        { cmd: 'ALLOC', var: 3, len: n * n8 },
        { cmd: 'ALLOC', var: 4, len: n * n8 },
        { cmd: 'ALLOC', var: 5, len: (n + 2) * n8 }, // headroom for batchInverse's scratch space
        {
          cmd: 'CALL',
          fnName: `zkml_${prefix}_combMul`,
          params: [{ var: 0 }, { var: 1 }, { val: n }, { val: t.nW }, { val: t.nE }, { var: 2 }, { var: 3 }, { var: 4 }],
        },
        { cmd: 'GET', out: 0, var: 2, len: n * n8 * 2 },
      ]);
      job.out.set(res!, job.outOffset + first * n8 * 2);
      donePts += n;
      if (log && (donePts === totalPts || Date.now() - lastReport > 5000)) {
        lastReport = Date.now();
        const s = ((Date.now() - t0) / 1000).toFixed(1);
        log(`points: ${donePts}/${totalPts} (${Math.floor((100 * donePts) / totalPts)}%, ${s} s, ${job.label})`);
      }
    }
  };
  await Promise.all(Array.from({ length: curve.tm.concurrency + 1 }, lane));
}

// ---------------------------------------------------------------------------------------------
// Key derivation (snarkjs beacon semantics) and the contribution's hashes.

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

function chachaFromHash(hash: Uint8Array): Rng {
  const dv = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  return new ChaCha(Array.from({ length: 8 }, (_, i) => dv.getUint32(i * 4, false)));
}

function seedBytes(seed: string): Uint8Array {
  const b = new TextEncoder().encode(seed);
  if (b.length < 1 || b.length > 255) throw new Error('dev-ptau: the seed must be 1..255 UTF-8 bytes');
  return b;
}

/** snarkjs `rngFromBeaconParams`: SHA-256 applied 2^exp times to the beacon, then ChaCha20. */
async function beaconRng(beacon: Uint8Array, exp: number): Promise<Rng> {
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
