/**
 * Receiving a handed-over model in the browser: the files `zkml handover encrypt` writes
 * (ciphertext.json, architecture.json), the bounty's model commitment, the stored key → decrypt, check
 * the commitment, rebuild, and the download files (tfjs model.json + weights.bin, Keras model.h5).
 * Plus the plain-words wording of every error on the Keys page.
 */
import { ZkmlError } from '../../core/errors.js';
import { ARCHITECTURE_KIND } from '../../core/commit/architecture.js';
import { openAndRebuild, rebuiltModelFiles, type RebuildRecord } from '../../core/handover/rebuild.js';
import type { Point } from '../../core/handover/babyjub.js';
import type { KeyPair } from '../../core/handover/keys.js';

export const CIPHERTEXT_KIND = 'zkml/handover-ciphertext/v1';
const DEC = /^(0|[1-9]\d{0,77})$/;

/** A hand-over file this page cannot use (not JSON, not a ciphertext or architecture file, a missing field). */
export class HandoverFileError extends ZkmlError {
  override name = 'HandoverFileError';
}

export interface CiphertextInput {
  ciphertext: bigint[];
  hunterPub: Point;
  nonce: bigint;
  /** what the hunter says (not trusted: the check is against the bounty's commitment) */
  providerPub?: Point;
  commitment?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const decs = (v: unknown, n?: number) => Array.isArray(v) && (n === undefined ? v.length > 0 : v.length === n) && v.every((x) => typeof x === 'string' && DEC.test(x));

/** What a dropped JSON file is: the ciphertext file, the architecture, or neither (HandoverFileError). */
export function classifyHandoverFile(name: string, text: string): { kind: 'ciphertext'; value: CiphertextInput } | { kind: 'architecture'; value: unknown } {
  let j: unknown;
  try { j = JSON.parse(text); } catch (e) { throw new HandoverFileError(`${name} is not a JSON file.`, { cause: e, details: { technical: `${name}: ${e instanceof Error ? e.message : String(e)}` } }); }
  if (isObj(j) && j.kind === ARCHITECTURE_KIND) return { kind: 'architecture', value: j };
  if (isObj(j) && (j.kind === CIPHERTEXT_KIND || 'ciphertext' in j)) {
    const bad = (what: string) => new HandoverFileError(`${name} looks like a hand-over ciphertext, but ${what}.`, { details: { technical: `${name}: ${what}` } });
    if (!decs(j.ciphertext)) throw bad('its ciphertext is not a list of decimal numbers');
    if (!decs(j.hunterPub, 2)) throw bad('its hunterPub is not two decimal numbers');
    if (typeof j.nonce !== 'string' || !DEC.test(j.nonce)) throw bad('its nonce is not a decimal number');
    const pp = decs(j.providerPub, 2) ? (j.providerPub as string[]) : undefined;
    return {
      kind: 'ciphertext',
      value: {
        ciphertext: (j.ciphertext as string[]).map(BigInt),
        hunterPub: [BigInt((j.hunterPub as string[])[0]), BigInt((j.hunterPub as string[])[1])],
        nonce: BigInt(j.nonce),
        providerPub: pp ? [BigInt(pp[0]), BigInt(pp[1])] : undefined,
        commitment: typeof j.commitment === 'string' && DEC.test(j.commitment) ? j.commitment : undefined,
      },
    };
  }
  throw new HandoverFileError(`${name} is neither a hand-over ciphertext (ciphertext.json) nor a model architecture (architecture.json).`);
}

/** The bounty's commitment as typed: decimal or 0x-hex. */
export function parseCommitment(s: string): bigint {
  const t = s.trim();
  if (/^0x[0-9a-fA-F]{1,64}$/.test(t) || DEC.test(t)) return BigInt(t);
  throw new HandoverFileError('The model commitment must be a number (decimal, or hexadecimal starting with 0x), as the bounty shows it.', { details: { technical: `got ${JSON.stringify(t.slice(0, 80))}` } });
}

export interface ReceivedModel {
  modelJson: Uint8Array;
  weightsBin: Uint8Array;
  h5: Uint8Array;
  record: RebuildRecord;
  layers: string[];
  ms: number;
}

/** Decrypt with the key, check the commitment, rebuild the float model and its files. */
export async function receiveModel(args: { key: KeyPair; ct: CiphertextInput; architecture: unknown; commitment: bigint }): Promise<ReceivedModel> {
  const t0 = performance.now();
  const { graph } = openAndRebuild({
    ciphertext: args.ct.ciphertext, providerSk: args.key.sk, hunterPub: args.ct.hunterPub, nonce: args.ct.nonce,
    architecture: args.architecture, commitment: args.commitment,
  });
  const f = await rebuiltModelFiles(graph);
  return { modelJson: f.modelJson, weightsBin: f.weightsBin, h5: f.h5, record: f.record, layers: f.floatModel.layers.map((l) => l.className), ms: performance.now() - t0 };
}

// ------------------------------------------------------------------------------------ errors in plain words

export interface PlainError { name: string; title: string; message: string; technical?: string }

const WORDS: Record<string, [string, string]> = {
  WrongPassphraseError: ['Wrong passphrase', 'This passphrase does not open the key file. Check it (it is case-sensitive) and try again. If it is right, the file was changed after it was saved.'],
  BadKeyFileError: ['Not a ZKML key file', 'This file is not a key backup saved by ZKML, or it is damaged. Choose the .json file that "Download a backup" saved.'],
  InvalidKeyError: ['This key cannot be used', 'The key is not a valid BabyJubJub key.'],
  WrongKeyError: ['This model was not encrypted to this key', 'The model could not be decrypted with the selected key. It was encrypted to another key (choose another key, or import the backup of the key you published), or the ciphertext was altered.'],
  CommitmentMismatchError: ['Not the committed model', 'The decrypted weights do not match the model commitment you entered: this is not the model the bounty committed to (another model, or another architecture). Check the commitment against the bounty; do not trust this model.'],
  HandoverDataError: ['The hand-over files do not fit together', 'The ciphertext does not have the size or form this architecture needs. Check that ciphertext.json and architecture.json come from the same hand-over.'],
  ArchitectureError: ['The architecture file cannot be read', 'architecture.json is not a model architecture ZKML can read. Use the architecture.json written with the hand-over.'],
  UnrebuildableModelError: ['The model cannot be rebuilt as a Keras model', 'The weights were decrypted and match the commitment, but this model has a layer that cannot be written back as a Keras layer here.'],
  FloatPrecisionError: ['The model cannot be rebuilt as a Keras model', 'The weights were decrypted and match the commitment, but a weight is too large to be saved exactly as a float.'],
  RequantizationError: ['The model cannot be rebuilt as a Keras model', 'The weights were decrypted and match the commitment, but the rebuilt Keras model does not transpile back to the same commitment.'],
  HandoverFileError: ['This file cannot be used', ''],
};

export function plainError(e: unknown, fallbackTitle = 'Something went wrong'): PlainError {
  const name = e instanceof Error ? e.name : 'Error';
  const raw = e instanceof Error ? e.message : String(e);
  const d = (e as { details?: Record<string, unknown> } | null)?.details ?? {};
  const w = WORDS[name];
  const technical = `${name}: ${typeof d.technical === 'string' ? d.technical : raw}${Object.keys(d).length && typeof d.technical !== 'string' ? `\n${JSON.stringify(d)}` : ''}`;
  if (w) return { name, title: w[0], message: w[1] || raw, technical };
  if (name === 'QuotaExceededError' || /IndexedDB|IDB/i.test(raw)) return { name, title: 'The key could not be saved in this browser', message: 'This browser did not let ZKML keep the key (private mode, storage disabled, or full).', technical };
  return { name, title: fallbackTitle, message: raw, technical };
}
