import { describe, it, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { compileTemplate, compileSource, witnessFails, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { P, toField } from '../core/field.js';
import { ecdh } from '../core/witness/ecdh.js';
import { BASE8, SUBORDER, IDENTITY, addPoint, mulPoint, isOnCurve, isSmallOrder, type Point } from '../core/handover/babyjub.js';
import { generateHunterKeyPair, hunterSecretKeyFromSeed, isHunterSecretKey, checkHunterSecretKey, HUNTER_SK_BITS, InvalidKeyError } from '../core/handover/index.js';
import { Ecdh, ECDH_CONSTRAINTS, ECDH_SK_BITS, ESCALAR_MUL_FIX_250_ODD, MONT_DOUBLE_ADD } from './ecdh.js';

const require = createRequire(import.meta.url);
const bj = require('@zk-kit/baby-jubjub') as { mulPointEscalar: (p: Point, k: bigint) => [bigint, bigint]; Base8: Point; subOrder: bigint };
const maci = require('maci-crypto') as {
  genPubKey: (sk: bigint) => [bigint, bigint];
  genEcdhSharedKey: (sk: bigint, pub: Point) => [bigint, bigint];
  formatPrivKeyForBabyJub: (sk: bigint) => bigint;
};

/** circomlib's generator of the whole group (order 8·l); Base8 = 8·GENERATOR. */
const GENERATOR: Point = [
  995203441582195749578291179787384436505546430278305826713579947235728471134n,
  5472060717959818805561601436314318772137091100104008585924551046643952123905n,
];

describe('Ecdh()', () => {
  let c: CompiledCircuit;
  beforeAll(async () => { c = await compileTemplate('ecdh.circom', 'Ecdh', []); });
  const r = rng(21);
  const scalar = () => r.big(1n, SUBORDER - 1n);
  const TOP = 1n << 249n;
  /** the hunter's key form: 2^249 + 1 + 2·m, m < 2^249 */
  const hunterScalar = (m = r.big(0n, TOP - 1n)) => TOP + 1n + 2n * m;
  const run = async (sk: bigint, pk: Point) => {
    const w = await c.witness({ sk, theirPub: [...pk] });
    return { w, pub: [toField(w.get('pub[0]')), toField(w.get('pub[1]'))], shared: [toField(w.get('shared[0]')), toField(w.get('shared[1]'))] };
  };

  it(`costs exactly ${ECDH_CONSTRAINTS} constraints (3 + 18 + 1 + 249 + 2 + 4 + 249·MontDoubleAdd + 2 + 1 + EscalarMulFix(250, bit 0 = 1) + 3)`, async () => {
    expect(c.nConstraints).toBe(Ecdh.constraints({}));
    expect(c.nConstraints).toBe(2293);
    expect(ECDH_SK_BITS).toBe(HUNTER_SK_BITS);
    // the pieces, measured on their own
    const fix = await compileSource(`pragma circom 2.2.3;\ninclude "circomlib/circuits/escalarmulfix.circom";\ntemplate T() { signal input e[249]; signal output out[2]; var B[2] = [${BASE8.join(', ')}]; component m = EscalarMulFix(250, B); m.e[0] <== 1; for (var i = 0; i < 249; i++) m.e[i + 1] <== e[i]; out <== m.out; }\ncomponent main = T();\n`, 'EscalarMulFix250Odd');
    expect(fix.nConstraints).toBe(ESCALAR_MUL_FIX_250_ODD);
    const step = await compileSource('pragma circom 2.2.3;\ninclude "ecdh.circom";\ncomponent main = MontDoubleAdd();\n', 'MontDoubleAdd');
    expect(step.nConstraints).toBe(MONT_DOUBLE_ADD);
  });

  it('generateHunterKeyPair draws exactly the keys Ecdh accepts: 2^249 + 1 + 2·m, m < 2^249, inside [1, l)', () => {
    expect(3n * TOP - 1n < SUBORDER).toBe(true);
    for (let i = 0; i < 16; i++) {
      const k = generateHunterKeyPair();
      expect(isHunterSecretKey(k.sk)).toBe(true);
      expect(k.sk >= TOP + 1n && k.sk <= 3n * TOP - 1n && k.sk % 2n === 1n).toBe(true);
      expect(k.pub).toEqual(mulPoint(BASE8, k.sk));
    }
    const seed = new Uint8Array(32).fill(4);
    expect(generateHunterKeyPair(seed).sk).toBe(hunterSecretKeyFromSeed(seed));
    expect(hunterSecretKeyFromSeed(new Uint8Array(32).fill(5))).not.toBe(hunterSecretKeyFromSeed(seed));
    expect(() => hunterSecretKeyFromSeed(new Uint8Array(31))).toThrow(InvalidKeyError);
    for (const sk of [0n, 1n, TOP, TOP + 2n, 3n * TOP, 3n * TOP + 1n, SUBORDER - 1n, -1n]) {
      expect(isHunterSecretKey(sk), `sk ${sk}`).toBe(false);
      expect(() => checkHunterSecretKey(sk)).toThrow(InvalidKeyError);
    }
    for (const sk of [TOP + 1n, 3n * TOP - 1n, TOP + 3n]) expect(isHunterSecretKey(sk)).toBe(true);
  });

  it('the curve reference agrees with @zk-kit/baby-jubjub and maci-crypto; Base8 = 8·generator', () => {
    expect(bj.Base8.map(BigInt)).toEqual([...BASE8]);
    expect(BigInt(bj.subOrder)).toBe(SUBORDER);
    expect(mulPoint(GENERATOR, 8n)).toEqual([...BASE8]);
    expect(mulPoint(BASE8, SUBORDER)).toEqual([...IDENTITY]);
    for (let i = 0; i < 4; i++) {
      const k = scalar(), m = scalar();
      expect(mulPoint(BASE8, k)).toEqual(bj.mulPointEscalar(BASE8, k));
      const q = mulPoint(BASE8, m);
      expect(mulPoint(q, k)).toEqual(bj.mulPointEscalar(q, k));
      // maci-crypto derives its scalar from a private key; with that scalar the points agree
      const s = maci.formatPrivKeyForBabyJub(k);
      expect(mulPoint(BASE8, s)).toEqual(maci.genPubKey(k));
      expect(mulPoint(q, s)).toEqual(maci.genEcdhSharedKey(k, q));
    }
  });

  it('outputs the reference public key and shared point; both sides get the same point', async () => {
    const providerSk = scalar();
    const providerPub = mulPoint(BASE8, providerSk);
    // m = 0, 1, 2^249 − 1 (sk = 3·2^249 − 1, the largest), alternating bits, one bit, and random
    const sks = [0n, 1n, TOP - 1n, (TOP - 1n) / 3n, 2n * (TOP - 1n) / 3n, 1n << 148n, 1n << 248n, ...Array.from({ length: 6 }, () => r.big(0n, TOP - 1n))].map(hunterScalar);
    sks.push(generateHunterKeyPair().sk);
    for (const sk of sks) {
      const { w, pub, shared } = await run(sk, providerPub);
      expect(w.satisfies(), `sk ${sk}`).toBe(true);
      const ref = ecdh(sk, providerPub);
      expect(pub).toEqual([...ref.pub]);
      expect(shared).toEqual([...ref.shared]);
      expect(pub).toEqual(bj.mulPointEscalar(BASE8, sk));
      // the provider recomputes the key from the published hunter key
      expect(mulPoint(ref.pub, providerSk)).toEqual(shared);
    }
    // points outside the prime subgroup but not of small order (orders 2l, 4l, 8l) pass the contract's and
    // this check, so they must be multiplied exactly (else a provider could block its own hand-over)
    const order8 = mulPoint(GENERATOR, SUBORDER);
    for (const k of [4n, 2n, 1n]) {
      const mixed = addPoint(providerPub, mulPoint(order8, k));
      expect(isOnCurve(mixed) && !isSmallOrder(mixed)).toBe(true);
      for (const sk of [hunterScalar(), hunterScalar(TOP - 1n), hunterScalar(0n)]) {
        const { w, shared } = await run(sk, mixed);
        expect(w.satisfies()).toBe(true);
        expect(shared).toEqual(bj.mulPointEscalar(mixed, sk));
      }
    }
  });

  it('refuses secret keys not of the form 2^249 + 1 + 2·m, m < 2^249 (even, below, above, l and beyond, other [1, l) keys)', async () => {
    const pk = mulPoint(BASE8, 5n);
    const bad = [0n, 1n, 2n, 123n, TOP, TOP - 1n, TOP + 2n, hunterScalar(5n) + 1n, 3n * TOP, 3n * TOP + 1n, 3n * TOP + 3n,
      SUBORDER - 1n, SUBORDER, SUBORDER + 2n, (1n << 251n) - 1n, 1n << 251n, P - 1n, P - TOP + 1n];
    for (const sk of bad) {
      expect(await witnessFails(c, { sk, theirPub: [...pk] }), `sk ${sk}`).toBe(true);
      expect(() => ecdh(sk, pk)).toThrow(/2\^249 \+ 1 \+ 2·m/);
    }
    expect(await witnessFails(c, { sk: -1n, theirPub: [...pk] })).toBe(true);
  });

  it('refuses public keys off the curve and of small order (the identity, order 2, 4 and 8), which would make the key guessable', async () => {
    const pk = mulPoint(BASE8, 5n);
    const sk = hunterScalar();
    const off: Point[] = [[pk[0], pk[1] + 1n], [0n, 0n], [1n, 1n]];
    for (const q of off) {
      expect(isOnCurve(q)).toBe(false);
      expect(await witnessFails(c, { sk, theirPub: [...q] })).toBe(true);
    }
    const order8 = mulPoint(GENERATOR, SUBORDER);
    const small = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n].map((k) => mulPoint(order8, k));
    expect(small).toContainEqual([...IDENTITY]);
    expect(small).toContainEqual([0n, P - 1n]);
    for (const q of small) {
      expect(isSmallOrder(q)).toBe(true);
      expect(await witnessFails(c, { sk, theirPub: [...q] }), `point ${q}`).toBe(true);
      expect(() => ecdh(sk, q)).toThrow(/small order/);
    }
    // with an even sk, the order-2 point would give the identity as the shared "key"
    expect(mulPoint([0n, P - 1n], 2n)).toEqual([...IDENTITY]);
  });

  it('rejects forged witnesses: the identity as shared point, another shared point, another public key', async () => {
    const pk = mulPoint(BASE8, 99n);
    const sk = hunterScalar(123n);
    const { w } = await run(sk, pk);
    expect(w.satisfies()).toBe(true);
    expect(w.forge({ 'shared[0]': 0n, 'shared[1]': 1n }).satisfies()).toBe(false);
    expect(w.forge({ 'shared[0]': 0n }).satisfies()).toBe(false);
    expect(w.forge({ 'shared[0]': w.get('shared[0]') + 1n }).satisfies()).toBe(false);
    expect(w.forge({ 'shared[1]': w.get('shared[1]') + 1n }).satisfies()).toBe(false);
    const other = mulPoint(pk, sk + 2n);
    expect(w.forge({ 'shared[0]': other[0], 'shared[1]': other[1] }).satisfies()).toBe(false);
    expect(w.forge({ 'pub[0]': w.get('pub[0]') + 1n }).satisfies()).toBe(false);
    const otherPub = mulPoint(BASE8, sk + 2n);
    expect(w.forge({ 'pub[0]': otherPub[0], 'pub[1]': otherPub[1] }).satisfies()).toBe(false);
    // the explicit x ≠ 0 checks: an inverse that is not one fails
    expect(w.forge({ sharedXInv: 0n }).satisfies()).toBe(false);
    expect(w.forge({ x8Inv: 0n }).satisfies()).toBe(false);
    // the ladder's free values: a flipped bit of m, another slope, another accumulator
    for (const i of [0, 100, 200]) { // (bit 248 is folded into the linear sum for sk)
      expect(w.forge({ [`mBits.out[${i}]`]: 1n - w.get(`mBits.out[${i}]`) }).satisfies()).toBe(false);
      const j = 248 - i;
      expect(w.forge({ [`step[${j}].l1`]: w.get(`step[${j}].l1`) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [`step[${j}].l2`]: w.get(`step[${j}].l2`) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [`step[${j}].out[0]`]: w.get(`step[${j}].out[0]`) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [`step[${j}].vq`]: P - w.get(`step[${j}].vq`) }).satisfies()).toBe(false);
    }
  });
});
