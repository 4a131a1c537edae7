import { describe, it, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { compileTemplate, compileError, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { poseidonEncrypt, poseidonDecryptChecked, ciphertextLength, TWO_128 } from '../core/witness/poseidon-encrypt.js';
import { poseidonPermutation } from '../core/witness/poseidon-permutation.js';
import { PoseidonEncrypt, poseidonEncryptConstraints, POSEIDON_EX_3_4 } from './poseidon-encrypt.js';
import * as lite from 'poseidon-lite';

// The @zk-kit ESM build may not load on Node 20: the CJS builds, through createRequire.
const require = createRequire(import.meta.url);
type Enc = (m: bigint[], k: bigint[], n: bigint) => bigint[];
type Dec = (c: bigint[], k: bigint[], n: bigint, l: number) => bigint[];
const zk = require('@zk-kit/poseidon-cipher') as { poseidonEncrypt: Enc; poseidonDecrypt: Dec; poseidonPerm: (s: bigint[]) => bigint[] };
const maci = require('maci-crypto') as { poseidonEncrypt: Enc; poseidonDecrypt: Dec };

// [L, literal constraint count]: one element, a full block, one over a block, the MNIST CNN's 36 limbs
const CASES = [[1, 653], [3, 653], [4, 917], [36, 3557]] as const;

describe('PoseidonEncrypt(L)', () => {
  const c = new Map<number, CompiledCircuit>();
  beforeAll(async () => {
    for (const [l] of CASES) c.set(l, await compileTemplate('poseidon-encrypt.circom', 'PoseidonEncrypt', [l]));
  });
  const r = rng(12);
  const field = () => r.big(0n, P - 1n);

  it('costs exactly 128 + (ceil(L/3) + 1)·264 − 3', () => {
    expect(POSEIDON_EX_3_4).toBe(264);
    for (const [l, lit] of CASES) {
      expect(c.get(l)!.nConstraints).toBe(PoseidonEncrypt.constraints({ L: l }));
      expect(c.get(l)!.nConstraints).toBe(lit);
      expect(lit).toBe(128 + (Math.ceil(l / 3) + 1) * 264 - 3);
      expect(poseidonEncryptConstraints(l)).toBe(lit);
    }
  });

  it('the permutation regenerated from the Grain LFSR is circomlib\'s for every width 2..17: poseidon-lite and @zk-kit agree', () => {
    const fns = [
      lite.poseidon1, lite.poseidon2, lite.poseidon3, lite.poseidon4, lite.poseidon5, lite.poseidon6, lite.poseidon7, lite.poseidon8,
      lite.poseidon9, lite.poseidon10, lite.poseidon11, lite.poseidon12, lite.poseidon13, lite.poseidon14, lite.poseidon15, lite.poseidon16,
    ] as const;
    fns.forEach((f, n) => {
      const xs = Array.from({ length: n + 1 }, field);
      const full = poseidonPermutation([0n, ...xs]);
      expect(full[0]).toBe(f(xs));
      expect(full).toEqual(f(xs, n + 2) as unknown as bigint[]);
    });
    for (let i = 0; i < 5; i++) {
      const s = [field(), field(), field(), field()];
      expect(poseidonPermutation(s)).toEqual(zk.poseidonPerm(s));
    }
  });

  it('ciphertext equals the TS reference, @zk-kit/poseidon-cipher and maci-crypto bit for bit', async () => {
    for (const [l] of CASES) {
      const nonces = [0n, 1n, TWO_128 - 1n, r.big(0n, TWO_128 - 1n)];
      const plains = [Array.from({ length: l }, field), Array(l).fill(0n), Array(l).fill(P - 1n)];
      for (const [k, pt] of plains.entries()) {
        const key: [bigint, bigint] = [field(), field()];
        const nonce = nonces[k % nonces.length];
        const w = await c.get(l)!.witness({ plaintext: pt, key, nonce });
        expect(w.satisfies()).toBe(true);
        const ct = w.getArray('ciphertext').map(toField);
        expect(ct.length).toBe(ciphertextLength(l));
        expect(ct).toEqual(poseidonEncrypt(pt, key, nonce));
        expect(ct).toEqual(zk.poseidonEncrypt(pt, key, nonce));
        expect(ct).toEqual(maci.poseidonEncrypt(pt, key, nonce));
        expect(zk.poseidonDecrypt(ct, key, nonce, l)).toEqual(pt);
        const back = poseidonDecryptChecked(ct, key, nonce, l);
        expect(back).toEqual({ ok: true, plaintext: pt });
      }
    }
    // nonce 2^128 − 1 and every other length up to 8 against @zk-kit as well (TS only)
    for (let l = 1; l <= 8; l++) {
      const pt = Array.from({ length: l }, field);
      const key: [bigint, bigint] = [field(), field()];
      expect(poseidonEncrypt(pt, key, TWO_128 - 1n)).toEqual(zk.poseidonEncrypt(pt, key, TWO_128 - 1n));
    }
  });

  it('decryption with another key, nonce or length, or of a changed element, fails its checks', () => {
    const l = 7;
    const pt = Array.from({ length: l }, field);
    const key: [bigint, bigint] = [field(), field()];
    const ct = poseidonEncrypt(pt, key, 5n);
    expect(poseidonDecryptChecked(ct, [key[0] + 1n, key[1]], 5n, l)).toMatchObject({ ok: false });
    expect(poseidonDecryptChecked(ct, key, 6n, l)).toMatchObject({ ok: false });
    expect(poseidonDecryptChecked(ct, key, 5n, 8)).toMatchObject({ ok: false });
    expect(poseidonDecryptChecked(ct, key, 5n, 9)).toMatchObject({ ok: false, reason: 'tag' });
    expect(poseidonDecryptChecked(ct, key, 5n, 4)).toMatchObject({ ok: false, reason: 'length' });
    for (let i = 0; i < ct.length; i++) {
      const bad = ct.slice();
      bad[i] = (bad[i] + 1n) % P;
      expect(poseidonDecryptChecked(bad, key, 5n, l), `element ${i}`).toMatchObject({ ok: false });
      expect(() => zk.poseidonDecrypt(bad, key, 5n, l)).toThrow();
    }
  });

  it('rejects forged witnesses: any ciphertext element or the tag changed, another nonce under the same permutations', async () => {
    const l = 4;
    const cc = c.get(l)!;
    const pt = [11n, 22n, 33n, 44n];
    const w = await cc.witness({ plaintext: pt, key: [7n, 8n], nonce: 9n });
    expect(w.satisfies()).toBe(true);
    const n = ciphertextLength(l);
    for (let i = 0; i < n; i++) {
      const name = `ciphertext[${i}]`;
      expect(w.forge({ [name]: w.get(name) + 1n }).satisfies(), name).toBe(false);
    }
    // the padding positions (4 and 5, in block 1) encrypt zeros: a ciphertext claiming a nonzero pad fails
    expect(w.forge({ 'ciphertext[4]': w.get('ciphertext[4]') - 1n }).satisfies()).toBe(false);
    expect(w.forge({ nonce: 10n }).satisfies()).toBe(false);
    expect(w.forge({ 'key[0]': 70n }).satisfies()).toBe(false);
    expect(w.forge({ 'plaintext[0]': 12n }).satisfies()).toBe(false);
  });

  it('rejects nonces of 2^128 and above instead of letting nonce + L·2^128 alias another length', async () => {
    const cc = c.get(4)!;
    expect(await witnessFails(cc, { plaintext: [1n, 2n, 3n, 4n], key: [1n, 2n], nonce: TWO_128 })).toBe(true);
    // the aliasing this prevents: (nonce + 2^128, L = 3) has the initial state of (nonce, L = 4)
    expect(await witnessFails(c.get(3)!, { plaintext: [1n, 2n, 3n], key: [1n, 2n], nonce: TWO_128 + 9n })).toBe(true);
    expect(await witnessFails(cc, { plaintext: [1n, 2n, 3n, 4n], key: [1n, 2n], nonce: -1n })).toBe(true);
    expect(() => poseidonEncrypt([1n], [1n, 2n], TWO_128)).toThrow(/nonce/);
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    expect(await compileError('poseidon-encrypt.circom', 'PoseidonEncrypt', [0])).toMatch(/L: number of plaintext elements/);
    expect(() => PoseidonEncrypt.validate({ L: 0 })).toThrow(/parameter L/);
    expect(() => PoseidonEncrypt.validate({ L: 1.5 })).toThrow(/parameter L/);
    expect(() => PoseidonEncrypt.validate({ L: 36 })).not.toThrow();
    expect(PoseidonEncrypt.outputs({ L: 36 })).toEqual({ ciphertext: [37] });
  });
});
