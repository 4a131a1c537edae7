/**
 * "My accuracy on bounty X": a share link for ONE accuracy batch proof (docs/PROTOCOL.md §6).
 *
 *   const fragment = encodeAccuracyLink({ scheme: 'groth16', proof, publicSignals, vkey, meta });  // "#proof=…"
 *   isAccuracyLink(location.hash)                 // which viewer opens it
 *   const payload = decodeAccuracyLink(location.hash);                 // ProofLinkError for anything malformed
 *   const v = await verifyAccuracyLink(payload);                       // never throws
 *   accuracyBountyCheck(payload, bounty, groth16CircuitId(payload.vkey))  // with the chain's record, when reachable
 *
 * Format: the studio's envelope (./proof-link.ts: `#proof=` + base64url of raw DEFLATE with
 * `PROOF_LINK_DICTIONARY`) around the JSON `{ v: "accuracy/1", scheme, proof, publicSignals, vkey, meta }`.
 * The version is a string no studio link has, so an app that does not know accuracy links refuses one
 * with its typed version refusal (ProofLinkError `version`) instead of misreading its signals.
 *
 * The public signals are exactly `[correct, commitment, testRoot, batchIndex, beneficiary, bountyId]`
 * (snarkjs order, §6). `meta` repeats them in readable form (the bounty id, the batch, the count, the model
 * commitment, the test set's root, the hunter's address) and every one of them is bound: it must equal its
 * signal. `batchSize`, `batches`, the chain id, the BountyManager's address and the title are not covered
 * by the proof (listed in `unbound`), except that `correct ≤ batchSize` is checked.
 *
 * What a valid link proves on its own: that the circuit whose key the link carries accepts these signals.
 * Like any link, it brings its own key; it speaks of the bounty only when that key is one of the bounty's
 * registered accuracy circuits and the bounty's testRoot is the proved one (`accuracyBountyCheck`, which
 * the viewer runs with the chain's record when the chain is reachable). See docs/SECURITY.md.
 */
import { deflateSync, Inflate } from 'fflate';
import type * as snarkjs from 'snarkjs';
import {
  PROOF_LINK_DICTIONARY, PROOF_LINK_LIMITS, PROOF_LINK_PARAM, ProofLinkError, base64urlDecode, base64urlEncode, essentialVkey, vkeyFingerprint,
  type Scheme,
} from './proof-link.js';

export const ACCURACY_LINK_VERSION = 'accuracy/1' as const;
/** The accuracy circuit's public signals, in snarkjs order (PROTOCOL §6). */
export const ACCURACY_SIGNALS = ['correct', 'commitment', 'testRoot', 'batchIndex', 'beneficiary', 'bountyId'] as const;

export interface AccuracyLinkMeta {
  /** the bounty, a decimal integer (the `bountyId` signal) */
  bountyId: string;
  batchIndex: number;
  /** correct predictions in this batch (the `correct` signal) */
  correct: number;
  /** B: samples per batch (not covered by the proof; `correct ≤ batchSize` is checked) */
  batchSize: number;
  /** K: batches in the bounty's test set (not covered by the proof) */
  batches?: number;
  /** decimal field elements: the `commitment` and `testRoot` signals */
  modelCommitment: string;
  testRoot: string;
  /** the hunter, a 0x address (the `beneficiary` signal as an address) */
  beneficiary: string;
  /** where the bounty lives (not covered by the proof) */
  chainId?: number;
  manager?: string;
  title?: string;
  /** ISO 8601 */
  createdAt: string;
}

export interface AccuracyLinkData {
  scheme: Scheme;
  proof: snarkjs.Proof;
  publicSignals: string[];
  vkey: snarkjs.VerificationKey;
  meta: AccuracyLinkMeta;
}

export interface AccuracyLinkPayload extends AccuracyLinkData { v: typeof ACCURACY_LINK_VERSION }

export interface AccuracyLinkVerification {
  /** the proof verifies against the link's key and every bound meta field equals its signal */
  valid: boolean;
  reason?: string;
  /** SHA-256 of the key (as ./proof-link.ts `vkeyFingerprint`) */
  vkeyFingerprint?: string;
  /** meta fields the proof does not cover */
  unbound: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FIELD = /^(0|[1-9][0-9]{0,77})$/;
const fail = (path: string, problem: string, kind: 'field' | 'size' | 'version' = 'field'): never => {
  throw new ProofLinkError(kind, `accuracy link ${path} ${problem}`, { path });
};
const uint = (v: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) fail(path, `must be an integer in [0, ${max}]`);
  return v as number;
};
const field = (v: unknown, path: string): string => {
  if (typeof v !== 'string' || !FIELD.test(v)) fail(path, 'must be a canonical decimal number');
  return v as string;
};
const text = (v: unknown, path: string, max: number): string => {
  if (typeof v !== 'string') fail(path, 'must be a string');
  if ((v as string).length > max) fail(path, `is longer than ${max} characters`, 'size');
  return v as string;
};
const address = (v: unknown, path: string): string => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) fail(path, 'must be a 0x address of 20 bytes');
  return (v as string).toLowerCase();
};

function checkMeta(v: unknown): AccuracyLinkMeta {
  if (!isObj(v)) fail('meta', 'must be an object');
  const o = v as Record<string, unknown>;
  const meta: AccuracyLinkMeta = {
    bountyId: field(o.bountyId, 'meta.bountyId'),
    batchIndex: uint(o.batchIndex, 'meta.batchIndex'),
    correct: uint(o.correct, 'meta.correct'),
    batchSize: uint(o.batchSize, 'meta.batchSize'),
    modelCommitment: field(o.modelCommitment, 'meta.modelCommitment'),
    testRoot: field(o.testRoot, 'meta.testRoot'),
    beneficiary: address(o.beneficiary, 'meta.beneficiary'),
    createdAt: text(o.createdAt, 'meta.createdAt', 64),
  };
  if (meta.batchSize < 1) fail('meta.batchSize', 'must be at least 1');
  if (Number.isNaN(Date.parse(meta.createdAt))) fail('meta.createdAt', 'must be an ISO 8601 time');
  if (o.batches !== undefined) meta.batches = uint(o.batches, 'meta.batches');
  if (o.chainId !== undefined) meta.chainId = uint(o.chainId, 'meta.chainId');
  if (o.manager !== undefined) meta.manager = address(o.manager, 'meta.manager');
  if (o.title !== undefined) meta.title = text(o.title, 'meta.title', PROOF_LINK_LIMITS.maxTitleChars);
  return meta;
}

function checkPayload(v: unknown): AccuracyLinkPayload {
  if (!isObj(v)) fail('payload', 'must be an object');
  const o = v as Record<string, unknown>;
  if (o.v !== ACCURACY_LINK_VERSION) fail('v', `is ${JSON.stringify(o.v)}, not an accuracy link ("${ACCURACY_LINK_VERSION}")`, 'version');
  if (!['groth16', 'plonk', 'fflonk'].includes(o.scheme as string)) fail('scheme', 'must be groth16, plonk or fflonk');
  if (!isObj(o.proof) || !isObj(o.vkey)) fail('proof', 'and vkey must be objects');
  const vkey = o.vkey as Record<string, unknown>;
  if (vkey.protocol !== o.scheme) fail('vkey.protocol', `must be "${String(o.scheme)}"`);
  if (!Array.isArray(o.publicSignals) || o.publicSignals.length !== ACCURACY_SIGNALS.length) fail('publicSignals', `must be the ${ACCURACY_SIGNALS.length} signals ${ACCURACY_SIGNALS.join(', ')}`);
  const publicSignals = (o.publicSignals as unknown[]).map((s, i) => field(s, `publicSignals[${i}]`));
  if (vkey.nPublic !== publicSignals.length) fail('vkey.nPublic', `must be ${publicSignals.length}`);
  const plain = <T>(x: unknown): T => JSON.parse(JSON.stringify(x)) as T;
  return {
    v: ACCURACY_LINK_VERSION, scheme: o.scheme as Scheme, proof: plain(o.proof), publicSignals,
    vkey: essentialVkey(plain<snarkjs.VerificationKey>(o.vkey)), meta: checkMeta(o.meta),
  };
}

/** The `#proof=…` fragment of an accuracy proof. ProofLinkError (`input`) when it would not decode again. */
export function encodeAccuracyLink(data: AccuracyLinkData): string {
  let json: string;
  try {
    json = JSON.stringify(checkPayload({ v: ACCURACY_LINK_VERSION, ...data }));
  } catch (e) {
    throw new ProofLinkError('input', `cannot make an accuracy link: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return `#${PROOF_LINK_PARAM}=${base64urlEncode(deflateSync(new TextEncoder().encode(json), { level: 9, mem: 12, dictionary: PROOF_LINK_DICTIONARY }))}`;
}

/** The envelope's JSON (base64url → bounded inflate → JSON); ProofLinkError for anything malformed. */
function openEnvelope(link: string): unknown {
  if (typeof link !== 'string') throw new ProofLinkError('input', 'expected a string');
  const hash = link.indexOf('#');
  const fragment = (hash >= 0 ? link.slice(hash + 1) : link).trim();
  const param = fragment.split('&').find((p) => p.startsWith(`${PROOF_LINK_PARAM}=`));
  const data = param !== undefined ? param.slice(PROOF_LINK_PARAM.length + 1) : fragment;
  if (!data) throw new ProofLinkError('input', 'empty proof link');
  if (data.length > PROOF_LINK_LIMITS.maxDataChars) throw new ProofLinkError('size', `${data.length} characters of data, the limit is ${PROOF_LINK_LIMITS.maxDataChars}`);
  const compressed = base64urlDecode(data);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const tooBig = new ProofLinkError('size', `inflates to more than ${PROOF_LINK_LIMITS.maxJsonBytes} bytes`);
  try {
    const inflate = new Inflate({ dictionary: PROOF_LINK_DICTIONARY }, (c) => { total += c.length; if (total > PROOF_LINK_LIMITS.maxJsonBytes) throw tooBig; chunks.push(c); });
    for (let i = 0; i < compressed.length || i === 0; i += 1024) inflate.push(compressed.subarray(i, i + 1024), i + 1024 >= compressed.length);
  } catch (e) {
    if (e === tooBig) throw e;
    throw new ProofLinkError('deflate', `not valid deflate data: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) { bytes.set(c, o); o += c.length; }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ProofLinkError('json', `not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Whether a fragment (or URL) is an accuracy link; false for studio links and for anything unreadable. */
export function isAccuracyLink(link: string): boolean {
  try {
    const j = openEnvelope(link);
    return isObj(j) && j.v === ACCURACY_LINK_VERSION;
  } catch {
    return false;
  }
}

/** The payload of an accuracy link; ProofLinkError (and nothing else) for anything malformed. */
export function decodeAccuracyLink(link: string): AccuracyLinkPayload {
  try {
    return checkPayload(openEnvelope(link));
  } catch (e) {
    if (e instanceof ProofLinkError) throw e;
    throw new ProofLinkError('input', `unreadable accuracy link: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The meta fields and their signals: each must be equal. */
function boundProblem(p: AccuracyLinkPayload): string | undefined {
  const [correct, commitment, testRoot, batchIndex, beneficiary, bountyId] = p.publicSignals;
  const m = p.meta;
  const pairs: [string, string, string][] = [
    ['correct', String(m.correct), correct], ['modelCommitment', m.modelCommitment, commitment], ['testRoot', m.testRoot, testRoot],
    ['batchIndex', String(m.batchIndex), batchIndex], ['beneficiary', BigInt(m.beneficiary).toString(), beneficiary], ['bountyId', m.bountyId, bountyId],
  ];
  for (const [name, shown, proved] of pairs) if (shown !== proved) return `meta.${name} is not the proved ${name === 'modelCommitment' ? 'commitment' : name} (${proved}): the link was changed after the proof was made`;
  if (m.correct > m.batchSize) return `the proof counts ${m.correct} correct in a batch of ${m.batchSize}`;
  return undefined;
}

/** Verifies the proof against the link's key (curve points first, then snarkjs) and binds the meta. Never throws. */
export async function verifyAccuracyLink(payload: AccuracyLinkPayload): Promise<AccuracyLinkVerification> {
  const unbound: string[] = [];
  let fingerprint: string | undefined;
  try {
    const p = checkPayload(payload);
    fingerprint = await vkeyFingerprint(p.vkey).catch(() => undefined);
    for (const k of ['batchSize', 'batches', 'chainId', 'manager', 'title', 'createdAt'] as const) if (p.meta[k] !== undefined) unbound.push(`meta.${k}`);
    const done = (r: { valid: boolean; reason?: string }): AccuracyLinkVerification => ({ ...r, unbound, ...(fingerprint ? { vkeyFingerprint: fingerprint } : {}) });
    const { checkCurvePoints } = await import('./curve-points.js');
    const bad = await checkCurvePoints(p.scheme, p.vkey, p.proof);
    if (bad) return done({ valid: false, reason: bad.message });
    const { verifyDetailed } = await import('../../zk/verify.js');
    const outcome = await verifyDetailed({ scheme: p.scheme, vkey: p.vkey, proof: p.proof, publicSignals: p.publicSignals });
    if (!outcome.valid) return done({ valid: false, reason: outcome.reason ?? 'the proof does not verify' });
    const wrong = boundProblem(p);
    return wrong ? done({ valid: false, reason: wrong }) : done({ valid: true });
  } catch (e) {
    return { valid: false, reason: `unreadable accuracy link: ${e instanceof Error ? e.message : String(e)}`, unbound, ...(fingerprint ? { vkeyFingerprint: fingerprint } : {}) };
  }
}

/** What the chain says of the bounty (src/chain/get-bounty.ts `BountyInfo.terms`, the fields used here). */
export interface BountyRecord { testRoot: bigint; accuracyCircuitIds: readonly string[]; n: number; batchSize: number }

export type AccuracyBountyCheck =
  /** the key is one of the bounty's registered accuracy circuits and the proof is about its test set */
  | { status: 'bound'; circuitId: string }
  | { status: 'no-bounty'; reason: string }
  | { status: 'mismatch'; reason: string };

/**
 * Binds a (verified) accuracy link to the bounty the chain knows: the key's circuit id (Groth16:
 * `groth16CircuitId(vkey)`, src/chain/calldata.ts) must be one of the bounty's accepted accuracy circuits, the
 * bounty's testRoot the proved one, and the batch one of its batches.
 */
export function accuracyBountyCheck(p: AccuracyLinkPayload, bounty: BountyRecord | null, circuitId: string): AccuracyBountyCheck {
  if (!bounty) return { status: 'no-bounty', reason: `the chain has no bounty ${p.meta.bountyId}` };
  if (!bounty.accuracyCircuitIds.some((c) => c.toLowerCase() === circuitId.toLowerCase())) {
    return { status: 'mismatch', reason: `the link's key is not one of bounty ${p.meta.bountyId}'s accuracy circuits: this proof is for another circuit` };
  }
  if (bounty.testRoot.toString() !== p.publicSignals[2]) return { status: 'mismatch', reason: `the proof is about another test set than bounty ${p.meta.bountyId}'s (testRoot differs)` };
  const batches = Math.floor(bounty.n / bounty.batchSize);
  if (BigInt(p.publicSignals[3]) >= BigInt(batches)) return { status: 'mismatch', reason: `batch ${p.publicSignals[3]} is not one of the bounty's ${batches} batches` };
  if (bounty.batchSize !== p.meta.batchSize) return { status: 'mismatch', reason: `the link says ${p.meta.batchSize} samples a batch, the bounty has ${bounty.batchSize}` };
  return { status: 'bound', circuitId };
}
