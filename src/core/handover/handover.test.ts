import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keccak256, encodePacked } from 'viem';
import { createRequire } from 'node:module';
import * as fc from 'fast-check';
import { P } from '../field.js';
import { ZkmlError } from '../errors.js';
import { packSigned } from '../witness/packed-poseidon-commit.js';
import { polyEval } from '../witness/poly-eval.js';
import { poseidonEncrypt } from '../witness/poseidon-encrypt.js';
import {
  BASE8, SUBORDER, mulPoint, generateKeyPair, generateHunterKeyPair, secretKeyFromSeed, publicKey, exportKeyFile, importKeyFile, KEY_FILE_KIND,
  encryptModel, decryptModel, evalAt, encodeWords, handoverWitness, randomNonce, sharedKey, ciphertextLength,
  unpackLimbs, groupValues, groupLimbCount, handoverLimbCounts, unpackModel,
  WrongKeyError, BadKeyFileError, WrongPassphraseError, InvalidKeyError, HandoverDataError, CommitmentMismatchError,
  openModel, modelCommitmentFromLimbs, type Point,
} from './index.js';

const require = createRequire(import.meta.url);
const zk = require('@zk-kit/poseidon-cipher') as { poseidonEncrypt: (m: bigint[], k: bigint[], n: bigint) => bigint[] };
const ITER = 10_000; // the minimum, to keep the tests fast; files default to 600,000

describe('hand-over keys', () => {
  it('derive a scalar in [1, l) from a 32-byte seed, deterministically, and pub = sk·Base8', () => {
    const seed = new Uint8Array(32).fill(7);
    const a = generateKeyPair(seed), b = generateKeyPair(seed);
    expect(a).toEqual(b);
    expect(a.sk).toBe(secretKeyFromSeed(seed));
    expect(a.sk >= 1n && a.sk < SUBORDER).toBe(true);
    expect(a.pub).toEqual(mulPoint(BASE8, a.sk));
    expect(publicKey(a.sk)).toEqual(a.pub);
    const c = generateKeyPair(), d = generateKeyPair();
    expect(c.sk).not.toBe(d.sk);
    for (const s of [new Uint8Array(32), new Uint8Array(32).fill(255)]) {
      const sk = secretKeyFromSeed(s);
      expect(sk >= 1n && sk < SUBORDER).toBe(true);
    }
    expect(() => secretKeyFromSeed(new Uint8Array(31))).toThrow(InvalidKeyError);
    expect(() => publicKey(0n)).toThrow(InvalidKeyError);
    expect(() => publicKey(SUBORDER)).toThrow(InvalidKeyError);
  });

  it('round-trip through a passphrase-protected key file', async () => {
    const kp = generateKeyPair();
    const file = await exportKeyFile(kp, 'correct horse', { iterations: ITER });
    const json = JSON.parse(file);
    expect(json.kind).toBe(KEY_FILE_KIND);
    expect(json.publicKey).toEqual([String(kp.pub[0]), String(kp.pub[1])]);
    expect(file).not.toContain(kp.sk.toString());
    expect(await importKeyFile(file, 'correct horse')).toEqual(kp);
    // two exports of one key differ (fresh salt and iv)
    expect(await exportKeyFile(kp, 'correct horse', { iterations: ITER })).not.toBe(file);
  });

  it('refuse a wrong passphrase and bad files with typed errors', async () => {
    const kp = generateKeyPair();
    const file = await exportKeyFile(kp, 'pw', { iterations: ITER });
    const err = await importKeyFile(file, 'pW').catch((e) => e);
    expect(err).toBeInstanceOf(WrongPassphraseError);
    expect(err).toBeInstanceOf(ZkmlError);
    const edit = (f: (j: Record<string, any>) => void) => { const j = JSON.parse(file); f(j); return JSON.stringify(j); };
    // another valid public key in the clear header: the header is authenticated, so the file does not open
    const other = generateKeyPair().pub;
    await expect(importKeyFile(edit((j) => { j.publicKey = other.map(String); }), 'pw')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(importKeyFile(edit((j) => { j.kdf.iterations = ITER + 1; }), 'pw')).rejects.toBeInstanceOf(WrongPassphraseError);
    const bad: [string, RegExp][] = [
      ['not json', /not JSON/],
      [edit((j) => { j.kind = 'other'; }), /kind/],
      [edit((j) => { j.publicKey = ['1', '2']; }), /prime-order subgroup/],
      [edit((j) => { j.publicKey = ['0x12', '2']; }), /decimal/],
      [edit((j) => { j.kdf.iterations = 1000; }), /iterations/],
      [edit((j) => { j.kdf.hash = 'SHA-1'; }), /SHA-256/],
      [edit((j) => { j.cipher.name = 'AES-CBC'; }), /AES-GCM/],
      [edit((j) => { j.secretKey = j.secretKey.slice(0, 20); }), /length/],
      [edit((j) => { j.secretKey = '***'; }), /base64/],
      [edit((j) => { delete j.secretKey; }), /secretKey/],
    ];
    for (const [text, msg] of bad) {
      const e = await importKeyFile(text, 'pw').catch((x) => x);
      expect(e, String(msg)).toBeInstanceOf(BadKeyFileError);
      expect(e.message).toMatch(msg);
    }
    await expect(exportKeyFile(kp, 'pw', { iterations: 100 })).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(exportKeyFile({ sk: kp.sk, pub: other }, 'pw', { iterations: ITER })).rejects.toBeInstanceOf(InvalidKeyError);
  });
});

describe('model encryption', () => {
  const provider = generateKeyPair(new Uint8Array(32).fill(1));
  const hunter = generateHunterKeyPair(new Uint8Array(32).fill(2)); // the Handover circuit's key form
  const weights = Array.from({ length: 100 }, (_, i) => BigInt((i * 37) % 256) - 128n);
  const biases = Array.from({ length: 10 }, (_, i) => BigInt(i * 1000 - 4000));
  const limbs = [...packSigned(weights, 8), ...packSigned(biases, 17)];

  it('round-trips weights → limbs → ciphertext → limbs → weights for the provider, and ECDH agrees on both sides', () => {
    expect(sharedKey(hunter.sk, provider.pub)).toEqual(sharedKey(provider.sk, hunter.pub));
    const nonce = randomNonce();
    expect(nonce >= 0n && nonce < 1n << 128n).toBe(true);
    const ct = encryptModel(limbs, provider.pub, hunter.sk, nonce);
    expect(ct.length).toBe(ciphertextLength(limbs.length));
    expect(ct).toEqual(poseidonEncrypt(limbs, sharedKey(hunter.sk, provider.pub), nonce));
    const back = decryptModel(ct, provider.sk, hunter.pub, nonce, limbs.length);
    expect(back).toEqual(limbs);
    const shape = { nWeights: 100, weightBits: 8, nBiases: 10, biasBits: 17 };
    expect(handoverLimbCounts(shape)).toEqual({ lw: 4, lb: 1 });
    expect(unpackModel(back, shape)).toEqual({ weights, biases });
  });

  it('openModel decrypts, checks the committed model and unpacks; another model or architecture is refused', () => {
    const shape = { nWeights: 100, weightBits: 8, nBiases: 10, biasBits: 17 };
    const commitment = modelCommitmentFromLimbs(42n, limbs.slice(0, 4), limbs.slice(4));
    const ct = encryptModel(limbs, provider.pub, hunter.sk, 4n);
    const base = { ciphertext: ct, providerSk: provider.sk, hunterPub: hunter.pub, nonce: 4n, shape, archHash: 42n, commitment };
    expect(openModel(base)).toEqual({ weights, biases, weightLimbs: limbs.slice(0, 4), biasLimbs: limbs.slice(4) });
    expect(() => openModel({ ...base, archHash: 43n })).toThrow(CommitmentMismatchError);
    const otherLimbs = [...packSigned(weights.map((w) => (w === 127n ? 0n : w + 1n)), 8), ...limbs.slice(4)];
    const e = (() => { try { openModel({ ...base, ciphertext: encryptModel(otherLimbs, provider.pub, hunter.sk, 4n) }); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(CommitmentMismatchError);
    expect(e).toBeInstanceOf(ZkmlError);
    expect(() => openModel({ ...base, providerSk: generateKeyPair().sk })).toThrow(WrongKeyError);
    expect(() => openModel({ ...base, shape: { ...shape, nBiases: 50 } })).toThrow(HandoverDataError); // 8 limbs: 10 words, not 7
    expect(() => openModel({ ...base, shape: { ...shape, nBiases: 20 } })).toThrow(WrongKeyError); // 6 limbs: 7 words, but L is in the initial state
  });

  it('no other key decrypts, and every refusal is a typed error', () => {
    const ct = encryptModel(limbs, provider.pub, hunter.sk, 9n);
    for (let i = 0; i < 5; i++) {
      const other = generateKeyPair();
      const e = (() => { try { decryptModel(ct, other.sk, hunter.pub, 9n, limbs.length); } catch (x) { return x; } })();
      expect(e).toBeInstanceOf(WrongKeyError);
      expect(e).toBeInstanceOf(ZkmlError);
      expect(() => decryptModel(ct, provider.sk, other.pub, 9n, limbs.length)).toThrow(WrongKeyError);
    }
    expect(() => decryptModel(ct, provider.sk, hunter.pub, 10n, limbs.length)).toThrow(WrongKeyError);
    for (let i = 0; i < ct.length; i++) {
      const bad = ct.slice(); bad[i] = (bad[i] + 1n) % P;
      expect(() => decryptModel(bad, provider.sk, hunter.pub, 9n, limbs.length)).toThrow(WrongKeyError);
    }
    expect(() => decryptModel(ct, provider.sk, hunter.pub, 9n, limbs.length + 3)).toThrow(HandoverDataError);
    expect(() => decryptModel(ct.slice(0, -1), provider.sk, hunter.pub, 9n, limbs.length)).toThrow(HandoverDataError);
    // trailing zero words evaluate to the same e (PROTOCOL §7): ignored; any other trailing word refused
    expect(decryptModel([...ct, 0n, 0n], provider.sk, hunter.pub, 9n, limbs.length)).toEqual(limbs);
    expect(() => decryptModel([...ct, 1n], provider.sk, hunter.pub, 9n, limbs.length)).toThrow(HandoverDataError);
    expect(() => decryptModel([...ct.slice(0, -1), P], provider.sk, hunter.pub, 9n, limbs.length)).toThrow(HandoverDataError);
    expect(() => decryptModel(ct, provider.sk, [1n, 2n], 9n, limbs.length)).toThrow(InvalidKeyError);
    expect(() => encryptModel(limbs, [0n, 1n], hunter.sk, 9n)).toThrow(InvalidKeyError);
    // a provider key of order 8·l passes the contract and the circuit, so the hunter can still hand over
    // (only its publisher cannot decrypt); the 8 small-order points are refused like the circuit does
    const g: Point = [995203441582195749578291179787384436505546430278305826713579947235728471134n, 5472060717959818805561601436314318772137091100104008585924551046643952123905n];
    expect(encryptModel(limbs, g, hunter.sk, 9n).length).toBe(ct.length);
    const order8 = mulPoint(g, SUBORDER);
    for (let k = 1n; k <= 8n; k++) expect(() => encryptModel(limbs, mulPoint(order8, k), hunter.sk, 9n)).toThrow(InvalidKeyError);
    // a hunter key outside the subgroup cannot come from the circuit
    expect(() => decryptModel(ct, provider.sk, g, 9n, limbs.length)).toThrow(InvalidKeyError);
    expect(() => encryptModel(limbs, provider.pub, hunter.sk, 1n << 128n)).toThrow(HandoverDataError);
    expect(() => encryptModel([P], provider.pub, hunter.sk, 1n)).toThrow(HandoverDataError);
    expect(() => encryptModel([], provider.pub, hunter.sk, 1n)).toThrow(HandoverDataError);
  });

  it('evalAt computes ρ = keccak256(abi.encodePacked(uint256[] c)) mod p and e = Σ c_i ρ^i as a contract would', () => {
    const ct = encryptModel(limbs, provider.pub, hunter.sk, 3n);
    const { rho, e } = evalAt(ct);
    expect(rho).toBe(BigInt(keccak256(encodePacked(['uint256[]'], [ct]))) % P);
    expect(e).toBe(polyEval(ct, rho));
    let direct = 0n, pow = 1n;
    for (const c of ct) { direct = (direct + c * pow) % P; pow = (pow * rho) % P; }
    expect(e).toBe(direct);
    expect(encodeWords([1n, P - 1n]).length).toBe(64);
    // the one malleability of the fingerprint: trailing zero words (another ρ, the same polynomial)
    const padded = evalAt([...ct, 0n]);
    expect(padded.rho).not.toBe(rho);
    expect(padded.e).toBe(polyEval(ct, padded.rho));
    expect(() => evalAt([P])).toThrow(HandoverDataError);
    expect(() => evalAt([])).toThrow(HandoverDataError);
  });

  it('handoverWitness gives the circuit input, the public signals in order and the ciphertext to post', () => {
    const h = handoverWitness({ weightLimbs: limbs.slice(0, 4), biasLimbs: limbs.slice(4), archHash: 42n, hunterSk: hunter.sk, providerPub: provider.pub, nonce: 7n });
    expect(Object.keys(h.input).sort()).toEqual(['archHash', 'hunterSk', 'modelLimbs', 'nonce', 'providerPubX', 'providerPubY', 'rho']);
    expect(h.input.modelLimbs).toEqual(limbs.map(String));
    expect(h.publicSignals).toEqual([h.commitment, hunter.pub[0], hunter.pub[1], h.e, provider.pub[0], provider.pub[1], 7n, h.rho].map(String));
    expect(evalAt(h.ciphertext)).toEqual({ rho: h.rho, e: h.e });
    expect([h.lw, h.lb]).toEqual([4, 1]);
    expect(() => handoverWitness({ weightLimbs: [], biasLimbs: limbs, archHash: 1n, hunterSk: hunter.sk, providerPub: provider.pub, nonce: 1n })).toThrow(HandoverDataError);
    expect(() => handoverWitness({ weightLimbs: limbs, biasLimbs: [], archHash: 1n, hunterSk: 0n, providerPub: provider.pub, nonce: 1n })).toThrow(InvalidKeyError);
  });
});

describe('unpacking limbs', () => {
  it('inverts packSigned for every width, including partial last limbs', () => {
    for (const bits of [1, 2, 8, 11, 17, 32, 126, 251]) {
      for (const n of [1, 5, 31, 32, 100]) {
        const h = 1n << BigInt(bits - 1);
        const vs = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -h : i % 3 === 1 ? h - 1n : BigInt(i) % h));
        expect(unpackLimbs(packSigned(vs, bits), n, bits)).toEqual(vs);
      }
    }
  });

  it('refuses limbs the packing cannot produce', () => {
    const limbs = packSigned([1n, 2n, 3n], 8);
    expect(() => unpackLimbs(limbs, 3, 8)).not.toThrow();
    expect(() => unpackLimbs([...limbs, 0n], 3, 8)).toThrow(HandoverDataError);
    expect(() => unpackLimbs([limbs[0] + (1n << 24n)], 3, 8)).toThrow(/limb 0/); // a digit beyond the 3 values
    expect(() => unpackLimbs([-1n], 3, 8)).toThrow(HandoverDataError);
    expect(() => unpackLimbs([1n << 248n], 31, 8)).toThrow(HandoverDataError);
    expect(() => unpackLimbs([], 0, 8)).toThrow(HandoverDataError);
  });

  it('follows §2 for unpacked groups (values as field elements, range-checked on the way back)', () => {
    // a single 8-bit value is committed unpacked (PoseidonCommit is cheaper), 1,044 are packed
    expect(groupLimbCount(1, 8)).toBe(1);
    expect(groupLimbCount(1044, 8)).toBe(34);
    expect(groupLimbCount(0, 8)).toBe(0);
    expect(groupValues([P - 5n], 1, 8)).toEqual([-5n]);
    expect(() => groupValues([200n], 1, 8)).toThrow(/8-bit/);
    expect(groupValues([], 0, 8)).toEqual([]);
    expect(() => groupValues([1n], 0, 8)).toThrow(HandoverDataError);
    // 1,000 64-bit values: PoseidonCommit is cheaper, so the limbs are the values
    const vs = Array.from({ length: 1000 }, (_, i) => BigInt(i) - 500n);
    expect(groupValues(vs.map((v) => (v + P) % P), 1000, 64)).toEqual(vs);
  });
});

describe('properties (fast-check)', () => {
  const fieldEl = fc.bigInt({ min: 0n, max: P - 1n });
  it('the cipher equals @zk-kit/poseidon-cipher and decrypts back, for any plaintext, key and nonce', () => {
    fc.assert(fc.property(
      fc.array(fieldEl, { minLength: 1, maxLength: 10 }), fieldEl, fieldEl, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
      (m, k0, k1, nonce) => {
        const ct = poseidonEncrypt(m, [k0, k1], nonce);
        expect(ct).toEqual(zk.poseidonEncrypt(m, [k0, k1], nonce));
        expect(ct.length).toBe(ciphertextLength(m.length));
      },
    ), { numRuns: 40 });
  });
  it('unpackLimbs ∘ packSigned is the identity for any width and count', () => {
    const case_ = fc.integer({ min: 1, max: 64 }).chain((bits) => {
      const h = 1n << BigInt(bits - 1);
      return fc.tuple(fc.constant(bits), fc.array(fc.bigInt({ min: -h, max: h - 1n }), { minLength: 1, maxLength: 80 }));
    });
    fc.assert(fc.property(case_, ([bits, vs]) => {
      expect(unpackLimbs(packSigned(vs, bits), vs.length, bits)).toEqual(vs);
    }), { numRuns: 100 });
  });
});

describe('src/core/handover is isomorphic', () => {
  it('imports no Node module and touches no DOM', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      const src = readFileSync(dir + f, 'utf8');
      expect(src, f).not.toMatch(/from ['"]node:|require\(|\bdocument\b|\bwindow\b|\bBuffer\b|process\./);
    }
  });
});
