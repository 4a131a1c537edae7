/**
 * Domain tags and descriptor hashes (docs/PROTOCOL.md §1): field elements derived with SHA-256 from
 * fixed names or canonical JSON, so every commitment says what kind of thing it commits to.
 *
 *   tag('model/v1')                       // SHA-256("zkml:model/v1") mod p
 *   descriptorHash({ kind: 'zkml/input/v1', shape: [28, 28, 1], ... })
 */
import { sha256 } from '@noble/hashes/sha2';
import { P } from '../field.js';
import { canonicalJson } from '../canonical-json.js';

export { canonicalJson };

/** uint256(SHA-256(bytes)) mod p. */
export function sha256ToField(bytes: Uint8Array): bigint {
  const d = sha256(bytes);
  let x = 0n;
  for (const b of d) x = (x << 8n) | BigInt(b);
  return x % P;
}

const cache = new Map<string, bigint>();

/** tag(name) = uint256(SHA-256(UTF-8("zkml:" ‖ name))) mod p. */
export function tag(name: string): bigint {
  let t = cache.get(name);
  if (t === undefined) {
    t = sha256ToField(new TextEncoder().encode(`zkml:${name}`));
    cache.set(name, t);
  }
  return t;
}

/** descriptorHash(obj) = uint256(SHA-256(UTF-8(canonicalJson(obj)))) mod p. */
export function descriptorHash(obj: unknown): bigint {
  return sha256ToField(new TextEncoder().encode(canonicalJson(obj)));
}

export const MODEL_TAG = 'model/v1';
export const INPUT_TAG = 'input/v1';
export const BATCH_TAG = 'batch/v1';
/** The claim of a hashed-input proof: PoseidonCommit(tag("claim/v1"), modelCommitment, inputCommitment). */
export const CLAIM_TAG = 'claim/v1';
