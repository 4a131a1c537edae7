/**
 * Share links for proofs: everything a viewer needs to check a proof, in a URL fragment.
 *
 *   const fragment = encodeProofLink({ scheme, proof, publicSignals, vkey, meta });  // "#proof=…"
 *   const url = `${location.origin}/${fragment}`;
 *   // on the receiving page:
 *   const payload = decodeProofLink(location.hash);   // ProofLinkError for anything malformed
 *   const { valid, reason, vkeyFingerprint, unbound } = await verifyProofLink(payload);  // never throws
 *
 * Format (version 3): `#proof=` + base64url (RFC 4648 §5, no padding) of the raw DEFLATE (fflate,
 * level 9, with the preset dictionary `PROOF_LINK_DICTIONARY`) of the UTF-8 JSON
 * `{ v: 3, scheme, proof, publicSignals, vkey, meta }`. The fragment never
 * reaches a server. A later format gets a new `v`; a decoder refuses versions it does not know.
 * Version 3 admits the folded layout of a hashed-input proof, public signals `[out, claim]` with
 * claim = PoseidonCommit(tag("claim/v1"), modelCommitment, inputCommitment) (docs/PROTOCOL.md §3a):
 * the two commitments travel in `meta` and are checked by recomputing the claim. Version 2 links
 * (commitments as their own public signals) read and verify as before; an app that only knows
 * version 2 refuses a version 3 link by its version instead of misreading its signals.
 * Version 1 links (before domain-separated commitments) are refused with a reason: their picture and
 * model claims cannot be checked the way version 2 checks them.
 * A groth16 key travels without `vk_alphabeta_12`, which no verifier reads (see `essentialVkey`).
 *
 * Pure and isomorphic: fflate only. `verifyProofLink` loads src/zk/verify.ts (snarkjs) on first use,
 * so encoding and decoding stay light enough for any page.
 *
 * What a valid link proves: that SOME circuit, the one whose verification key the link carries,
 * accepts these public signals. The link brings its own key, so by itself it does not show which
 * model that circuit is: anyone can write a circuit that outputs an honest model commitment and any
 * class. The viewer therefore calls a circuit known only when the user already has its key (a project
 * in this browser, or a circuit registered on the connected chain), or when the circuit rebuilt from
 * the link's `meta.architecture` reproduces the key (development keys are deterministic); otherwise the
 * class is shown as a claim. `verifyProofLink` therefore (1) binds every meta claim it can to a public
 * signal — `modelCommitment` to `commitment`, `outputClass` to `out`, `inputCommitment` to
 * `inputCommitment` — with the signal names in the ZKML layout (outputs, `commitment`, then the
 * input signals), and (2) returns `vkeyFingerprint`, a SHA-256 of the key, for the viewer to compare
 * with a key it trusts (its own project, or an on-chain registry). Claims it cannot bind (`title`,
 * `createdAt`, …) are listed in `unbound`; show them as unverified. The input picture (`meta.input`)
 * is bound when, read with `meta.inputDescriptor`, it recomputes the public input commitment (which is
 * tagged with the descriptor's hash) or the public input signals (./input-binding.ts;
 * `verification.input` says which), and unbound otherwise. Public input signals outside the
 * descriptor's interval make the link invalid; a descriptor that contradicts `meta.architecture` too.
 *
 * Before any pairing, every G1/G2 point of the key and the proof is checked (./curve-points.ts:
 * canonical coordinates, on the curve, G2 in the prime-order subgroup): snarkjs reads coordinates
 * modulo q and does not check the key's points, so a damaged key could otherwise still "verify".
 */
import { deflateSync, Inflate } from 'fflate';
import type * as snarkjs from 'snarkjs';
import { ZkmlError } from '../errors.js';
import { canonicalJson } from '../canonical-json.js';

export { canonicalJson };
import type { Scheme } from '../../zk/ptau.js';
import type { InputBinding } from './input-binding.js';
import { parseInputDescriptor, inputDescriptorOf, type InputDescriptor } from '../commit/input-descriptor.js';
import type { Architecture } from '../commit/architecture.js';
import type { PublicModelParameters } from '../commit/public-model.js';

export type { Scheme, InputBinding, InputDescriptor, Architecture };

export const PROOF_LINK_VERSION = 3 as const;
/** Versions this decoder reads: 2 (commitments as public signals) and 3 (also the folded claim). */
export const PROOF_LINK_READABLE = [2, 3] as const;
/** The fragment parameter: `#proof=<data>`. */
export const PROOF_LINK_PARAM = 'proof';

/** Bounds a link must respect (decoding refuses anything larger, before or while inflating). */
export const PROOF_LINK_LIMITS = Object.freeze({
  /** base64url characters of the data (≈ 192 KB of deflate) */
  maxDataChars: 262_144,
  /** bytes of JSON after inflating */
  maxJsonBytes: 2 * 1024 * 1024,
  maxPublicSignals: 4096,
  maxNameChars: 256,
  maxTitleChars: 512,
  maxInputValues: 65_536,
  maxInputRank: 8,
  /** characters of the architecture's JSON */
  maxArchitectureChars: 262_144,
  /** parameters of a public model (weights and biases together) */
  maxParameters: 200_000,
});

const SCHEMES: readonly Scheme[] = ['groth16', 'plonk', 'fflonk'];

/** The input a proof was made for, for display: row-major values, each `data[i] * (scale ?? 1)`. */
export interface ProofLinkInput {
  shape: number[];
  data: number[];
  /** e.g. 1/255 when `data` holds raw pixels and the model saw pixel/255 */
  scale?: number;
}

export interface ProofLinkMeta {
  /** The model's Poseidon commitment, a decimal field element (the circuit's `commitment` output, or folded into its `claim`). */
  modelCommitment: string;
  /** The predicted class (the circuit's `out` output, for classifiers). */
  outputClass?: number;
  /** The input's Poseidon commitment, a decimal field element (circuits with a hashed input; folded into `claim`). */
  inputCommitment?: string;
  /** The input itself, for display; bound to the proof only through `inputDescriptor` (see `verifyProofLink`). */
  input?: ProofLinkInput;
  /** How the circuit reads its input (docs/PROTOCOL.md §3); a hashed input's commitment is tagged with its hash. */
  inputDescriptor?: InputDescriptor;
  /** The model's architecture as quantized, without weights (docs/PROTOCOL.md §2): lets a viewer rebuild the circuit. */
  architecture?: Architecture;
  /**
   * `public`: a public model (docs/PROTOCOL.md §2b) — its parameters are constants of the circuit and
   * travel in `parameters`, with `architecture`; the circuit has no model-commitment signal, and
   * `modelCommitment` is the §2 commitment of those parameters, recomputed by the verifier. Absent or
   * `private`: a committed model, whose commitment is a public signal (or folded into `claim`).
   */
  weights?: 'private' | 'public';
  /** A public model's parameters (flat, in the circuit's slot order, signed decimals): only with `weights: 'public'`. */
  parameters?: PublicModelParameters;
  /** One name per public signal, in snarkjs order (the transpiler's `publicSignals`). */
  publicSignalNames: string[];
  title?: string;
  /** ISO 8601 time the proof was made. */
  createdAt: string;
}

/** What `encodeProofLink` takes. */
export interface ProofLinkData {
  scheme: Scheme;
  proof: snarkjs.Proof;
  /** decimal strings, as snarkjs returns them */
  publicSignals: string[];
  vkey: snarkjs.VerificationKey;
  meta: ProofLinkMeta;
}

/** What `decodeProofLink` returns: the data with its format version. */
export interface ProofLinkPayload extends ProofLinkData {
  v: (typeof PROOF_LINK_READABLE)[number];
}

export type ProofLinkProblem = 'input' | 'base64' | 'deflate' | 'json' | 'version' | 'field' | 'size';

/** A share link (or the data for one) is malformed. `details.problem` says how, `details.path` where. */
export class ProofLinkError extends ZkmlError {
  override name = 'ProofLinkError';
  constructor(problem: ProofLinkProblem, message: string, opts: { path?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause, details: { problem, ...(opts.path ? { path: opts.path } : {}) } });
  }
  get problem(): ProofLinkProblem {
    return this.details.problem as ProofLinkProblem;
  }
}

/**
 * The preset DEFLATE dictionary of version 1 (fixed forever for v1): JSON that every link repeats —
 * keys, and the BN254 G2 generator that is every snarkjs groth16 key's `vk_gamma_2` (4 numbers of 77
 * digits). It saves about a fifth of a groth16 link (measured: 2,189 → ~1,780 characters).
 */
const G2_GEN = [
  '10857046999023057135944570762232829481370756359578518086990519993285655852781',
  '11559732032986387107991004021392285783925812861821192530917403151452391805634',
  '8495653923123431417604973247489272438418190587263600148770280649306958101930',
  '4082367875863433681332203403145435568316851327593401208105741076214120093531',
];
export const PROOF_LINK_DICTIONARY = new TextEncoder().encode(
  '"polynomials":{"C1":["C2":["W1":["W2":["evaluations":{"ql":"qr":"qm":"qo":"qc":"s1":"s2":"s3":"a":"b":"c":"z":"zw":"t1w":"t2w":"inv":' +
  '"protocol":"fflonk","k1":"k2":"w3":"w4":"w8":"wr":"X_2":[["C0":["f":' +
  '{"A":["B":["C":["Z":["T1":["T2":["T3":["Wxi":["Wxiw":["eval_a":"eval_b":"eval_c":"eval_s1":"eval_s2":"eval_zw":' +
  '"protocol":"plonk","power":"Qm":["Ql":["Qr":["Qo":["Qc":["S1":["S2":["S3":["w":' +
  '"meta":{"modelCommitment":"outputClass":"inputCommitment":"input":{"shape":[28,28,1],"data":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"scale":0.00392156862745098},' +
  '"publicSignalNames":["out","commitment","inputCommitment","in[0]","in[1]","out[0]","out[1]"],"title":"createdAt":"20' +
  '"inputDescriptor":{"kind":"zkml/input/v1","shape":[28,28,1],"bits":10,"fracBits":8,"lo":"0","hi":"256"},' +
  '"architecture":{"kind":"zkml/architecture/v1","inputShape":[28,28,1],"inputScale":8,"output":"nodes":[{"id":"in","kind":"input","inputs":[],"shape":[' +
  '"scale":"lo":"hi":"bits":"params":{},"weights":{}},{"id":"kind":"conv2d","dense","rescale","rescaleRelu","maxPool2d","avgPool2d","flatten","argmax"' +
  '"KH":3,"KW":3,"C_IN":"C_OUT":"STRIDE_H":1,"STRIDE_W":1,"PADDING":0,"N_IN":"N_OUT":"OFFSET":"B":"S":"width":' +
  `{"v":2,"scheme":"groth16","proof":{"pi_a":["","","1"],"pi_b":[["",""],["",""],["1","0"]],"pi_c":["","","1"],"protocol":"groth16","curve":"bn128"},` +
  `"publicSignals":["","",""],"vkey":{"protocol":"groth16","curve":"bn128","nPublic":2,"vk_alpha_1":["","","1"],"vk_beta_2":[["",""],["",""],["1","0"]],` +
  `"vk_gamma_2":[["${G2_GEN[0]}","${G2_GEN[1]}"],["${G2_GEN[2]}","${G2_GEN[3]}"],["1","0"]],"vk_delta_2":[["",""],["",""],["1","0"]],"IC":[["","","1"],[`,
);

// ── base64url ────────────────────────────────────────────────────────────────────────────────

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict: only the base64url alphabet, no padding, no impossible lengths or stray bits. */
export function base64urlDecode(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new ProofLinkError('base64', `not base64url: impossible length ${s.length}`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) throw new ProofLinkError('base64', `not base64url: character ${JSON.stringify(s[i])} at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new ProofLinkError('base64', 'not base64url: non-zero trailing bits');
  return out;
}

// ── encode ───────────────────────────────────────────────────────────────────────────────────

/**
 * The URL fragment (`#proof=…`) for a proof. Throws `ProofLinkError` (problem `input`) when the data
 * would not decode again: the same checks as `decodeProofLink`, so every link made here is readable.
 */
export function encodeProofLink(data: ProofLinkData): string {
  let payload: ProofLinkPayload;
  let json: string;
  try {
    payload = checkPayload({ v: PROOF_LINK_VERSION, ...data });
    json = JSON.stringify(payload);
  } catch (e) {
    if (e instanceof ProofLinkError) throw new ProofLinkError('input', `cannot make a proof link: ${e.message}`, { path: e.details.path as string | undefined, cause: e });
    throw new ProofLinkError('input', `cannot make a proof link: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const bytes = new TextEncoder().encode(json);
  if (bytes.length > PROOF_LINK_LIMITS.maxJsonBytes) throw new ProofLinkError('input', `cannot make a proof link: ${bytes.length} bytes of JSON, the limit is ${PROOF_LINK_LIMITS.maxJsonBytes}`);
  const encoded = base64urlEncode(deflateSync(bytes, { level: 9, mem: 12, dictionary: PROOF_LINK_DICTIONARY }));
  if (encoded.length > PROOF_LINK_LIMITS.maxDataChars) throw new ProofLinkError('input', `cannot make a proof link: ${encoded.length} characters, the limit is ${PROOF_LINK_LIMITS.maxDataChars}`);
  return `#${PROOF_LINK_PARAM}=${encoded}`;
}

/** A full URL: `base` (its own fragment dropped) + the proof fragment. */
export function proofLinkUrl(base: string, data: ProofLinkData): string {
  const i = base.indexOf('#');
  return (i < 0 ? base : base.slice(0, i)) + encodeProofLink(data);
}

// ── decode ───────────────────────────────────────────────────────────────────────────────────

/**
 * Raw inflate that stops as soon as the output passes `max` bytes (a deflate bomb costs at most one
 * 1 KiB input step beyond the limit, never the whole expansion).
 */
function inflateBounded(compressed: Uint8Array, max: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const tooBig = new ProofLinkError('size', `inflates to more than ${max} bytes`);
  try {
    const inflate = new Inflate({ dictionary: PROOF_LINK_DICTIONARY }, (chunk) => {
      total += chunk.length;
      if (total > max) throw tooBig;
      chunks.push(chunk);
    });
    const STEP = 1024;
    if (compressed.length === 0) inflate.push(compressed, true);
    for (let i = 0; i < compressed.length; i += STEP) inflate.push(compressed.subarray(i, i + STEP), i + STEP >= compressed.length);
  } catch (e) {
    if (e === tooBig) throw e;
    throw new ProofLinkError('deflate', `not valid deflate data: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** The `proof=` value of a fragment, URL or bare data string. */
function extractData(link: string): string {
  const hash = link.indexOf('#');
  const fragment = hash >= 0 ? link.slice(hash + 1) : link;
  const prefix = `${PROOF_LINK_PARAM}=`;
  const param = fragment.split('&').find((p) => p.startsWith(prefix));
  if (param !== undefined) return param.slice(prefix.length);
  if (hash >= 0 || fragment.includes('=')) throw new ProofLinkError('input', `no "${prefix}" in the link`);
  return fragment;
}

/**
 * The payload of a share link. Takes the fragment (`#proof=…`, from `location.hash`), a whole URL,
 * or the bare data. Throws `ProofLinkError` — and nothing else — for anything malformed: bad base64,
 * bad deflate, bad JSON, an unknown version, missing or mistyped fields, or sizes beyond
 * `PROOF_LINK_LIMITS`. Checks structure only; `verifyProofLink` checks the proof.
 */
export function decodeProofLink(link: string): ProofLinkPayload {
  try {
    if (typeof link !== 'string') throw new ProofLinkError('input', `expected a string, got ${link === null ? 'null' : typeof link}`);
    if (link.length > PROOF_LINK_LIMITS.maxDataChars + 4096) throw new ProofLinkError('size', `link of ${link.length} characters is longer than any proof link`);
    const data = extractData(link.trim());
    if (data.length === 0) throw new ProofLinkError('input', 'empty proof link');
    if (data.length > PROOF_LINK_LIMITS.maxDataChars) throw new ProofLinkError('size', `${data.length} characters of data, the limit is ${PROOF_LINK_LIMITS.maxDataChars}`);
    const compressed = base64urlDecode(data);
    const bytes = inflateBounded(compressed, PROOF_LINK_LIMITS.maxJsonBytes);
    if (bytes.length === 0) throw new ProofLinkError('deflate', 'inflates to nothing');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new ProofLinkError('json', 'not UTF-8 text', { cause: e });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ProofLinkError('json', `not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return checkPayload(parsed);
  } catch (e) {
    if (e instanceof ProofLinkError) throw e;
    throw new ProofLinkError('input', `unreadable proof link: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FIELD_DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

function fail(path: string, problem: string, kind: ProofLinkProblem = 'field'): never {
  throw new ProofLinkError(kind, `proof link ${path} ${problem}`, { path });
}

function str(v: unknown, path: string, max: number): string {
  if (typeof v !== 'string') fail(path, `must be a string, is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`);
  if (v.length > max) fail(path, `is ${v.length} characters, the limit is ${max}`, 'size');
  return v;
}

function fieldElement(v: unknown, path: string): string {
  const s = str(v, path, 78);
  if (!FIELD_DECIMAL.test(s)) fail(path, `must be a canonical decimal number, is ${JSON.stringify(s.slice(0, 40))}`);
  return s;
}

/** A JSON object, checked to be plain data (no cycles are possible after JSON, but encode gets objects). */
function jsonObject(v: unknown, path: string): Record<string, unknown> {
  if (!isObj(v)) fail(path, 'must be an object');
  return v;
}

function checkInput(v: unknown, path: string): ProofLinkInput {
  const o = jsonObject(v, path);
  const L = PROOF_LINK_LIMITS;
  if (!Array.isArray(o.shape)) fail(`${path}.shape`, 'must be an array');
  if (o.shape.length < 1 || o.shape.length > L.maxInputRank) fail(`${path}.shape`, `must have 1..${L.maxInputRank} dimensions`, 'size');
  let n = 1;
  o.shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) fail(`${path}.shape[${i}]`, 'must be a positive integer');
    n *= d;
    if (n > L.maxInputValues) fail(`${path}.shape`, `holds more than ${L.maxInputValues} values`, 'size');
  });
  if (!Array.isArray(o.data)) fail(`${path}.data`, 'must be an array');
  if (o.data.length !== n) fail(`${path}.data`, `has ${o.data.length} values, the shape holds ${n}`);
  o.data.forEach((x, i) => { if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${path}.data[${i}]`, 'must be a finite number'); });
  const out: ProofLinkInput = { shape: [...(o.shape as number[])], data: [...(o.data as number[])] };
  if (o.scale !== undefined) {
    if (typeof o.scale !== 'number' || !Number.isFinite(o.scale) || o.scale <= 0) fail(`${path}.scale`, 'must be a positive number');
    out.scale = o.scale;
  }
  return out;
}

/** A descriptor by the rules of src/core/commit/input-descriptor.ts, within the link's own size limits. */
function checkDescriptor(v: unknown, path: string): InputDescriptor {
  let d: InputDescriptor;
  try {
    d = parseInputDescriptor(v);
  } catch (e) {
    fail(path, e instanceof Error ? e.message.replace(/^the input description /, '') : String(e));
  }
  if (d.shape.reduce((a, b) => a * b, 1) > PROOF_LINK_LIMITS.maxInputValues) fail(`${path}.shape`, `holds more than ${PROOF_LINK_LIMITS.maxInputValues} values`, 'size');
  return d;
}

function checkMeta(v: unknown, nSignals: number): ProofLinkMeta {
  const L = PROOF_LINK_LIMITS;
  const o = jsonObject(v, 'meta');
  if (!('modelCommitment' in o)) fail('meta.modelCommitment', 'is missing');
  if (!('publicSignalNames' in o)) fail('meta.publicSignalNames', 'is missing');
  if (!('createdAt' in o)) fail('meta.createdAt', 'is missing');
  const meta: ProofLinkMeta = {
    modelCommitment: fieldElement(o.modelCommitment, 'meta.modelCommitment'),
    publicSignalNames: [],
    createdAt: str(o.createdAt, 'meta.createdAt', 64),
  };
  if (Number.isNaN(Date.parse(meta.createdAt))) fail('meta.createdAt', 'must be an ISO 8601 time');
  if (!Array.isArray(o.publicSignalNames)) fail('meta.publicSignalNames', 'must be an array');
  if (o.publicSignalNames.length !== nSignals) fail('meta.publicSignalNames', `has ${o.publicSignalNames.length} names for ${nSignals} public signals`);
  meta.publicSignalNames = o.publicSignalNames.map((s, i) => str(s, `meta.publicSignalNames[${i}]`, L.maxNameChars));
  if (o.outputClass !== undefined) {
    if (typeof o.outputClass !== 'number' || !Number.isSafeInteger(o.outputClass) || o.outputClass < 0) fail('meta.outputClass', 'must be a non-negative integer');
    meta.outputClass = o.outputClass;
  }
  if (o.inputCommitment !== undefined) meta.inputCommitment = fieldElement(o.inputCommitment, 'meta.inputCommitment');
  if (o.input !== undefined) meta.input = checkInput(o.input, 'meta.input');
  if (o.inputDescriptor !== undefined) meta.inputDescriptor = checkDescriptor(o.inputDescriptor, 'meta.inputDescriptor');
  if (o.architecture !== undefined) {
    const a = jsonObject(o.architecture, 'meta.architecture');
    if (a.kind !== 'zkml/architecture/v1') fail('meta.architecture.kind', 'must be "zkml/architecture/v1"');
    if (JSON.stringify(a).length > L.maxArchitectureChars) fail('meta.architecture', `is longer than ${L.maxArchitectureChars} characters`, 'size');
    meta.architecture = JSON.parse(JSON.stringify(a)) as Architecture; // a plain copy; its structure is checked where it is used (graphFromArchitecture)
  }
  if (o.title !== undefined) meta.title = str(o.title, 'meta.title', L.maxTitleChars);
  if (o.weights !== undefined) {
    if (o.weights !== 'private' && o.weights !== 'public') fail('meta.weights', `must be "private" or "public", is ${JSON.stringify(o.weights)}`);
    meta.weights = o.weights;
  }
  if (meta.weights === 'public') {
    if (meta.architecture === undefined) fail('meta.architecture', 'is missing: a public model\'s link carries its architecture');
    if (o.parameters === undefined) fail('meta.parameters', 'is missing: a public model\'s link carries its parameters');
    const ps = jsonObject(o.parameters, 'meta.parameters');
    const list = (k: 'weights' | 'biases'): string[] => {
      const v = ps[k];
      if (!Array.isArray(v)) fail(`meta.parameters.${k}`, 'must be an array');
      return v.map((x, i) => str(x, `meta.parameters.${k}[${i}]`, 79));
    };
    const n = (Array.isArray(ps.weights) ? ps.weights.length : 0) + (Array.isArray(ps.biases) ? ps.biases.length : 0);
    if (n > L.maxParameters) fail('meta.parameters', `holds ${n} values, the limit is ${L.maxParameters}`, 'size');
    meta.parameters = { weights: list('weights'), biases: list('biases') };
  } else if (o.parameters !== undefined) {
    fail('meta.parameters', 'is only for a public model (meta.weights "public"): a committed model\'s link never carries its weights');
  }
  return meta;
}

/** Structure and sizes of a payload (decoded JSON, or data about to be encoded). */
function checkPayload(v: unknown): ProofLinkPayload {
  const o = jsonObject(v, 'payload');
  if (o.v === 1) {
    throw new ProofLinkError('version', 'this is a version 1 proof link, made before ZKML tagged its commitments with the model\'s architecture and the input\'s encoding: its claims cannot be checked. Ask for a new link.', { path: 'v' });
  }
  if (!(PROOF_LINK_READABLE as readonly unknown[]).includes(o.v)) {
    throw new ProofLinkError('version', `proof link version ${JSON.stringify(o.v)} is not supported (this app reads versions ${PROOF_LINK_READABLE.join(' and ')})`, { path: 'v' });
  }
  const version = o.v as ProofLinkPayload['v'];
  if (!SCHEMES.includes(o.scheme as Scheme)) fail('scheme', `must be one of ${SCHEMES.join(', ')}, is ${JSON.stringify(o.scheme)}`);
  const scheme = o.scheme as Scheme;
  const proof = jsonObject(o.proof, 'proof');
  const vkey = jsonObject(o.vkey, 'vkey');
  if (vkey.protocol !== scheme) fail('vkey.protocol', `must be "${scheme}", is ${JSON.stringify(vkey.protocol)}`);
  if ('protocol' in proof && proof.protocol !== scheme) fail('proof.protocol', `must be "${scheme}", is ${JSON.stringify(proof.protocol)}`);
  if (!Array.isArray(o.publicSignals)) fail('publicSignals', 'must be an array');
  if (o.publicSignals.length > PROOF_LINK_LIMITS.maxPublicSignals) fail('publicSignals', `has ${o.publicSignals.length} values, the limit is ${PROOF_LINK_LIMITS.maxPublicSignals}`, 'size');
  const publicSignals = o.publicSignals.map((s, i) => fieldElement(s, `publicSignals[${i}]`));
  if (vkey.nPublic !== publicSignals.length) fail('vkey.nPublic', `is ${JSON.stringify(vkey.nPublic)}, the link has ${publicSignals.length} public signals`);
  const meta = checkMeta(o.meta, publicSignals.length);
  // A copy made of plain data: nothing else the JSON held comes along.
  const plain = <T>(x: unknown): T => JSON.parse(JSON.stringify(x)) as T;
  if (version === 2 && meta.publicSignalNames.includes('claim')) fail('meta.publicSignalNames', 'has a "claim" signal, which version 2 links do not have');
  if (version === 2 && meta.weights !== undefined) fail('meta.weights', 'is a version 3 field: version 2 links are of committed models only');
  return {
    v: version, scheme,
    proof: plain<snarkjs.Proof>(proof),
    publicSignals,
    vkey: essentialVkey(plain<snarkjs.VerificationKey>(vkey)),
    meta,
  };
}

/**
 * The key without what no verifier reads: groth16's `vk_alphabeta_12` (= e(α, β), 12 base-field
 * numbers, ~1 KB of JSON) is precomputed by snarkjs for other tools; snarkjs's verifier, the
 * Solidity verifier and `verifyProofLink` recompute the pairing from α and β. Leaving it in a link
 * would only add bytes nobody checks (a tampered copy would still "verify").
 */
export function essentialVkey<T extends Record<string, unknown>>(vkey: T): T {
  if (vkey.protocol !== 'groth16' || !('vk_alphabeta_12' in vkey)) return vkey;
  const { vk_alphabeta_12: _unused, ...rest } = vkey;
  return rest as T;
}

// ── verify ───────────────────────────────────────────────────────────────────────────────────

export interface ProofLinkVerification {
  /** The proof verifies against the link's key AND every bindable meta claim matches its public signal. */
  valid: boolean;
  /** Why not (absent when valid). */
  reason?: string;
  /**
   * SHA-256 (hex) of the verification key's canonical JSON (keys sorted): compare it with a key you
   * trust — the link carries its own key, so a valid link alone does not say which circuit it is.
   * Absent when the key is unreadable or WebCrypto is unavailable.
   */
  vkeyFingerprint?: string;
  /** Meta claims the proof does not cover (present in the link, not checked): show them as unverified. */
  unbound: string[];
  /** The key or proof point that made the link invalid (e.g. "vk IC[3]"), when one did. */
  point?: string;
  /**
   * Whether the link's input picture is the proved input (present when the link carries one and the
   * proof verified): `committed`/`public` bound, `mismatch` or `unbound` not (show it as unverified).
   */
  input?: InputBinding;
  /** The hash of `meta.architecture` (decimal), when the link carries one and it is readable. */
  archHash?: string;
  /**
   * What kind of problem made the link invalid, when it is one a viewer words on its own: `claim` —
   * the model and input commitments the link shows do not fold to the proved claim (PROTOCOL §3a).
   */
  problem?: 'claim';
}

/**
 * SHA-256 hex of the key's canonical JSON, without the fields `essentialVkey` drops (so a project's
 * full key and the key in its link have the same fingerprint); undefined without WebCrypto (e.g. in an
 * insecure context).
 */
export async function vkeyFingerprint(vkey: unknown): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const key = isObj(vkey) ? essentialVkey(vkey) : vkey;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(key)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The ZKML public-signal layout (src/core/codegen): `out` or `out[0..k)`, then either `claim` (a hashed
 * input, both commitments folded: PROTOCOL §3a) or `commitment` and optionally `inputCommitment`, then
 * optionally `in[0..m)`. Returns a problem, or undefined.
 */
export function checkSignalLayout(names: readonly string[], weights: 'private' | 'public' = 'private'): string | undefined {
  if (weights === 'public') return checkPublicModelLayout(names);
  let i = 0;
  const indexed = (base: string): number => {
    let k = 0;
    while (i < names.length && names[i] === `${base}[${k}]`) { i++; k++; }
    return k;
  };
  if (names[i] === 'out') i++;
  else if (indexed('out') === 0) return 'the public signals do not start with the output ("out" or "out[0]", ...)';
  if (names[i] === 'claim') i++;
  else {
    if (names[i] !== 'commitment') return `public signal ${i} should be "claim" or "commitment", is ${JSON.stringify(names[i] ?? null)}`;
    i++;
    if (names[i] === 'inputCommitment') i++;
  }
  indexed('in');
  if (i !== names.length) return `unexpected public signal ${JSON.stringify(names[i])} at ${i}`;
  return undefined;
}

/**
 * Verifies a decoded link: the proof against the link's key and public signals (src/zk/verify.ts:
 * format checks, subgroup check, snarkjs), then the meta claims against the public signals.
 * Never throws: tampered or garbage content gives `valid: false` with a reason.
 */
export async function verifyProofLink(payload: ProofLinkPayload): Promise<ProofLinkVerification> {
  const unbound: string[] = [];
  let fingerprint: string | undefined;
  try {
    const p = checkPayload(payload); // also for payloads that did not come from decodeProofLink
    fingerprint = await vkeyFingerprint(p.vkey).catch(() => undefined);
    const result = (r: Omit<ProofLinkVerification, 'unbound' | 'vkeyFingerprint'>): ProofLinkVerification => ({ ...r, unbound, ...(fingerprint ? { vkeyFingerprint: fingerprint } : {}) });
    const { meta } = p;
    for (const k of ['input', 'inputDescriptor', 'architecture', 'title', 'createdAt'] as const) if (meta[k] !== undefined) unbound.push(`meta.${k}`);

    const { checkCurvePoints } = await import('./curve-points.js');
    const bad = await checkCurvePoints(p.scheme, p.vkey, p.proof);
    if (bad) return result({ valid: false, reason: bad.message, point: bad.point });

    const { verifyDetailed } = await import('../../zk/verify.js');
    const outcome = await verifyDetailed({ scheme: p.scheme, vkey: p.vkey, proof: p.proof, publicSignals: p.publicSignals });
    if (!outcome.valid) return result({ valid: false, reason: outcome.reason ?? 'the proof does not verify' });

    const publicModel = meta.weights === 'public';
    const layout = checkSignalLayout(meta.publicSignalNames, publicModel ? 'public' : 'private');
    if (layout) return result({ valid: false, reason: `meta.publicSignalNames: ${layout}` });
    if (publicModel) {
      // The parameters are the circuit's constants: bound to the proof only through its key (rebuild and
      // compare, src/app/link/circuit-trust.ts), so a claim until then. The commitment that names the
      // model off-circuit must be theirs.
      unbound.push('meta.parameters');
      const wrong = await publicModelCommitmentProblem(meta);
      if (wrong) return result({ valid: false, reason: wrong });
    }
    const signal = (name: string): string | undefined => {
      const i = meta.publicSignalNames.indexOf(name);
      return i < 0 ? undefined : p.publicSignals[i];
    };
    const claim = signal('claim');
    if (claim !== undefined) {
      // Both commitments are folded into the one public claim: recompute it from the ones shown.
      if (meta.inputCommitment === undefined) {
        return result({ valid: false, problem: 'claim', reason: 'the link does not show the input commitment, so its claim cannot be checked' });
      }
      const { claimOf } = await import('../commit/claim.js');
      if (claimOf(BigInt(meta.modelCommitment), BigInt(meta.inputCommitment)).toString() !== claim) {
        return result({ valid: false, problem: 'claim', reason: 'the model and input commitments this link shows are not the ones the proof was made for (they do not give its claim): the link was changed after the proof was made' });
      }
    } else if (!publicModel && signal('commitment') !== meta.modelCommitment) {
      return result({ valid: false, reason: `meta.modelCommitment ${meta.modelCommitment} is not the proved model commitment ${signal('commitment')}` });
    }
    if (meta.outputClass !== undefined) {
      const out = signal('out');
      if (out === undefined) return result({ valid: false, reason: 'meta.outputClass is given, but the circuit has no class output "out"' });
      if (out !== String(meta.outputClass)) return result({ valid: false, reason: `meta.outputClass ${meta.outputClass} is not the proved output ${out}` });
    }
    if (meta.inputCommitment !== undefined && claim === undefined) {
      const ic = signal('inputCommitment');
      if (ic === undefined) return result({ valid: false, reason: 'meta.inputCommitment is given, but the circuit has no "inputCommitment" output' });
      if (ic !== meta.inputCommitment) return result({ valid: false, reason: `meta.inputCommitment is not the proved input commitment ${ic}` });
    }
    let archHash: string | undefined;
    if (meta.architecture !== undefined) {
      const { graphFromArchitecture, archHash: hashOf } = await import('../commit/architecture.js');
      let d: InputDescriptor;
      try {
        d = inputDescriptorOf(graphFromArchitecture(meta.architecture));
        archHash = hashOf(meta.architecture).toString();
      } catch (e) {
        return result({ valid: false, reason: `meta.architecture: ${e instanceof Error ? e.message : String(e)}` });
      }
      // A link made before byte inputs (PROTOCOL §3) describes a [0, 1] input without `encoding`: the
      // interval reading its circuit used. Its tag (hashed input) is the interval one, so it can only
      // match a commitment made that way; it is kept as the link says.
      const legacy = d.encoding === 'u8' && meta.inputDescriptor !== undefined && meta.inputDescriptor.encoding === undefined
        && canonicalJson(meta.inputDescriptor) === canonicalJson({ ...d, encoding: undefined });
      if (meta.inputDescriptor && !legacy && canonicalJson(meta.inputDescriptor) !== canonicalJson(d)) {
        return result({ valid: false, reason: 'the link\'s input description contradicts its architecture' });
      }
      meta.inputDescriptor ??= d;
    }
    const { inputBinding, publicInputOutOfRange } = await import('./input-binding.js');
    if (meta.inputDescriptor) {
      const out = publicInputOutOfRange(meta.publicSignalNames, p.publicSignals, meta.inputDescriptor);
      if (out) return result({ valid: false, reason: out, ...(archHash ? { archHash } : {}) });
    }
    if (meta.input !== undefined) {
      const input = inputBinding(meta, p.publicSignals);
      if (input.status === 'committed' || input.status === 'public') {
        // bound by the proof: no longer a claim to show as unverified
        for (const k of ['meta.input', 'meta.inputDescriptor']) { const i = unbound.indexOf(k); if (i >= 0) unbound.splice(i, 1); }
      }
      return result({ valid: true, input, ...(archHash ? { archHash } : {}) });
    }
    return result({ valid: true, ...(archHash ? { archHash } : {}) });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { valid: false, reason: `unreadable proof link: ${reason}`, unbound, ...(fingerprint ? { vkeyFingerprint: fingerprint } : {}) };
  }
}

/**
 * A public model's layout (PROTOCOL §2b): the output, then optionally `inputCommitment`, then
 * optionally `in[0..m)`; never a model `commitment` or a `claim`, which only a committed model's
 * circuit has (so a committed model's proof cannot pass for a public one, nor the reverse).
 */
function checkPublicModelLayout(names: readonly string[]): string | undefined {
  let i = 0;
  const indexed = (base: string): number => {
    let k = 0;
    while (i < names.length && names[i] === `${base}[${k}]`) { i++; k++; }
    return k;
  };
  if (names.includes('commitment') || names.includes('claim')) return 'a public model\'s circuit has no model commitment: these are the signals of a committed (private-weights) model';
  if (names[i] === 'out') i++;
  else if (indexed('out') === 0) return 'the public signals do not start with the output ("out" or "out[0]", ...)';
  if (names[i] === 'inputCommitment') i++;
  indexed('in');
  if (i !== names.length) return `unexpected public signal ${JSON.stringify(names[i])} at ${i}`;
  return undefined;
}

/** Why a public model's `modelCommitment` is not the commitment of its architecture and parameters (undefined when it is). */
async function publicModelCommitmentProblem(meta: ProofLinkMeta): Promise<string | undefined> {
  const [{ graphWithParameters }, { modelCommitment }] = await Promise.all([import('../commit/public-model.js'), import('../commit/model.js')]);
  let c: bigint;
  try {
    c = modelCommitment(graphWithParameters(meta.architecture, meta.parameters!));
  } catch (e) {
    return `the public model cannot be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (c.toString() !== meta.modelCommitment) return 'the link\'s model commitment is not the commitment of the parameters it carries';
  return undefined;
}
