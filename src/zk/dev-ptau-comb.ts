/**
 * Fixed-base multiplication of the bn128 generators by many scalars, shared by the DEVELOPMENT
 * ptau (dev-ptau.ts) and the DEVELOPMENT Groth16 setup (dev-setup.ts). NOT FOR VALUE: both
 * compute points from publicly known secrets.
 *
 * Every point s·G is a fixed-base comb multiplication: a table T[j][d] = d·2^(w·j)·G per window j,
 * and s·G = Σ_j T[j][digit_j(s)], i.e. ~254/w additions instead of ~254 doublings + ~127
 * additions, done in affine coordinates with one batch inversion per window over thousands of
 * points (~6 field multiplications per addition). The comb loop and the table builder are small
 * WASM functions added to ffjavascript's bn128 module through its `buildBn128(singleThread,
 * plugins)` hook, so they run in ffjavascript's worker threads (Web Workers in browsers,
 * worker_threads in Node). Isomorphic: no Node-only API in this file.
 */
// ffjavascript ships no type declarations; the small surface used here is typed below.
// @ts-ignore -- untyped module
import { bn128WithPlugins } from './curve.js';
// ---------------------------------------------------------------------------------------------
// The part of ffjavascript used here.

export type Buf = Uint8Array;
export interface Rng { nextU32(): number; nextU64(): bigint }
export interface WasmFr {
  n8: number;
  one: Buf;
  zero: Buf;
  fromRng(rng: Rng): Buf;
  toObject(a: Buf): bigint;
  batchApplyKey(buff: Buf, first: Buf, inc: Buf): Promise<Buf>;
  ifft(buff: Buf): Promise<Buf>;
  batchFromMontgomery(buff: Buf): Promise<Buf>;
}
export interface WasmGroup {
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
export type TaskCmd = Record<string, unknown>;
export interface Curve {
  q: bigint;
  r: bigint;
  Fr: WasmFr;
  G1: WasmGroup;
  G2: WasmGroup;
  tm: { concurrency: number; queueAction(task: TaskCmd[]): Promise<Buf[]>; terminate(): Promise<void> };
}
export type GroupName = 'G1' | 'G2';

// Minimal view of wasmbuilder's ModuleBuilder / CodeBuilder (ffjavascript's plugin argument).
export type Code = number[];
export interface CodeBuilder {
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
export interface FunctionBuilder {
  addParam(n: string, t: 'i32'): void;
  addLocal(n: string, t: 'i32'): void;
  addCode(...c: Code[]): void;
  getCodeBuilder(): CodeBuilder;
}
export interface ModuleBuilder {
  addFunction(n: string): FunctionBuilder;
  exportFunction(n: string): void;
  alloc(size: number): number;
}


// ---------------------------------------------------------------------------------------------
// WASM plugin: fixed-base comb multiplication for G1 (g1m) and G2 (g2m).

export const GROUPS = { G1: { prefix: 'g1m', n8: 32 }, G2: { prefix: 'g2m', n8: 64 } } as const;

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
export async function buildCombCurve(): Promise<Curve> {
  const g = globalThis as { curve_bn128?: unknown };
  const cached = g.curve_bn128;
  g.curve_bn128 = null;
  try {
    // its tasks resend the comb table with every chunk: transferred, and results come back transferred (./curve.ts)
    return await bn128WithPlugins<Curve>(combPlugin as (m: never) => void);
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

export interface MulJob { gName: GroupName; scalars: Buf; out: Buf; outOffset: number; label: string }

/** The comb tables for `totals[g]` points of each group (built in the curve's workers). */
export type CombTables = Partial<Record<GroupName, CombTable>>;

/**
 * Builds the comb tables for multiplying `totals.G1` and `totals.G2` points, in the curve's workers:
 * a caller that knows its point counts early can start this and do other (main-thread) work meanwhile,
 * then pass the result to `fixedBaseMul`.
 */
export async function buildCombTables(curve: Curve, totals: Record<GroupName, number>, log?: (m: string) => void): Promise<CombTables> {
  const tables: CombTables = {};
  await Promise.all((['G1', 'G2'] as const).filter((g) => totals[g] > 0).map(async (gName) => {
    const w = chooseWindow(totals[gName], GROUPS[gName].n8 * 2);
    tables[gName] = await buildTable(curve, gName, w);
    log?.(`${gName}: ${totals[gName]} points, comb window ${w} bits (${tables[gName]!.nW} windows)`);
  }));
  return tables;
}

/**
 * out[outOffset + i·sA] = scalars[i]·G (affine, LEM) for every job, scalars in standard form.
 * Chunks run in ffjavascript's workers; the main thread computes digits for the next ones.
 * `prebuilt`: tables from `buildCombTables` for the same point counts (built here otherwise).
 */
export async function fixedBaseMul(curve: Curve, jobs: MulJob[], log?: (m: string) => void, prebuilt?: Promise<CombTables>): Promise<void> {
  const chunks: { job: MulJob; first: number; n: number }[] = [];
  const totals: Record<GroupName, number> = { G1: 0, G2: 0 };
  for (const job of jobs) totals[job.gName] += job.scalars.length / 32;
  const tables = await (prebuilt ?? buildCombTables(curve, totals, log));
  for (const g of ['G1', 'G2'] as const) {
    if (totals[g] > 0 && !tables[g]) throw new Error(`fixedBaseMul: no ${g} comb table was built`);
  }
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
