/**
 * Share links: round trip, size, and tampering. A real groth16 proof (development ptau) of a
 * stand-in circuit with the public signals of the keras2circom MNIST CNN transpiled with a hashed
 * input — `out`, `commitment`, `inputCommitment` — so the verification key has exactly the shape of
 * that model's key (a groth16 key's size depends only on its number of public signals; the CNN itself
 * needs a 2^17 setup, minutes, measured once by scripts/measure-proof-link.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { compileCircom } from '../../zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../zk/circom-node.js';
import { setup } from '../../zk/setup.js';
import { prove } from '../../zk/prove.js';
import { verifyDetailed } from '../../zk/verify.js';
import { buildBn128 } from 'ffjavascript';
import { checkCurvePoints, CurvePointError, BN254_Q } from './curve-points.js';
import {
  encodeProofLink, decodeProofLink, verifyProofLink, proofLinkUrl, checkSignalLayout, canonicalJson, vkeyFingerprint,
  base64urlEncode, base64urlDecode, ProofLinkError, PROOF_LINK_LIMITS, PROOF_LINK_DICTIONARY,
  type ProofLinkData, type ProofLinkPayload, type ProofLinkVerification,
} from './proof-link.js';
import { claimOf } from '../commit/claim.js';
import { tag, CLAIM_TAG } from '../commit/tags.js';

const MAIN = `pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";
// Stand-in with the MNIST CNN's public signals (hashed input): out, commitment, inputCommitment.
template StandIn() {
  signal input x[4];
  signal input w[3];
  signal output out;
  signal output commitment;
  signal output inputCommitment;
  component hw = Poseidon(3); hw.inputs <== w; commitment <== hw.out;
  component hx = Poseidon(4); hx.inputs <== x; inputCommitment <== hx.out;
  signal t <== x[0] * w[0];
  out <== t + x[1];
}
component main = StandIn();
`;

const ROOT = process.cwd();
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A pixel image for meta.input (as an MNIST sample would carry it). */
const image = { shape: [28, 28, 1], data: Array.from({ length: 784 }, (_, i) => ((i * 37) % 11 === 0 ? (i * 13) % 256 : 0)), scale: 1 / 255 };

describe('proof links', () => {
  let data: ProofLinkData;
  let otherVkey: ProofLinkData['vkey'];
  let fragment: string;

  beforeAll(async () => {
    const { r1cs, wasm } = await compileCircom({ main: MAIN, files: await libraryFiles(MAIN), wasmBytes: circomWasmBytes() });
    const ptau = new Uint8Array(readFileSync(join(ROOT, 'circuits-prebuilt/dev-ptau/pot10_dev.ptau')));
    const a = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'proof-link test A' });
    const b = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'proof-link test B' });
    otherVkey = b.vkey;
    // out = x0·w0 + x1 = 2·3 + 1 = 7
    const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm, zkey: a.zkey, input: { x: [2, 1, 5, 9], w: [3, 4, 5] } });
    expect(publicSignals[0]).toBe('7');
    data = {
      scheme: 'groth16', proof, publicSignals, vkey: a.vkey,
      meta: {
        modelCommitment: publicSignals[1]!, outputClass: 7, inputCommitment: publicSignals[2]!,
        publicSignalNames: ['out', 'commitment', 'inputCommitment'], title: 'MNIST digit', createdAt: '2025-01-02T03:04:05.000Z',
      },
    };
    fragment = encodeProofLink(data);
  });

  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('round-trips and verifies; reports its size', async () => {
    expect(fragment.startsWith('#proof=')).toBe(true);
    expect(fragment.slice(7)).toMatch(/^[A-Za-z0-9_-]+$/);
    const p = decodeProofLink(fragment);
    const { vk_alphabeta_12: alphabeta, ...essential } = data.vkey;
    expect(alphabeta).toBeDefined();
    expect(p).toEqual({ v: 3, ...data, vkey: essential });
    expect(await vkeyFingerprint(essential)).toBe(await vkeyFingerprint(data.vkey));
    // also from a whole URL, and from the bare data
    expect(decodeProofLink(`https://zkml.example/app/?x=1${fragment}`)).toEqual(p);
    expect(decodeProofLink(fragment.slice(7))).toEqual(p);
    expect(proofLinkUrl('https://zkml.example/#old', data)).toBe(`https://zkml.example/${fragment}`);

    const r = await verifyProofLink(p);
    expect(r).toMatchObject({ valid: true, unbound: ['meta.title', 'meta.createdAt'] });
    expect(r.vkeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyProofLink(decodeProofLink(encodeProofLink({ ...data, vkey: otherVkey })))).vkeyFingerprint).not.toBe(r.vkeyFingerprint);

    const withImage = encodeProofLink({ ...data, meta: { ...data.meta, input: image } });
    expect(decodeProofLink(withImage).meta.input).toEqual(image);
    expect((await verifyProofLink(decodeProofLink(withImage))).unbound).toContain('meta.input');
    const json = JSON.stringify(p);
    console.info(
      `[proof-link] groth16, ${data.publicSignals.length} public signals: JSON ${json.length} B (proof ${JSON.stringify(data.proof).length}, vkey ${JSON.stringify(p.vkey).length}, ${JSON.stringify(data.vkey).length} with vk_alphabeta_12), ` +
      `fragment ${fragment.length} chars; with a 28×28 image in meta: ${withImage.length} chars`,
    );
    expect(fragment.length).toBeLessThan(4000);
  });

  it('size with a public input (the transpiler\'s default for the MNIST CNN: out, commitment, 784 pixels)', async () => {
    const main = `pragma circom 2.2.3;
template PublicIn(N) {
  signal input in[N]; signal input w;
  signal output out; signal output commitment;
  signal s[N]; s[0] <== in[0] * w; for (var i = 1; i < N; i++) s[i] <== s[i - 1] + in[i] * w;
  out <== s[N - 1]; commitment <== w * w;
}
component main {public [in]} = PublicIn(784);
`;
    const { r1cs, wasm } = await compileCircom({ main, files: {}, wasmBytes: circomWasmBytes() });
    const ptau = new Uint8Array(readFileSync(join(ROOT, 'circuits-prebuilt/dev-ptau/pot11_dev.ptau')));
    const keys = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'public input' });
    const pixels = Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
    const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm, zkey: keys.zkey, input: { in: pixels, w: 1 } });
    expect(publicSignals).toHaveLength(786);
    const names = ['out', 'commitment', ...pixels.map((_, i) => `in[${i}]`)];
    const link = encodeProofLink({ scheme: 'groth16', proof, publicSignals, vkey: keys.vkey, meta: { modelCommitment: publicSignals[1]!, publicSignalNames: names, createdAt: new Date(0).toISOString() } });
    const p = decodeProofLink(link);
    expect((await verifyProofLink(p)).valid).toBe(true);
    console.info(`[proof-link] groth16, 786 public signals (public input): vkey ${JSON.stringify(p.vkey).length} B of JSON, fragment ${link.length} chars`);
    expect(link.length).toBeLessThan(PROOF_LINK_LIMITS.maxDataChars);
  });

  it('key and proof points: off the curve, outside the G2 subgroup, non-canonical or degenerate → invalid, naming the point', async () => {
    const curve = await buildBn128();
    type F2 = { fromObject(a: bigint[]): Uint8Array; toObject(a: Uint8Array): bigint[]; add(a: Uint8Array, b: Uint8Array): Uint8Array; mul(a: Uint8Array, b: Uint8Array): Uint8Array; square(a: Uint8Array): Uint8Array; isSquare(a: Uint8Array): boolean; sqrt(a: Uint8Array): Uint8Array };
    const F2 = curve.G2.F as unknown as F2;
    const twistB = (curve.G2 as unknown as { b: Uint8Array }).b;
    // a point on the twist (y² = x³ + b') that is not in the order-r subgroup: G2's cofactor is not 1
    let outside: string[][] | undefined;
    for (let k = 1n; !outside; k++) {
      const x = F2.fromObject([k, 1n]);
      const rhs = F2.add(F2.mul(F2.square(x), x), twistB);
      if (!F2.isSquare(rhs)) continue;
      const y = F2.sqrt(rhs);
      const P = curve.G2.fromObject([F2.toObject(x), F2.toObject(y)]);
      expect(curve.G2.isValid(P)).toBe(true);
      if (curve.G2.isZero(curve.G2.timesScalar(P, curve.r))) continue;
      outside = [F2.toObject(x).map(String), F2.toObject(y).map(String), ['1', '0']];
    }
    const plus = (v: string, d: bigint) => (BigInt(v) + d).toString();
    const ic = (x: ProofLinkData) => x.vkey.IC as string[][];
    const cases: [string, (x: ProofLinkData) => void, RegExp, string][] = [
      ['corrupted IC point', (x) => { ic(x)[1]![0] = plus(ic(x)[1]![0]!, 1n); }, /^vk IC\[1\] is not on the curve$/, 'vk IC[1]'],
      ['last IC point off the curve', (x) => { ic(x)[3]![1] = plus(ic(x)[3]![1]!, 5n); }, /^vk IC\[3\] is not on the curve$/, 'vk IC[3]'],
      ['off-curve delta', (x) => { (x.vkey.vk_delta_2 as string[][])[0]![0] = plus((x.vkey.vk_delta_2 as string[][])[0]![0]!, 1n); }, /^vk delta_2 is not on the curve$/, 'vk delta_2'],
      ['off-curve alpha', (x) => { (x.vkey.vk_alpha_1 as string[])[1] = '2'; }, /^vk alpha_1 is not on the curve$/, 'vk alpha_1'],
      ['delta outside the G2 subgroup', (x) => { x.vkey.vk_delta_2 = outside; }, /^vk delta_2 is not in the prime-order subgroup of G2$/, 'vk delta_2'],
      ['beta outside the G2 subgroup', (x) => { x.vkey.vk_beta_2 = outside; }, /^vk beta_2 is not in the prime-order subgroup of G2$/, 'vk beta_2'],
      ['pi_b outside the G2 subgroup', (x) => { (x.proof as unknown as { pi_b: unknown }).pi_b = outside; }, /^proof pi_b is not in the prime-order subgroup of G2$/, 'proof pi_b'],
      ['non-canonical IC coordinate (x + q)', (x) => { ic(x)[0]![0] = plus(ic(x)[0]![0]!, BN254_Q); }, /^vk IC\[0\] has a non-canonical coordinate \[0\]/, 'vk IC[0]'],
      ['non-canonical gamma coordinate', (x) => { (x.vkey.vk_gamma_2 as string[][])[1]![1] = plus((x.vkey.vk_gamma_2 as string[][])[1]![1]!, BN254_Q); }, /^vk gamma_2 has a non-canonical coordinate \[1\]\[1\]/, 'vk gamma_2'],
      ['non-canonical proof coordinate', (x) => { const a = (x.proof as unknown as { pi_a: string[] }).pi_a; a[1] = plus(a[1]!, BN254_Q); }, /^proof pi_a has a non-canonical coordinate \[1\]/, 'proof pi_a'],
      ['degenerate delta (the identity)', (x) => { x.vkey.vk_delta_2 = [['0', '0'], ['1', '0'], ['0', '0']]; }, /^vk delta_2 is the point at infinity/, 'vk delta_2'],
      ['projective z', (x) => { ic(x)[2]![2] = '2'; }, /^vk IC\[2\] is not in affine form/, 'vk IC[2]'],
      ['IC point not a point', (x) => { ic(x)[2] = ['1', '2'] as string[]; }, /^vk IC\[2\] is not a G1 point/, 'vk IC[2]'],
    ];
    for (const [what, change, reason, point] of cases) {
      const x = clone(data);
      change(x);
      const r = await verifyProofLink(decodeProofLink(encodeProofLink(x)));
      expect(r.valid, what).toBe(false);
      expect(r.reason, what).toMatch(reason);
      expect(r.point, what).toBe(point);
      const direct = await checkCurvePoints(x.scheme, x.vkey, x.proof);
      expect(direct, what).toBeInstanceOf(CurvePointError);
      expect(direct!.name).toBe('CurvePointError');
      expect(direct!.point).toBe(point);
    }
    // snarkjs alone reads a coordinate modulo q: the x + q key still verifies there, which is why the link checks first
    const x = clone(data);
    ic(x)[0]![0] = plus(ic(x)[0]![0]!, BN254_Q);
    expect((await verifyDetailed({ scheme: 'groth16', vkey: x.vkey, proof: x.proof, publicSignals: x.publicSignals })).valid).toBe(true);
    // and the untouched link still passes every check
    expect(await checkCurvePoints('groth16', data.vkey, data.proof)).toBeUndefined();
    expect((await verifyProofLink(decodeProofLink(fragment))).valid).toBe(true);
  });

  it('every flipped character: a ProofLinkError, an invalid verdict, or a change only in unbound meta', async () => {
    const d = fragment.slice(7);
    const outcomes = { error: 0, invalid: 0, unboundOnly: 0 };
    const positions = Array.from({ length: d.length }, (_, i) => i).filter((i) => i % 3 === 0 || i > d.length - 8);
    for (const i of positions) {
      const c = d[i] === 'A' ? 'B' : 'A';
      const r = await attempt(`#proof=${d.slice(0, i)}${c}${d.slice(i + 1)}`);
      if (r === 'error') outcomes.error++;
      else if (!r.verdict.valid) outcomes.invalid++;
      else {
        // only possible if the change fell into a claim the proof does not cover
        const { payload } = r;
        const original = decodeProofLink(fragment);
        expect({ ...payload, meta: { ...payload.meta, title: undefined, createdAt: undefined } })
          .toEqual({ ...original, meta: { ...original.meta, title: undefined, createdAt: undefined } });
        outcomes.unboundOnly++;
      }
    }
    console.info(`[proof-link] ${positions.length} flipped characters:`, JSON.stringify(outcomes));
    expect(outcomes.error + outcomes.invalid + outcomes.unboundOnly).toBe(positions.length);
  });

  it('every truncation is refused', async () => {
    const d = fragment.slice(7);
    for (const n of [0, 1, 2, 5, 10, 50, 100, Math.floor(d.length / 2), d.length - 10, d.length - 2, d.length - 1]) {
      const r = await attempt(`#proof=${d.slice(0, n)}`);
      expect(r === 'error' || !r.verdict.valid).toBe(true);
    }
  });

  it('changed public signals, meta claims, keys or proofs give valid: false, never a throw', async () => {
    const cases: [string, (x: ProofLinkData) => void][] = [
      ['public signal out', (x) => { x.publicSignals[0] = '8'; }],
      ['public signal commitment', (x) => { x.publicSignals[1] = String(BigInt(x.publicSignals[1]!) + 1n); }],
      ['public signal inputCommitment', (x) => { x.publicSignals[2] = '0'; }],
      ['out claimed but not proved', (x) => { x.meta.outputClass = 3; }],
      ['another model commitment', (x) => { x.meta.modelCommitment = '12345'; }],
      ['another input commitment', (x) => { x.meta.inputCommitment = '12345'; }],
      ['signal names reordered', (x) => { x.meta.publicSignalNames = ['commitment', 'out', 'inputCommitment']; }],
      ['signal names relabelled', (x) => { x.meta.publicSignalNames = ['out', 'commitment', 'in[0]']; }],
      ['swapped vkey (another setup of the same circuit)', (x) => { x.vkey = clone(otherVkey); }],
      ['vkey IC point changed', (x) => { (x.vkey.IC as string[][])[1] = (x.vkey.IC as string[][])[2]!; }],
      ['vkey delta garbage', (x) => { x.vkey.vk_delta_2 = [['1', '2'], ['3', '4'], ['1', '0']]; }],
      ['vkey IC missing', (x) => { delete x.vkey.IC; }],
      ['proof pi_a swapped with pi_c', (x) => { const p = x.proof as { pi_a: string[]; pi_c: string[] }; [p.pi_a, p.pi_c] = [p.pi_c, p.pi_a]; }],
      ['proof pi_a off the curve', (x) => { (x.proof as { pi_a: string[] }).pi_a[0] = '1'; }],
      ['proof pi_b not a point', (x) => { (x.proof as unknown as { pi_b: unknown }).pi_b = 'garbage'; }],
      ['proof without pi_c', (x) => { delete (x.proof as { pi_c?: unknown }).pi_c; }],
    ];
    for (const [what, change] of cases) {
      const x = clone(data);
      change(x);
      let r: ProofLinkVerification;
      try {
        r = await verifyProofLink(decodeProofLink(encodeProofLink(x)));
      } catch (e) {
        // refusing to encode or decode it is fine too, as long as it is typed
        expect(e, what).toBeInstanceOf(ProofLinkError);
        continue;
      }
      expect(r.valid, what).toBe(false);
      expect(r.reason, what).toBeTruthy();
    }
    // verifyProofLink on garbage that never came from decodeProofLink
    for (const g of [null, undefined, 1, 'x', [], {}, { v: 1 }, { ...clone(data), v: 1, publicSignals: 'x' }]) {
      const r = await verifyProofLink(g as unknown as ProofLinkPayload);
      expect(r.valid).toBe(false);
    }
  });

  it('version 2 links (commitments as public signals) still decode and verify; a later version is refused by its number', async () => {
    const raw = (v: unknown) => `#proof=${base64urlEncode(deflateSync(new TextEncoder().encode(JSON.stringify(v)), { dictionary: PROOF_LINK_DICTIONARY }))}`;
    const v2 = decodeProofLink(raw({ v: 2, ...clone(data) }));
    expect(v2.v).toBe(2);
    expect(await verifyProofLink(v2)).toMatchObject({ valid: true });
    expect(() => decodeProofLink(raw({ v: 4, ...clone(data) }))).toThrow(/version 4 is not supported/);
  });

  it('malformed links: a ProofLinkError of the right kind, never another exception', () => {
    const json = (v: unknown) => `#proof=${base64urlEncode(deflateSync(new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)), { dictionary: PROOF_LINK_DICTIONARY }))}`;
    const good = { v: 3, ...clone(data) };
    const cases: [string, unknown, string][] = [
      ['not a string', 42, 'input'],
      ['empty', '', 'input'],
      ['empty data', '#proof=', 'input'],
      ['no proof parameter', '#other=abc', 'input'],
      ['bad base64 character', '#proof=abc$def', 'base64'],
      ['standard base64 with padding', '#proof=ab+/cd==', 'base64'],
      ['impossible base64 length', '#proof=abcde', 'base64'],
      ['not deflate', `#proof=${base64urlEncode(new Uint8Array([0xff, 0xfe, 0xfd, 0xfc, 0xfb]))}`, 'deflate'],
      ['not UTF-8', `#proof=${base64urlEncode(deflateSync(new Uint8Array([0xc3, 0x28]), { dictionary: PROOF_LINK_DICTIONARY }))}`, 'json'],
      ['not JSON', json('{"v":1,'), 'json'],
      ['JSON but not an object', json([1, 2, 3]), 'field'],
      ['wrong version', json({ ...good, v: 4 }), 'version'],
      ['version 1 (before tagged commitments)', json({ ...good, v: 1 }), 'version'],
      ['architecture of another kind', json({ ...good, meta: { ...good.meta, architecture: { kind: 'keras' } } }), 'field'],
      ['malformed input descriptor', json({ ...good, meta: { ...good.meta, inputDescriptor: { kind: 'zkml/input/v1', shape: [2], bits: 10, fracBits: 8, lo: '9', hi: '3' } } }), 'field'],
      ['no version', json({ ...good, v: undefined }), 'version'],
      ['unknown scheme', json({ ...good, scheme: 'marlin' }), 'field'],
      ['missing proof', json({ ...good, proof: undefined }), 'field'],
      ['missing vkey', json({ ...good, vkey: undefined }), 'field'],
      ['vkey for another scheme', json({ ...good, vkey: { ...good.vkey, protocol: 'plonk' } }), 'field'],
      ['public signal not decimal', json({ ...good, publicSignals: ['0x07', '1', '2'] }), 'field'],
      ['public signal as number', json({ ...good, publicSignals: [7, 1, 2] }), 'field'],
      ['public signal count ≠ nPublic', json({ ...good, publicSignals: ['7', '1'] }), 'field'],
      ['missing meta', json({ ...good, meta: undefined }), 'field'],
      ['missing model commitment', json({ ...good, meta: { ...good.meta, modelCommitment: undefined } }), 'field'],
      ['missing createdAt', json({ ...good, meta: { ...good.meta, createdAt: undefined } }), 'field'],
      ['createdAt not a time', json({ ...good, meta: { ...good.meta, createdAt: 'yesterday' } }), 'field'],
      ['names ≠ signals', json({ ...good, meta: { ...good.meta, publicSignalNames: ['out'] } }), 'field'],
      ['negative class', json({ ...good, meta: { ...good.meta, outputClass: -1 } }), 'field'],
      ['input shape/data mismatch', json({ ...good, meta: { ...good.meta, input: { shape: [2, 2], data: [1, 2, 3] } } }), 'field'],
      ['absurd input shape', json({ ...good, meta: { ...good.meta, input: { shape: [1e6, 1e6], data: [] } } }), 'size'],
      ['absurd title', json({ ...good, meta: { ...good.meta, title: 'x'.repeat(10_000) } }), 'size'],
      ['absurd number of public signals', json({ ...good, publicSignals: Array(5000).fill('1') }), 'size'],
      ['deflate bomb', json(' '.repeat(PROOF_LINK_LIMITS.maxJsonBytes + 10)), 'size'],
      ['absurdly long link', `#proof=${'A'.repeat(PROOF_LINK_LIMITS.maxDataChars + 1)}`, 'size'],
      ['deeply nested JSON', json('['.repeat(200_000)), 'json'],
    ];
    // (raw deflate that never refers to the dictionary is read the same with or without it)
    expect(decodeProofLink(`#proof=${base64urlEncode(deflateSync(new TextEncoder().encode(JSON.stringify(good)), { level: 9 }))}`)).toEqual(decodeProofLink(fragment));
    for (const [what, link, problem] of cases) {
      let thrown: unknown;
      try { decodeProofLink(link as string); } catch (e) { thrown = e; }
      expect(thrown, what).toBeInstanceOf(ProofLinkError);
      expect((thrown as ProofLinkError).problem, `${what}: ${(thrown as Error).message}`).toBe(problem);
      expect((thrown as ProofLinkError).name).toBe('ProofLinkError');
    }
  });

  it('random garbage is always a ProofLinkError', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=#&%$+/ ';
    for (let k = 0; k < 2000; k++) {
      const n = Math.floor(rnd() * 300);
      const s = Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      for (const link of [s, `#proof=${s}`]) {
        try { decodeProofLink(link); } catch (e) { expect(e).toBeInstanceOf(ProofLinkError); }
      }
    }
  });

  it('encode refuses data that would not decode', () => {
    expect(() => encodeProofLink({ ...data, publicSignals: [7n as unknown as string, '1', '2'] })).toThrow(ProofLinkError);
    expect(() => encodeProofLink({ ...data, proof: { ...data.proof, extra: 1n } as unknown as ProofLinkData['proof'] })).toThrow(ProofLinkError);
    expect(() => encodeProofLink({ ...data, meta: { ...data.meta, createdAt: 'soon' } })).toThrow(ProofLinkError);
  });

  it('helpers: base64url, canonical JSON, the ZKML signal layout', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(base64urlDecode(base64urlEncode(b))).toEqual(b);
      expect(base64urlEncode(b)).toBe(Buffer.from(b).toString('base64url'));
    }
    expect(base64urlDecode('AQ')).toEqual(new Uint8Array([1]));
    expect(() => base64urlDecode('AF')).toThrow(ProofLinkError); // stray bits
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
    expect(checkSignalLayout(['out', 'commitment'])).toBeUndefined();
    expect(checkSignalLayout(['out[0]', 'out[1]', 'commitment', 'inputCommitment'])).toBeUndefined();
    expect(checkSignalLayout(['out', 'commitment', 'in[0]', 'in[1]'])).toBeUndefined();
    expect(checkSignalLayout(['out', 'claim'])).toBeUndefined();
    expect(checkSignalLayout(['out', 'claim', 'inputCommitment'])).toBeTruthy();
    expect(checkSignalLayout(['out', 'claim', 'commitment'])).toBeTruthy();
    expect(checkSignalLayout(['commitment'])).toBeTruthy();
    expect(checkSignalLayout(['out', 'commitment', 'in[1]'])).toBeTruthy();
    expect(checkSignalLayout(['out', 'out[0]', 'commitment'])).toBeTruthy();
  });
});

type Attempt = 'error' | { payload: ProofLinkPayload; verdict: ProofLinkVerification };

/** Decode and verify; a thrown error must be a ProofLinkError (and is then 'error'). */
async function attempt(link: string): Promise<Attempt> {
  let payload: ProofLinkPayload;
  try {
    payload = decodeProofLink(link);
  } catch (e) {
    if (!(e instanceof ProofLinkError)) throw new Error(`decodeProofLink threw ${String(e)} for ${link.slice(0, 60)}…`);
    return 'error';
  }
  return { payload, verdict: await verifyProofLink(payload) };
}

// The studio's layout since PROTOCOL §3a: a hashed input with private weights makes [out, claim] public,
// claim = PoseidonCommit(tag("claim/v1"), modelCommitment, inputCommitment) = Poseidon(3, tag, m, i).
const CLAIM_MAIN = `pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";
template ClaimStandIn() {
  signal input m;
  signal input i;
  signal input x;
  signal output out;
  signal output claim;
  component h = Poseidon(4);
  h.inputs[0] <== 3;
  h.inputs[1] <== ${tag(CLAIM_TAG)};
  h.inputs[2] <== m;
  h.inputs[3] <== i;
  claim <== h.out;
  out <== x * x;
}
component main = ClaimStandIn();
`;

describe('proof links with a folded claim (PROTOCOL §3a)', () => {
  const m = 1234567890123456789n, i = 987654321987654321n;
  let data: ProofLinkData;

  beforeAll(async () => {
    const { r1cs, wasm } = await compileCircom({ main: CLAIM_MAIN, files: await libraryFiles(CLAIM_MAIN), wasmBytes: circomWasmBytes() });
    const ptau = new Uint8Array(readFileSync(join(ROOT, 'circuits-prebuilt/dev-ptau/pot10_dev.ptau')));
    const a = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'proof-link claim' });
    const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm, zkey: a.zkey, input: { m: String(m), i: String(i), x: '3' } });
    // the circuit's claim is the TypeScript reference's
    expect(publicSignals).toEqual(['9', claimOf(m, i).toString()]);
    data = {
      scheme: 'groth16', proof, publicSignals, vkey: a.vkey,
      meta: { modelCommitment: String(m), inputCommitment: String(i), outputClass: 9, publicSignalNames: ['out', 'claim'], createdAt: '2026-12-04T04:00:00.000Z' },
    };
  });

  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('verifies when the commitments it shows fold to the proved claim; refuses, in plain words, when they do not', async () => {
    const p = decodeProofLink(encodeProofLink(data));
    expect(p.v).toBe(3);
    expect(await verifyProofLink(p)).toMatchObject({ valid: true });
    const cases: [string, (x: ProofLinkData) => void][] = [
      ['another model commitment shown', (x) => { x.meta.modelCommitment = String(m + 1n); }],
      ['another input commitment shown', (x) => { x.meta.inputCommitment = String(i + 1n); }],
      ['the two swapped', (x) => { x.meta.modelCommitment = String(i); x.meta.inputCommitment = String(m); }],
      ['no input commitment shown', (x) => { delete x.meta.inputCommitment; }],
    ];
    for (const [what, change] of cases) {
      const x = clone(data);
      change(x);
      const r = await verifyProofLink(decodeProofLink(encodeProofLink(x)));
      expect(r, what).toMatchObject({ valid: false, problem: 'claim' });
      expect(r.reason, what).toMatch(/commitment/);
    }
    // the claim signal itself changed: the proof no longer verifies
    const y = clone(data);
    y.publicSignals[1] = claimOf(m + 1n, i).toString();
    expect((await verifyProofLink(decodeProofLink(encodeProofLink(y)))).valid).toBe(false);
    // a version 2 link cannot carry the folded layout
    const raw = `#proof=${base64urlEncode(deflateSync(new TextEncoder().encode(JSON.stringify({ v: 2, ...clone(data) })), { dictionary: PROOF_LINK_DICTIONARY }))}`;
    expect(() => decodeProofLink(raw)).toThrow(ProofLinkError);
  });
});
