/**
 * The hand-over off-circuit (docs/PROTOCOL.md §7): the winner encrypts its model limbs to the
 * provider's key, the provider decrypts them, and both sides (and the contract) compute the same
 * fingerprint (ρ, e) of the ciphertext. Pure and isomorphic.
 *
 *   const ct = encryptModel(limbs, providerPub, hunterSk, nonce);
 *   const { rho, e } = evalAt(ct);
 *   const limbs2 = decryptModel(ct, providerSk, hunterPub, nonce, limbs.length);  // WrongKeyError if not the key
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { P } from '../field.js';
import { mulPoint, type Point } from './babyjub.js';
import { checkHunterSecretKey, checkProviderKey, checkPublicKey, checkSecretKey, publicKey } from './keys.js';
import { CommitmentMismatchError, HandoverDataError, WrongKeyError } from './errors.js';
import { handoverLimbCounts, unpackModel, type ParamShape } from './limbs.js';
import { poseidonEncrypt, poseidonDecryptChecked, ciphertextLength, TWO_128 } from '../witness/poseidon-encrypt.js';
import { polyEval } from '../witness/poly-eval.js';
import { handover, modelCommitmentFromLimbs } from '../witness/handover.js';
import { HANDOVER_PUBLIC_SIGNALS } from '../../circuits/handover.js';

export { ciphertextLength, modelCommitmentFromLimbs };

function checkNonce(nonce: bigint): void {
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce >= TWO_128) throw new HandoverDataError('the nonce must be an integer in [0, 2^128)');
}

function checkLimbs(limbs: readonly bigint[]): void {
  if (limbs.length === 0) throw new HandoverDataError('no limbs to encrypt');
  limbs.forEach((x, i) => { if (typeof x !== 'bigint' || x < 0n || x >= P) throw new HandoverDataError(`limb ${i} is not a field element`, { index: i }); });
}

/** A random 128-bit nonce. */
export function randomNonce(): bigint {
  let x = 0n;
  for (const b of globalThis.crypto.getRandomValues(new Uint8Array(16))) x = (x << 8n) | BigInt(b);
  return x;
}

/** The ECDH key: (x, y) of sk·pub, for any pub the circuit accepts (on the curve, not of small order). */
export function sharedKey(sk: bigint, pub: Point): [bigint, bigint] {
  checkSecretKey(sk);
  checkProviderKey(pub);
  const s = mulPoint(pub, sk);
  return [s[0], s[1]];
}

/** The hunter's side: PoseidonEncrypt(limbs, hunterSk·providerPub, nonce); 3·ceil(L/3) + 1 field elements. */
export function encryptModel(limbs: readonly bigint[], providerPub: Point, hunterSk: bigint, nonce: bigint): bigint[] {
  checkLimbs(limbs);
  checkNonce(nonce);
  return poseidonEncrypt(limbs, sharedKey(hunterSk, providerPub), nonce);
}

/**
 * The provider's side: the L limbs, or WrongKeyError when the ciphertext does not authenticate under
 * providerSk·hunterPub. Words after the first 3·ceil(L/3) + 1 must be 0 and are ignored: the on-chain
 * evaluation e cannot tell trailing zero words apart, so a posted vector may carry them (PROTOCOL §7).
 */
export function decryptModel(ciphertext: readonly bigint[], providerSk: bigint, hunterPub: Point, nonce: bigint, l: number): bigint[] {
  checkNonce(nonce);
  if (!Number.isInteger(l) || l < 1) throw new HandoverDataError(`the limb count must be an integer ≥ 1, got ${l}`);
  const n = ciphertextLength(l);
  if (ciphertext.length < n || ciphertext.slice(n).some((x) => x !== 0n)) {
    throw new HandoverDataError(`${l} limbs encrypt to ${n} words (then only zero words), got ${ciphertext.length}`, { expected: n, got: ciphertext.length });
  }
  checkCiphertext(ciphertext);
  // the circuit computes hunterPub = hunterSk·Base8: anything outside the prime subgroup is not a hunter key
  checkPublicKey(hunterPub, 'hunter key');
  const r = poseidonDecryptChecked(ciphertext.slice(0, n), sharedKey(providerSk, hunterPub), nonce, l);
  if (!r.ok) throw new WrongKeyError(r.reason === 'length' ? 'tag' : r.reason);
  return r.plaintext;
}

function checkCiphertext(c: readonly bigint[]): void {
  c.forEach((x, i) => { if (typeof x !== 'bigint' || x < 0n || x >= P) throw new HandoverDataError(`ciphertext word ${i} is not below p`, { index: i }); });
}

/** abi.encodePacked(uint256[]): each word as 32 big-endian bytes, concatenated, no length. */
export function encodeWords(words: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(32 * words.length);
  words.forEach((w, i) => {
    let x = w;
    for (let j = 31; j >= 0; j--) { out[32 * i + j] = Number(x & 0xffn); x >>= 8n; }
  });
  return out;
}

/** ρ = uint256(keccak256(abi.encodePacked(uint256[] ciphertext))) mod p and e = Σ c_i·ρ^i mod p, as the contract computes them. */
export function evalAt(ciphertext: readonly bigint[]): { rho: bigint; e: bigint } {
  if (ciphertext.length === 0) throw new HandoverDataError('an empty ciphertext');
  checkCiphertext(ciphertext);
  let h = 0n;
  for (const b of keccak_256(encodeWords(ciphertext))) h = (h << 8n) | BigInt(b);
  const rho = h % P;
  return { rho, e: polyEval(ciphertext, rho) };
}

export interface HandoverWitness {
  /** the circuit's input JSON (decimal strings), for snarkjs / circom's witness calculator */
  input: { modelLimbs: string[]; archHash: string; hunterSk: string; providerPubX: string; providerPubY: string; nonce: string; rho: string };
  /** the public signals the proof will carry, in snarkjs order (HANDOVER_PUBLIC_SIGNALS) */
  publicSignals: string[];
  ciphertext: bigint[];
  commitment: bigint;
  hunterPub: Point;
  rho: bigint;
  e: bigint;
  /** circuit parameters Handover(L_W, L_B) */
  lw: number;
  lb: number;
}

/** Everything the hunter needs to prove a hand-over: the circuit input, the expected public signals and the ciphertext to post. */
export function handoverWitness(args: {
  weightLimbs: readonly bigint[]; biasLimbs: readonly bigint[]; archHash: bigint; hunterSk: bigint; providerPub: Point; nonce: bigint;
}): HandoverWitness {
  const limbs = [...args.weightLimbs, ...args.biasLimbs];
  checkLimbs(limbs);
  if (args.weightLimbs.length === 0) throw new HandoverDataError('no weight limbs');
  checkNonce(args.nonce);
  checkHunterSecretKey(args.hunterSk); // the form the Handover circuit proves with (generateHunterKeyPair)
  checkProviderKey(args.providerPub);
  const ciphertext = encryptModel(limbs, args.providerPub, args.hunterSk, args.nonce);
  const { rho, e } = evalAt(ciphertext);
  const out = handover({ ...args, rho });
  // one computation path for the encryption and another for the circuit reference: they must agree
  if (out.e !== e || out.ciphertext.some((c, i) => c !== ciphertext[i])) throw new Error('handoverWitness: reference mismatch');
  const hunterPub = publicKey(args.hunterSk);
  const values: Record<(typeof HANDOVER_PUBLIC_SIGNALS)[number], bigint> = {
    commitment: out.commitment, hunterPubX: hunterPub[0], hunterPubY: hunterPub[1], e,
    providerPubX: args.providerPub[0], providerPubY: args.providerPub[1], nonce: args.nonce, rho,
  };
  return {
    input: {
      modelLimbs: limbs.map(String), archHash: String(args.archHash), hunterSk: String(args.hunterSk),
      providerPubX: String(args.providerPub[0]), providerPubY: String(args.providerPub[1]), nonce: String(args.nonce), rho: String(rho),
    },
    publicSignals: HANDOVER_PUBLIC_SIGNALS.map((k) => String(values[k])),
    ciphertext, commitment: out.commitment, hunterPub, rho, e,
    lw: args.weightLimbs.length, lb: args.biasLimbs.length,
  };
}

/**
 * The provider's whole check (docs/PROTOCOL.md §7): decrypt, recompute the model commitment from the
 * limbs and the architecture hash, compare it with the committed one, and unpack the weights and biases.
 * WrongKeyError if the ciphertext does not decrypt, CommitmentMismatchError if it is another model.
 */
export function openModel(args: {
  ciphertext: readonly bigint[]; providerSk: bigint; hunterPub: Point; nonce: bigint;
  shape: ParamShape; archHash: bigint; commitment: bigint;
}): { weights: bigint[]; biases: bigint[]; weightLimbs: bigint[]; biasLimbs: bigint[] } {
  const { lw, lb } = handoverLimbCounts(args.shape);
  const limbs = decryptModel(args.ciphertext, args.providerSk, args.hunterPub, args.nonce, lw + lb);
  const weightLimbs = limbs.slice(0, lw), biasLimbs = limbs.slice(lw);
  const got = modelCommitmentFromLimbs(args.archHash, weightLimbs, biasLimbs);
  if (got !== args.commitment) throw new CommitmentMismatchError(args.commitment, got);
  return { ...unpackModel(limbs, args.shape), weightLimbs, biasLimbs };
}
