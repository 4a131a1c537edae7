/**
 * PoseidonEncrypt off-circuit: the Poseidon cipher (Grassi, Khovratovich, Rechberger, Roy,
 * Schofnegger: "Poseidon: a new hash function for zero-knowledge proof systems", the SpongeWrap-like
 * encryption of §7 and its authentication tag), on circomlib's width-4 Poseidon permutation; the same
 * values as `PoseidonEncrypt(L)` in src/circuits/poseidon-encrypt.circom and as @zk-kit/poseidon-cipher
 * and maci-crypto (docs/PROTOCOL.md §7).
 *
 *   state_0 = (0, key[0], key[1], nonce + L·2^128)          nonce < 2^128
 *   for each block k of three plaintext elements (zero-padded to a multiple of 3):
 *     state_{k+1}' = perm(state_k);  state_{k+1} = state_{k+1}' + (0, m[3k], m[3k+1], m[3k+2])
 *     c[3k..3k+3) = state_{k+1}[1..4)
 *   c[3N] = perm(state_N)[1]                                 (the authentication tag)
 * So |c| = 3·⌈L/3⌉ + 1. Decryption runs the same sponge with the ciphertext replacing the state lanes,
 * checks that the padding decrypts to 0 and that the tag matches, and fails otherwise: a wrong key,
 * nonce or length, or any changed ciphertext element, is detected except with probability about 1/p.
 * Pure and isomorphic.
 */
import { P } from '../field.js';
import { RangeError_ } from '../errors.js';
import { poseidonPermutation } from './poseidon-permutation.js';

export const TWO_128 = 1n << 128n;

/** Ciphertext length for L plaintext elements: 3·⌈L/3⌉ + 1. */
export function ciphertextLength(l: number): number {
  if (!Number.isInteger(l) || l < 1) throw new RangeError_(`ciphertextLength: plaintext length ${l} must be an integer ≥ 1`);
  return 3 * Math.ceil(l / 3) + 1;
}

function modP(x: bigint): bigint { const r = x % P; return r < 0n ? r + P : r; }

function checkNonce(nonce: bigint): void {
  if (nonce < 0n || nonce >= TWO_128) throw new RangeError_(`Poseidon cipher: the nonce must be in [0, 2^128), got ${nonce}`);
}

function initialState(key: readonly [bigint, bigint], nonce: bigint, l: number): bigint[] {
  checkNonce(nonce);
  return [0n, modP(key[0]), modP(key[1]), nonce + BigInt(l) * TWO_128];
}

/** Encrypt L ≥ 1 field elements (taken modulo p) under a key (two field elements) and a nonce < 2^128. */
export function poseidonEncrypt(plaintext: readonly bigint[], key: readonly [bigint, bigint], nonce: bigint): bigint[] {
  const l = plaintext.length;
  if (l === 0) throw new RangeError_('poseidonEncrypt: needs at least one plaintext element');
  const m = plaintext.map(modP);
  while (m.length % 3) m.push(0n);
  let s = initialState(key, nonce, l);
  const c: bigint[] = [];
  for (let k = 0; k < m.length; k += 3) {
    s = poseidonPermutation(s);
    for (let j = 1; j <= 3; j++) { s[j] = (s[j] + m[k + j - 1]) % P; c.push(s[j]); }
  }
  c.push(poseidonPermutation(s)[1]);
  return c;
}

/** Why a ciphertext did not decrypt. */
export type DecryptFailure = 'length' | 'padding' | 'tag';

/**
 * Decrypt, or say why not: `{ ok: true, plaintext }` or `{ ok: false, reason }`. A wrong key, nonce or
 * length, or a changed ciphertext element, fails the tag check (or the padding check).
 */
export function poseidonDecryptChecked(
  ciphertext: readonly bigint[], key: readonly [bigint, bigint], nonce: bigint, l: number,
): { ok: true; plaintext: bigint[] } | { ok: false; reason: DecryptFailure } {
  if (!Number.isInteger(l) || l < 1 || ciphertext.length !== ciphertextLength(l)) return { ok: false, reason: 'length' };
  if (ciphertext.some((x) => x < 0n || x >= P)) return { ok: false, reason: 'length' };
  let s = initialState(key, nonce, l);
  const m: bigint[] = [];
  for (let k = 0; k + 1 < ciphertext.length; k += 3) {
    s = poseidonPermutation(s);
    for (let j = 1; j <= 3; j++) { m.push(modP(ciphertext[k + j - 1] - s[j])); s[j] = ciphertext[k + j - 1]; }
  }
  // Unlike @zk-kit/poseidon-cipher (which skips this for L ≤ 3), the padding is checked for every L.
  if (m.slice(l).some((x) => x !== 0n)) return { ok: false, reason: 'padding' };
  if (poseidonPermutation(s)[1] !== ciphertext[ciphertext.length - 1]) return { ok: false, reason: 'tag' };
  return { ok: true, plaintext: m.slice(0, l) };
}
