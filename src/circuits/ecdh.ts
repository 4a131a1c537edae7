import { defineTemplate } from './signature.js';

/** --O2 constraints of circomlib's EscalarMulAny(251) and EscalarMulFix(251, Base8), measured (pinned by ecdh.test.ts). */
export const ESCALAR_MUL_ANY_251 = 2283;
export const ESCALAR_MUL_FIX_251 = 518;

/**
 * Exact --O2 constraints of Ecdh(): 3 (on curve) + 18 (8·P by three BabyDbl) + 1 (x(8·P) ≠ 0)
 * + 251 + 251 (sk bits, sk < l) + 1 (sk ≠ 0) + EscalarMulAny(251) + EscalarMulFix(251) + 1 (shared.x ≠ 0).
 */
export const ECDH_CONSTRAINTS = 3 + 18 + 1 + 251 + 251 + 1 + ESCALAR_MUL_ANY_251 + ESCALAR_MUL_FIX_251 + 1;

/** BabyJubJub Diffie–Hellman: own public key sk·Base8 and shared = sk·theirPub, sk ∈ [1, l), theirPub checked. */
export const Ecdh = defineTemplate<Record<string, never>>({
  template: 'Ecdh',
  file: 'ecdh.circom',
  params: [],
  validate() {},
  constraints: () => ECDH_CONSTRAINTS,
  inputs: () => ({ sk: [], theirPub: [2] }),
  outputs: () => ({ pub: [2], shared: [2] }),
});
