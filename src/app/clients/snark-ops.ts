/**
 * What the snark worker (workers/snark.worker.ts) runs: the src/zk adapters with progress, timings and
 * cloneable results, plus a Solidity export that works in a browser. Plain async functions, no worker
 * APIs, so Node tests run exactly the same code. The main thread never imports this module (it pulls
 * in snarkjs); it talks to the worker through `SnarkClient` (./snark-client.ts).
 *
 * Threads: snarkjs's curve (ffjavascript) starts `navigator.hardwareConcurrency` nested Web Workers
 * from a Blob URL. That works inside a module worker in Chromium (measured in
 * tests/e2e/snark-worker.test.ts), so the worker proves multi-threaded by default; the curve and its
 * threads are built once per worker and reused (globalThis.curve_bn128), `warmup` builds them early.
 */
import * as snarkjs from 'snarkjs';
import { ZkmlError } from '../../core/errors.js';
import { setup as zkSetup, devSetup as zkDevSetup, zkeyScheme, type SetupProgress, type SetupResult } from '../../zk/setup.js';
import { proveFromWitness, ProveError, type ProofInput } from '../../zk/prove.js';
import { bn128 } from '../../zk/curve.js';
import { verifyDetailed } from '../../zk/verify.js';
import { verifyProofLink, type ProofLinkPayload, type ProofLinkVerification } from '../../core/share/proof-link.js';
import { solidityCalldata, ExportError } from '../../zk/export.js';
import type { Scheme, PowerRequirement, PtauHeader } from '../../zk/ptau.js';
import { powerRequirementForR1cs } from '../../zk/ptau.js';
import { parseR1cs } from '../../zk/r1cs.js';

export type { Scheme, ProofInput };

/** Where a long job is. `setup` stages come from src/zk/setup.ts; `witness`/`prove` are proving's two halves. */
export interface SnarkProgress {
  stage: SetupProgress['stage'] | 'witness' | 'prove';
  /** a snarkjs log line (stage `log`) or a short description */
  message?: string;
  /**
   * How much of the job is done, 0…1, where the work is countable (the development setup's points,
   * Groth16 proving's FFTs and multi-exponentiation chunks); absent otherwise.
   */
  fraction?: number;
  /** since the job started */
  elapsedMs: number;
}
export type ProgressFn = (p: SnarkProgress) => void;

export interface SetupRequest {
  scheme: Scheme;
  r1cs: Uint8Array;
  /** a phase-2-prepared ptau of sufficient power (see `requiredPower` in src/zk/ptau.ts) */
  ptau: Uint8Array;
  /** groth16 phase-2 entropy; random when omitted */
  entropy?: string;
}
export interface SetupResponse {
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  requirement: PowerRequirement;
  /** the ptau's header (without its section table) */
  ptau: Omit<PtauHeader, 'sections'>;
  ms: number;
}

/** A DEVELOPMENT Groth16 setup computed from the public dev-ptau secret: no ptau file (NOT FOR VALUE). */
export interface DevSetupRequest {
  r1cs: Uint8Array;
  /** the development ptau power the key is equivalent to; default the smallest that fits */
  power?: number;
  /** the development ptau seed; default DEV_PTAU_SEED */
  seed?: string;
  /** hand the r1cs back in the response (`returned`): the caller transferred it and wants it again */
  giveBack?: boolean;
}
export interface DevSetupResponse {
  scheme: 'groth16';
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  requirement: PowerRequirement;
  /** the development ptau power the key equals a snarkjs setup from */
  power: number;
  /** how the key was made, for the UI: DEV_SETUP_LABEL ("development setup with a public beacon — not for value …") */
  label: string;
  development: true;
  ms: number;
  /** the request's r1cs, when it asked for it back (`giveBack`) */
  returned?: { r1cs: Uint8Array };
}

export interface ProveRequest {
  scheme: Scheme;
  /** the circuit's witness calculator (circom's .wasm) */
  wasm: Uint8Array;
  zkey: Uint8Array;
  /** signal name → value(s), e.g. `witnessFromPlan(...).input` */
  input: ProofInput;
  /** hand wasm and zkey back in the response (`returned`): the caller transferred them and wants them again */
  giveBack?: boolean;
  /** prove without snarkjs's curve threads (see `proveFromWitness`); default: threaded */
  singleThread?: boolean;
}
export interface ProveResponse {
  proof: snarkjs.Proof;
  /** decimal strings, outputs first, in the circuit's order */
  publicSignals: string[];
  timings: { witnessMs: number; proveMs: number; totalMs: number };
  /** the request's wasm and zkey, when it asked for them back (`giveBack`) */
  returned?: { wasm: Uint8Array; zkey: Uint8Array };
}

export interface VerifyRequest {
  scheme: Scheme;
  vkey: unknown;
  proof: unknown;
  publicSignals: unknown;
}
export interface VerifyResponse {
  valid: boolean;
  reason?: string;
  /** where a malformed proof/key/signal is (`proof.pi_a[1]`, …), for format problems */
  path?: string;
  ms: number;
}

const now = () => performance.now();

function progress(onProgress: ProgressFn | undefined, t0: number) {
  return (stage: SnarkProgress['stage'], message?: string, fraction?: number) => onProgress?.({
    stage, ...(message === undefined ? {} : { message }), ...(fraction === undefined ? {} : { fraction }), elapsedMs: Math.round(now() - t0),
  });
}

/**
 * The development setup's share of work done, from its log lines (src/zk/dev-setup.ts): the
 * fixed-base multiplications ("points: a/b", most of the time) between the QAP evaluation and the
 * circuit hash. Undefined for lines that say nothing about it.
 */
export function devSetupFraction(message: string): number | undefined {
  const pts = /points: (\d+)\/(\d+)/.exec(message);
  if (pts && Number(pts[2]) > 0) return 0.15 + 0.75 * Math.min(1, Number(pts[1]) / Number(pts[2]));
  if (/Lagrange bases/.test(message)) return 0.02;
  if (/QAP evaluation/.test(message)) return 0.08;
  if (/fixed-base multiplications/.test(message)) return 0.15;
  if (/circuit hash/.test(message)) return 0.9;
  if (/beacon contribution/.test(message)) return 0.95;
  if (/^\[[\d.]+ s\] done/.test(message)) return 1;
  return undefined;
}

/**
 * Groth16 proving's share of work done, from snarkjs's debug log: six FFTs over the domain, then five
 * multi-exponentiations (A, B1 and C over the wires, B2 in G2, about three times dearer, H over the
 * domain), each split into chunks whose ends are logged. Weights are the stages' rough relative costs.
 */
export class Groth16Progress {
  private static readonly STAGES: [RegExp, number][] = [
    [/^Reading Wtns|^Reading Coeffs|^Building ABC|^QAP /, 4],
    [/^IFFT_A/, 3], [/^FFT_A/, 3], [/^IFFT_B/, 3], [/^FFT_B/, 3], [/^IFFT_C/, 3], [/^FFT_C/, 3],
    [/^Join ABC|^JoinABC/, 3],
    [/multiexp A\b|Reading A Points/, 12], [/multiexp B1\b|Reading B1 Points/, 12], [/multiexp B2\b|Reading B2 Points/, 30],
    [/multiexp C\b|Reading C Points/, 10], [/multiexp H\b|Reading H Points/, 11],
  ];
  private static readonly TOTAL = Groth16Progress.STAGES.reduce((a, [, w]) => a + w, 0);
  private stage = -1;
  private starts = 0;
  private ends = 0;

  /** The fraction done after this log line (never decreasing), or undefined if the line says nothing new. */
  update(line: string): number | undefined {
    const i = Groth16Progress.STAGES.findIndex(([re]) => re.test(line));
    if (i < 0) return undefined;
    if (i > this.stage) { this.stage = i; this.starts = 0; this.ends = 0; }
    if (i === this.stage) {
      if (/^Multiexp start/.test(line)) this.starts++;
      else if (/^Multiexp end/.test(line)) this.ends++;
    }
    const done = Groth16Progress.STAGES.slice(0, this.stage).reduce((a, [, w]) => a + w, 0);
    const inner = this.starts > 0 ? this.ends / this.starts : 0;
    return Math.min(1, (done + Groth16Progress.STAGES[this.stage]![1] * inner) / Groth16Progress.TOTAL);
  }
}

/** Builds snarkjs's curve (and its worker threads) ahead of the first job. */
export async function warmup(): Promise<{ threads: number; ms: number }> {
  const t0 = now();
  const curve = await bn128();
  const tm = (curve as unknown as { tm?: { concurrency?: number } }).tm;
  return { threads: tm?.concurrency ?? 1, ms: Math.round(now() - t0) };
}

export async function setup(req: SetupRequest, onProgress?: ProgressFn): Promise<SetupResponse> {
  const t0 = now();
  const report = progress(onProgress, t0);
  const r: SetupResult = await zkSetup({
    scheme: req.scheme, r1cs: req.r1cs, ptau: req.ptau, entropy: req.entropy,
    onProgress: (p) => report(p.stage, p.message),
  });
  const { sections: _sections, ...ptau } = r.ptau;
  return { zkey: r.zkey, vkey: r.vkey, requirement: r.requirement, ptau, ms: Math.round(now() - t0) };
}

/** Groth16 keys from the public development secret (byte-identical to snarkjs newZKey on the dev ptau + zkey beacon with DEV_BEACON_HASH); NOT FOR VALUE. */
export async function devSetup(req: DevSetupRequest, onProgress?: ProgressFn): Promise<DevSetupResponse> {
  const t0 = now();
  const report = progress(onProgress, t0);
  let last = -1;
  const r = await zkDevSetup({
    r1cs: req.r1cs, power: req.power, seed: req.seed,
    onProgress: (p) => {
      const f = p.message === undefined ? undefined : devSetupFraction(p.message);
      if (f !== undefined) last = Math.max(last, f);
      report(p.stage, p.message, last >= 0 ? last : undefined);
    },
  });
  return {
    scheme: 'groth16', zkey: r.zkey, vkey: r.vkey, requirement: r.requirement, power: r.power, label: r.label,
    development: true, ms: Math.round(now() - t0),
    ...(req.giveBack ? { returned: { r1cs: req.r1cs } } : {}),
  };
}

/** The circuit's wasm run on `input` (its asserts included): snarkjs's .wtns bytes, or a `ProveError`. */
async function calculateWitness(input: ProofInput, wasm: Uint8Array): Promise<Uint8Array> {
  const wtns: snarkjs.MemFile = { type: 'mem' };
  try {
    await snarkjs.wtns.calculate(input, wasm, wtns);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ProveError(`witness computation failed: ${msg.trim()}`, { cause: e });
  }
  if (!wtns.data) throw new ProveError('witness computation produced no witness');
  return wtns.data;
}

export interface WitnessRequest {
  /** the circuit's witness calculator (circom's .wasm) */
  wasm: Uint8Array;
  input: ProofInput;
  /** hand the wasm back in the response (`returned`): the caller transferred it */
  giveBack?: boolean;
}
export interface WitnessResponse {
  /** snarkjs's binary witness (.wtns), what `snarkjs groth16 prove` and rapidsnark's `prover` read */
  wtns: Uint8Array;
  ms: number;
  returned?: { wasm: Uint8Array };
}

/**
 * The witness alone, for a native prover (rapidsnark) when proving does not fit in the tab: computing it
 * costs a fraction of proving (no zkey is read). A refused input is a `ProveError`.
 */
export async function witness(req: WitnessRequest): Promise<WitnessResponse> {
  const t0 = now();
  const wtns = await calculateWitness(req.input, req.wasm);
  return { wtns, ms: Math.round(now() - t0), ...(req.giveBack ? { returned: { wasm: req.wasm } } : {}) };
}

/** Witness (the circuit's wasm runs the circuit's asserts) then proof; both failures are `ProveError`s. */
export async function prove(req: ProveRequest, onProgress?: ProgressFn): Promise<ProveResponse> {
  const t0 = now();
  const report = progress(onProgress, t0);
  let actual: Scheme;
  try { actual = zkeyScheme(req.zkey); } catch (e) { throw new ProveError(`unusable zkey: ${(e as Error).message}`, { cause: e }); }
  if (actual !== req.scheme) throw new ProveError(`this zkey is for ${actual}, not ${req.scheme}`, { details: { expected: req.scheme, actual } });
  report('witness');
  const wtns = { data: await calculateWitness(req.input, req.wasm) };
  const t1 = now();
  report('prove', undefined, req.scheme === 'groth16' ? 0 : undefined);
  // Groth16: a percentage from snarkjs's FFT and multi-exponentiation log, sent on each whole percent
  let logger: snarkjs.Logger | undefined;
  if (req.scheme === 'groth16' && onProgress) {
    const g = new Groth16Progress();
    let sent = 0;
    const debug = (line: unknown) => {
      const f = g.update(String(line));
      if (f !== undefined && Math.floor(f * 100) > Math.floor(sent * 100)) { sent = f; report('prove', undefined, f); }
    };
    const nop = () => {};
    logger = { debug, info: nop, warn: nop, error: nop } as unknown as snarkjs.Logger;
  }
  const { proof, publicSignals } = await proveFromWitness({ scheme: req.scheme, zkey: req.zkey, wtns: wtns.data, logger, singleThread: req.singleThread });
  const t2 = now();
  report('done', undefined, 1);
  return {
    proof, publicSignals, timings: { witnessMs: Math.round(t1 - t0), proveMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) },
    ...(req.giveBack ? { returned: { wasm: req.wasm, zkey: req.zkey } } : {}),
  };
}

/** Never throws for bad content: a malformed or false proof is `valid: false` with a reason. */
export async function verify(req: VerifyRequest): Promise<VerifyResponse> {
  const t0 = now();
  const r = await verifyDetailed(req);
  const path = r.error?.details.path;
  return {
    valid: r.valid,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    ...(typeof path === 'string' ? { path } : {}),
    ms: Math.round(now() - t0),
  };
}

/** A share link's verdict (`verifyProofLink`: curve points, the proof, the bound claims, the input picture). */
export interface VerifyLinkResponse extends ProofLinkVerification {
  ms: number;
}

/** Verifies a decoded share link, off the page. Never throws for bad content: `valid: false` with a reason. */
/**
 * The exact ptau power `scheme` needs for this r1cs. PLONK/FFLONK gates cannot be read from the r1cs
 * header (every long linear combination adds gates; Poseidon-heavy circuits exceed any fixed ratio),
 * so they are counted from the constraints, here in the worker: a 25 MB r1cs takes a second or two.
 */
export async function powerRequirement(req: { r1cs: Uint8Array; scheme: Scheme }): Promise<PowerRequirement> {
  return powerRequirementForR1cs(req.scheme, parseR1cs(req.r1cs));
}

export async function verifyLink(payload: ProofLinkPayload): Promise<VerifyLinkResponse> {
  const t0 = now();
  const r = await verifyProofLink(payload);
  return { ...r, ms: Math.round(now() - t0) };
}

export async function calldata(scheme: Scheme, proof: snarkjs.Proof, publicSignals: string[]): Promise<string> {
  return solidityCalldata(scheme, proof, publicSignals);
}

// ── Solidity export without snarkjs's EJS ─────────────────────────────────────────────────────

/**
 * A Solidity verifier contract for `zkey`, byte-identical to `snarkjs zkey export solidityverifier`.
 * snarkjs's browser build has no EJS renderer (src/zk/export.ts), so this renders snarkjs's own
 * templates (bundled as text, loaded on first use) with `renderEjs`, after the same fflonk
 * precomputation snarkjs does. Works in Node and in browsers.
 */
export async function solidityVerifier(zkey: Uint8Array): Promise<string> {
  let scheme: Scheme;
  try { scheme = zkeyScheme(zkey); } catch (e) { throw new ExportError(`not a zkey: ${(e as Error).message}`, { cause: e }); }
  try {
    const [vkey, template] = await Promise.all([snarkjs.zKey.exportVerificationKey(zkey), loadTemplate(scheme)]);
    const src = renderEjs(template, scheme === 'fflonk' ? fflonkSolidityParams(vkey) : vkey);
    if (!src.includes('contract')) throw new ExportError('the template rendered no contract');
    return src;
  } catch (e) {
    if (e instanceof ZkmlError) throw e;
    throw new ExportError(`Solidity export failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

async function loadTemplate(scheme: Scheme): Promise<string> {
  // Relative paths: snarkjs's package exports do not expose templates/. Vite inlines them as strings.
  const m = scheme === 'groth16'
    ? await import('../../../node_modules/snarkjs/templates/verifier_groth16.sol.ejs?raw')
    : scheme === 'plonk'
      ? await import('../../../node_modules/snarkjs/templates/verifier_plonk.sol.ejs?raw')
      : await import('../../../node_modules/snarkjs/templates/verifier_fflonk.sol.ejs?raw');
  return m.default;
}

const FR = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** snarkjs fflonkExportSolidityVerifier's precomputation: w3², w4², w4³ and w8^1..7 (mod r). */
export function fflonkSolidityParams(vk: snarkjs.VerificationKey): Record<string, unknown> {
  const out: Record<string, unknown> = { ...vk };
  const mul = (a: bigint, b: bigint) => (a * b) % FR;
  const w3 = BigInt(vk.w3 as string);
  const w4 = BigInt(vk.w4 as string);
  const w8 = BigInt(vk.w8 as string);
  out.w3_2 = mul(w3, w3).toString();
  out.w4_2 = mul(w4, w4).toString();
  out.w4_3 = mul(mul(w4, w4), w4).toString();
  let acc = 1n;
  for (let i = 1; i < 8; i++) {
    acc = mul(acc, w8);
    out[`w8_${i}`] = acc.toString();
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * The subset of EJS (3.x defaults) snarkjs's templates use: `<% code %>`, `<%= escaped %>`,
 * `<%- raw %>`, and `-%>` (drops the newline after the tag); tags may span lines. Data fields are
 * in scope as variables, as in EJS. Templates are trusted code (snarkjs's own).
 */
export function renderEjs(template: string, data: Record<string, unknown>): string {
  let body = '';
  let i = 0;
  for (;;) {
    const start = template.indexOf('<%', i);
    if (start < 0) { body += `__out += ${JSON.stringify(template.slice(i))};\n`; break; }
    body += `__out += ${JSON.stringify(template.slice(i, start))};\n`;
    const end = template.indexOf('%>', start + 2);
    if (end < 0) throw new ExportError(`template: unclosed <% at offset ${start}`);
    let tag = template.slice(start + 2, end);
    i = end + 2;
    if (tag.endsWith('-')) {
      tag = tag.slice(0, -1);
      if (template.startsWith('\r\n', i)) i += 2;
      else if (template[i] === '\n') i += 1;
    }
    if (tag.startsWith('=')) body += `__out += __esc(${tag.slice(1)});\n`;
    else if (tag.startsWith('-')) body += `__out += __raw(${tag.slice(1)});\n`;
    else body += `${tag}\n`;
  }
  const raw = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const esc = (v: unknown) => raw(v).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- EJS compiles templates the same way
  const fn = new Function('__data', '__esc', '__raw', `let __out = '';\nwith (__data) {\n${body}}\nreturn __out;`) as
    (d: Record<string, unknown>, e: typeof esc, r: typeof raw) => string;
  return fn(data, esc, raw);
}
