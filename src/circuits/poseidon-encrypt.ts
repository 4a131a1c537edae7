import { defineTemplate, checkInt } from './signature.js';

/** --O2 constraints of circomlib PoseidonEx(3, 4): 8 full rounds of 4 S-boxes and 56 partial rounds, 3 each. */
export const POSEIDON_EX_3_4 = 8 * 4 * 3 + 56 * 3;

/** Exact --O2 constraints of PoseidonEncrypt(L): nonce range check 128 + (N+1) permutations − 3 (constant capacity lane), N = ceil(L/3). */
export function poseidonEncryptConstraints(l: number): number {
  const n = Math.ceil(l / 3);
  return 128 + (n + 1) * POSEIDON_EX_3_4 - 3;
}

/** The Poseidon cipher of L field elements on circomlib's PoseidonEx(3, 4) (@zk-kit/poseidon-cipher's construction). */
export const PoseidonEncrypt = defineTemplate<{ L: number }>({
  template: 'PoseidonEncrypt',
  file: 'poseidon-encrypt.circom',
  params: ['L'],
  validate({ L }) {
    checkInt('PoseidonEncrypt', 'L', L, 1);
  },
  constraints: ({ L }) => poseidonEncryptConstraints(L),
  inputs: ({ L }) => ({ plaintext: [L], key: [2], nonce: [] }),
  outputs: ({ L }) => ({ ciphertext: [3 * Math.ceil(L / 3) + 1] }),
});
