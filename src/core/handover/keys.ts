/**
 * BabyJubJub key pairs for the hand-over (docs/PROTOCOL.md §7) and their passphrase-protected
 * backup file. Pure and isomorphic: WebCrypto (globalThis.crypto, in browsers and Node ≥ 20), no DOM.
 *
 *   const kp = generateKeyPair();                       // sk ∈ [1, l), pub = sk·Base8
 *   const hk = generateHunterKeyPair();                 // a hand-over key: sk = 2^249 + 1 + 2m, m < 2^249
 *   const file = await exportKeyFile(kp, 'passphrase');  // JSON text
 *   const back = await importKeyFile(file, 'passphrase');
 */
import { sha512 } from '@noble/hashes/sha2';
import { BASE8, SUBORDER, isOnCurve, isSmallOrder, isValidPublicKey, mulPoint, type Point } from './babyjub.js';
import { BadKeyFileError, InvalidKeyError, WrongPassphraseError } from './errors.js';
import { canonicalJson } from '../commit/tags.js';

export interface KeyPair { sk: bigint; pub: Point }

const SEED_DOMAIN = new TextEncoder().encode('zkml:babyjub-sk/v1');

function bytesToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
}

function bigintToBytes(x: bigint, n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

/**
 * The secret scalar of a 32-byte seed: 1 + (uint512(SHA-512("zkml:babyjub-sk/v1" ‖ seed)) mod (l − 1)),
 * uniform on [1, l) up to 2^−260.
 */
export function secretKeyFromSeed(seed: Uint8Array): bigint {
  if (seed.length !== 32) throw new InvalidKeyError(`a seed has 32 bytes, got ${seed.length}`);
  const h = sha512(new Uint8Array([...SEED_DOMAIN, ...seed]));
  return 1n + (bytesToBigint(h) % (SUBORDER - 1n));
}

/** pub = sk·Base8, for sk ∈ [1, l). */
export function publicKey(sk: bigint): Point {
  checkSecretKey(sk);
  return mulPoint(BASE8, sk);
}

export function checkSecretKey(sk: bigint): void {
  if (typeof sk !== 'bigint' || sk < 1n || sk >= SUBORDER) throw new InvalidKeyError('a secret key is an integer in [1, l)');
}

/** A public key someone else sent: on the curve, in the prime-order subgroup, not the identity. */
export function checkPublicKey(pub: Point, who = 'public key'): void {
  if (!Array.isArray(pub) || pub.length !== 2 || !pub.every((v) => typeof v === 'bigint') || !isValidPublicKey(pub)) {
    throw new InvalidKeyError(`the ${who} is not a point of BabyJubJub's prime-order subgroup`, { who });
  }
}

/**
 * A provider key as the contract and the Handover circuit accept it (docs/PROTOCOL.md §7): on the curve
 * and not of small order. Deliberately not stricter: a key the contract accepted must never stop the
 * winner from handing over (a key of order 2l, 4l or 8l only keeps its own publisher from decrypting).
 */
export function checkProviderKey(pub: Point): void {
  if (!Array.isArray(pub) || pub.length !== 2 || !pub.every((v) => typeof v === 'bigint') || !isOnCurve(pub) || isSmallOrder(pub)) {
    throw new InvalidKeyError('the provider key is not a BabyJubJub point outside the small-order subgroup', { who: 'provider key' });
  }
}

/**
 * The hunter's fresh hand-over key has the form the Handover circuit proves with (src/circuits/ecdh.circom):
 * sk = 2^249 + 1 + 2·m, m ∈ [0, 2^249) — odd, in [2^249 + 1, 3·2^249 − 1] ⊂ [1, l), 249 bits of entropy.
 */
export const HUNTER_SK_BITS = 249;
const HUNTER_SEED_DOMAIN = new TextEncoder().encode('zkml:babyjub-hunter-sk/v1');

export function isHunterSecretKey(sk: bigint): boolean {
  if (typeof sk !== 'bigint') return false;
  const m2 = sk - (1n << BigInt(HUNTER_SK_BITS)) - 1n;
  return m2 >= 0n && (m2 & 1n) === 0n && m2 >> 1n < (1n << BigInt(HUNTER_SK_BITS));
}

export function checkHunterSecretKey(sk: bigint): void {
  if (!isHunterSecretKey(sk)) throw new InvalidKeyError(`a hand-over secret key is 2^${HUNTER_SK_BITS} + 1 + 2·m with m < 2^${HUNTER_SK_BITS}`);
}

/** The hand-over scalar of a 32-byte seed: 2^249 + 1 + 2·(the low 249 bits of SHA-512("zkml:babyjub-hunter-sk/v1" ‖ seed)), exactly uniform. */
export function hunterSecretKeyFromSeed(seed: Uint8Array): bigint {
  if (seed.length !== 32) throw new InvalidKeyError(`a seed has 32 bytes, got ${seed.length}`);
  const m = bytesToBigint(sha512(new Uint8Array([...HUNTER_SEED_DOMAIN, ...seed]))) & ((1n << BigInt(HUNTER_SK_BITS)) - 1n);
  return (1n << BigInt(HUNTER_SK_BITS)) + 1n + 2n * m;
}

/** The hunter's fresh key pair for one hand-over (in the range the Handover circuit accepts), from 32 random bytes or the given seed. */
export function generateHunterKeyPair(seed: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(32))): KeyPair {
  const sk = hunterSecretKeyFromSeed(seed);
  return { sk, pub: mulPoint(BASE8, sk) };
}

/** A fresh key pair from 32 random bytes (or the given seed). */
export function generateKeyPair(seed: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(32))): KeyPair {
  const sk = secretKeyFromSeed(seed);
  return { sk, pub: mulPoint(BASE8, sk) };
}

// ---- the key file ----

export const KEY_FILE_KIND = 'zkml/babyjub-key/v1';
/** PBKDF2-SHA-256 iterations written by default (OWASP 2023); a file may say more, never fewer than the minimum. */
export const DEFAULT_KDF_ITERATIONS = 600_000;
export const MIN_KDF_ITERATIONS = 10_000;

interface KeyFileHeader {
  kind: typeof KEY_FILE_KIND;
  publicKey: [string, string];
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
}
interface KeyFile extends KeyFileHeader { secretKey: string }

const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
function unb64(s: string, what: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
  } catch (e) {
    throw new BadKeyFileError(`${what} is not base64`, { cause: e });
  }
}

async function aesKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/**
 * The key pair as a passphrase-protected JSON file: the public key in clear, the secret key (32 bytes,
 * big-endian) under AES-256-GCM with a PBKDF2-SHA-256 key; the clear header is the GCM associated data,
 * so altering the public key or the parameters fails the import.
 */
export async function exportKeyFile(kp: KeyPair, passphrase: string, opts: { iterations?: number } = {}): Promise<string> {
  checkSecretKey(kp.sk);
  const pub = mulPoint(BASE8, kp.sk);
  if (pub[0] !== kp.pub[0] || pub[1] !== kp.pub[1]) throw new InvalidKeyError('the public key is not sk·Base8');
  const iterations = opts.iterations ?? DEFAULT_KDF_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_KDF_ITERATIONS) throw new InvalidKeyError(`PBKDF2 iterations must be an integer ≥ ${MIN_KDF_ITERATIONS}`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const header: KeyFileHeader = {
    kind: KEY_FILE_KIND,
    publicKey: [pub[0].toString(), pub[1].toString()],
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: b64(salt) },
    cipher: { name: 'AES-GCM', iv: b64(iv) },
  };
  const key = await aesKey(passphrase, salt, iterations);
  const ct = new Uint8Array(await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(canonicalJson(header)) }, key, bigintToBytes(kp.sk, 32),
  ));
  const file: KeyFile = { ...header, secretKey: b64(ct) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DEC = /^(0|[1-9][0-9]{0,77})$/;

/** Read a key file: BadKeyFileError for anything malformed or inconsistent, WrongPassphraseError if it does not open. */
export async function importKeyFile(text: string, passphrase: string): Promise<KeyPair> {
  let f: unknown;
  try { f = JSON.parse(text); } catch (e) { throw new BadKeyFileError('not JSON', { cause: e }); }
  if (!isObj(f) || f.kind !== KEY_FILE_KIND) throw new BadKeyFileError(`kind is not "${KEY_FILE_KIND}"`);
  const { publicKey: pk, kdf, cipher, secretKey } = f;
  if (!Array.isArray(pk) || pk.length !== 2 || !pk.every((v) => typeof v === 'string' && DEC.test(v))) throw new BadKeyFileError('publicKey must be two decimal strings');
  if (!isObj(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || typeof kdf.salt !== 'string'
    || !Number.isInteger(kdf.iterations) || (kdf.iterations as number) < MIN_KDF_ITERATIONS || (kdf.iterations as number) > 100_000_000) {
    throw new BadKeyFileError(`kdf must be PBKDF2 with SHA-256, a salt and ${MIN_KDF_ITERATIONS} to 10^8 iterations`);
  }
  if (!isObj(cipher) || cipher.name !== 'AES-GCM' || typeof cipher.iv !== 'string') throw new BadKeyFileError('cipher must be AES-GCM with an iv');
  if (typeof secretKey !== 'string') throw new BadKeyFileError('secretKey missing');
  const salt = unb64(kdf.salt, 'kdf.salt'), iv = unb64(cipher.iv, 'cipher.iv'), ct = unb64(secretKey, 'secretKey');
  if (salt.length < 16 || iv.length !== 12 || ct.length !== 32 + 16) throw new BadKeyFileError('salt, iv or secretKey has the wrong length');
  const pub: Point = [BigInt(pk[0] as string), BigInt(pk[1] as string)];
  if (!isValidPublicKey(pub)) throw new BadKeyFileError('publicKey is not a point of the prime-order subgroup');
  const header: KeyFileHeader = {
    kind: KEY_FILE_KIND,
    publicKey: [pk[0] as string, pk[1] as string],
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations as number, salt: kdf.salt },
    cipher: { name: 'AES-GCM', iv: cipher.iv },
  };
  const key = await aesKey(passphrase, salt, header.kdf.iterations);
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(canonicalJson(header)) }, key, ct,
    ));
  } catch {
    throw new WrongPassphraseError();
  }
  const sk = bytesToBigint(plain);
  if (sk < 1n || sk >= SUBORDER) throw new BadKeyFileError('the secret key is outside [1, l)');
  const derived = mulPoint(BASE8, sk);
  if (derived[0] !== pub[0] || derived[1] !== pub[1]) throw new BadKeyFileError('the secret key does not belong to publicKey');
  return { sk, pub };
}
