import { defineTemplate } from './signature.js';
import { MONT_DOUBLE_ADD } from './mont-double-add.js';

export { MONT_DOUBLE_ADD };

/** Bits of m in the hunter's secret key sk = 2^249 + 1 + 2·m (src/core/handover/keys.ts HUNTER_SK_BITS). */
export const ECDH_SK_BITS = 249;
/** --O2 constraints of circomlib's EscalarMulFix(250, Base8) with bit 0 the constant 1, measured (pinned by ecdh.test.ts). */
export const ESCALAR_MUL_FIX_250_ODD = 516;

/**
 * Exact --O2 constraints of Ecdh(): 3 (on curve) + 18 (8·P by three BabyDbl) + 1 (x(8·P) ≠ 0)
 * + 249 (bits of m) + 2 (to Montgomery) + 4 (2P) + 249·MontDoubleAdd + 2 (to Edwards) + 1 (shared.x ≠ 0)
 * + EscalarMulFix(250) with bit 0 constant + 3 (adding the constant 2^249·Base8).
 */
export const ECDH_CONSTRAINTS = 3 + 18 + 1 + ECDH_SK_BITS + 2 + 4 + ECDH_SK_BITS * MONT_DOUBLE_ADD + 2 + 1 + ESCALAR_MUL_FIX_250_ODD + 3;

/** BabyJubJub Diffie–Hellman: own public key sk·Base8 and shared = sk·theirPub, sk = 2^249 + 1 + 2·m (m < 2^249), theirPub checked. */
export const Ecdh = defineTemplate<Record<string, never>>({
  template: 'Ecdh',
  file: 'ecdh.circom',
  params: [],
  validate() {},
  constraints: () => ECDH_CONSTRAINTS,
  inputs: () => ({ sk: [], theirPub: [2] }),
  outputs: () => ({ pub: [2], shared: [2] }),
});
