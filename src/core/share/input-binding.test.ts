/**
 * The input picture of a share link against a real proof: a tiny Keras model transpiled with a hashed
 * input (and with a public one), compiled with circom, proved with groth16 — so the commitment the
 * viewer recomputes in TypeScript is checked against the one the circuit computed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCircom } from '../../zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../zk/circom-node.js';
import { setup } from '../../zk/setup.js';
import { prove } from '../../zk/prove.js';
import { transpileFiles, witnessFromPlan } from '../transpile-files.js';
import { inputCommitment } from '../commit/input.js';
import { proofCommitments } from '../commit/proof-commitments.js';
import { claimOf } from '../commit/claim.js';
import { encodeProofLink, decodeProofLink, verifyProofLink, ProofLinkError, type ProofLinkData } from './proof-link.js';
import { inputBinding, quantizeLinkInput } from './input-binding.js';
import { inputDescriptorOfPlan, architectureOfPlan, InputEncodingError } from './input-encoding.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { inflateSync, deflateSync } from 'fflate';
import { PROOF_LINK_DICTIONARY, base64urlDecode, base64urlEncode } from './proof-link.js';

const inflateRaw = (data: string) => inflateSync(base64urlDecode(data), { dictionary: PROOF_LINK_DICTIONARY });
const deflateRaw = (json: unknown) => base64urlEncode(deflateSync(new TextEncoder().encode(JSON.stringify(json)), { dictionary: PROOF_LINK_DICTIONARY }));

/** 8-bit pixels and the model input the studio makes of them (pixel / 255). */
const PIXELS = [26, 128, 230, 0, 255, 77, 51, 179, 102];
const nested = (px: number[]) => [0, 1, 2].map((r) => [0, 1, 2].map((c) => [px[r * 3 + c]! / 255]));
const ROOT = process.cwd();

async function proveTiny(input: 'hashed' | 'public'): Promise<ProofLinkData & { quantization: string }> {
  const t = await transpileFiles(tinyModelFiles(), { input, inputRange: [0, 1] });
  const { r1cs, wasm } = await compileCircom({ main: t.source, files: await libraryFiles(t.source), wasmBytes: circomWasmBytes() });
  const ptau = new Uint8Array(readFileSync(join(ROOT, `circuits-prebuilt/dev-ptau/pot${t.ptauPower <= 10 ? 10 : t.ptauPower}_dev.ptau`)));
  const keys = await setup({ scheme: 'groth16', r1cs, ptau, entropy: `input binding ${input}` });
  const w = await witnessFromPlan(t.quantization, nested(PIXELS));
  const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm, zkey: keys.zkey, input: w.input });
  const at = (n: string) => publicSignals[t.publicSignals.indexOf(n)];
  // a hashed input folds both commitments into its claim (PROTOCOL §3a): the link shows the two
  const c = input === 'hashed' ? proofCommitments(t.quantization, nested(PIXELS)) : undefined;
  return {
    quantization: t.quantization,
    scheme: 'groth16', proof, publicSignals, vkey: keys.vkey,
    meta: {
      modelCommitment: c ? c.model.toString() : at('commitment')!, outputClass: Number(at('out')), publicSignalNames: t.publicSignals, createdAt: new Date(0).toISOString(),
      ...(c ? { inputCommitment: c.input.toString() } : {}),
      input: { shape: [3, 3, 1], data: PIXELS, scale: 1 / 255 },
      inputDescriptor: inputDescriptorOfPlan(t.quantization),
    },
  };
}

describe('share links: the input picture bound by the proof', () => {
  let hashed: Awaited<ReturnType<typeof proveTiny>>;
  let pub: Awaited<ReturnType<typeof proveTiny>>;

  beforeAll(async () => {
    hashed = await proveTiny('hashed');
    pub = await proveTiny('public');
  });
  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  const link = ({ quantization: _q, ...d }: Awaited<ReturnType<typeof proveTiny>>, change?: (m: ProofLinkData['meta']) => void): ProofLinkData => {
    const x = JSON.parse(JSON.stringify(d)) as ProofLinkData;
    change?.(x.meta);
    return x;
  };
  const check = async (d: ProofLinkData) => verifyProofLink(decodeProofLink(encodeProofLink(d)));

  it('the input descriptor is read from quantization.json: the declared range in integers', () => {
    const d = inputDescriptorOfPlan(hashed.quantization);
    expect(d).toMatchObject({ kind: 'zkml/input/v1', shape: [3, 3, 1], lo: '0' });
    expect(Number.isInteger(d.fracBits) && d.fracBits > 0).toBe(true);
    expect(BigInt(d.hi)).toBe(1n << BigInt(d.fracBits)); // [0, 1] at 2^-F
    expect(d.bits).toBeGreaterThan(d.fracBits);
    expect(d.encoding).toBe('u8'); // [0, 1] at 2^-8: the wires are the picture's bytes (PROTOCOL §3)
    expect(() => inputDescriptorOfPlan('{')).toThrow(InputEncodingError);
    expect(() => inputDescriptorOfPlan('{"nodes": [], "inputShape": [1], "output": "x"}')).toThrow(InputEncodingError);
  });

  it('hashed input: the recomputed commitment is the circuit\'s, so the picture is bound', async () => {
    const names = hashed.meta.publicSignalNames;
    expect(names).toEqual(['out', 'claim']);
    const d = hashed.meta.inputDescriptor!;
    const ints = quantizeLinkInput(hashed.meta.input!, d);
    expect(inputCommitment(d, ints).toString()).toBe(hashed.meta.inputCommitment);
    expect(claimOf(BigInt(hashed.meta.modelCommitment), inputCommitment(d, ints)).toString()).toBe(hashed.publicSignals[1]);
    const r = await check(link(hashed));
    expect(r).toMatchObject({ valid: true, input: { status: 'committed' } });
    expect(r.unbound).not.toContain('meta.input');
    expect(r.unbound).toContain('meta.createdAt');
  });

  it('hashed input: a changed pixel, another scale, width, interval or shape, or no descriptor leaves the proof valid and the picture unverified', async () => {
    const cases: [string, (m: ProofLinkData['meta']) => void, string][] = [
      ['one pixel changed', (m) => { m.input!.data[4] = 254; }, 'mismatch'],
      ['another display scale', (m) => { m.input!.scale = 1 / 256; }, 'mismatch'],
      ['another bit width', (m) => { m.inputDescriptor!.bits += 1; }, 'mismatch'],
      ['another fractional scale', (m) => { m.inputDescriptor!.fracBits += 8; m.inputDescriptor!.bits += 8; m.inputDescriptor!.hi = String(1n << BigInt(m.inputDescriptor!.fracBits)); }, 'mismatch'],
      ['the interval encoding (how a link made before byte inputs reads it)', (m) => { delete m.inputDescriptor!.encoding; }, 'mismatch'],
      ['a wider interval', (m) => { delete m.inputDescriptor!.encoding; m.inputDescriptor!.hi = String(BigInt(m.inputDescriptor!.hi) + 1n); }, 'mismatch'],
      ['values out of the interval', (m) => { m.input!.data[0] = 1e6; }, 'mismatch'],
      ['a negative pixel', (m) => { m.input!.data[0] = -3; }, 'mismatch'],
      ['another shape', (m) => { m.input!.shape = [9, 1]; m.inputDescriptor!.shape = [9, 1]; }, 'mismatch'],
      ['no descriptor', (m) => { delete m.inputDescriptor; }, 'unbound'],
    ];
    for (const [what, change, status] of cases) {
      const r = await check(link(hashed, change));
      expect(r.valid, what).toBe(true);
      expect(r.input?.status, what).toBe(status);
      expect(r.input?.reason, what).toBeTruthy();
      expect(r.unbound, what).toContain('meta.input');
    }
  });

  it('hashed input: a link whose shown commitments do not fold to the proved claim is refused, in plain words', async () => {
    const d = hashed.meta.inputDescriptor!;
    const otherPicture = inputCommitment(d, quantizeLinkInput({ ...hashed.meta.input!, data: PIXELS.map((v) => 255 - v) }, d)).toString();
    for (const [what, change] of [
      ['another model commitment', (m) => { m.modelCommitment = String(BigInt(m.modelCommitment) + 1n); }],
      ['the commitment of another picture (with that picture)', (m) => { m.inputCommitment = otherPicture; m.input!.data = PIXELS.map((v) => 255 - v); }],
      ['no input commitment', (m) => { delete m.inputCommitment; }],
    ] as [string, (m: ProofLinkData['meta']) => void][]) {
      const r = await check(link(hashed, change));
      expect(r, what).toMatchObject({ valid: false, problem: 'claim' });
      expect(r.reason, what).toMatch(/commitment/);
    }
  });

  it('public input: the picture is bound by the public input signals', async () => {
    expect(pub.meta.publicSignalNames.slice(2)).toEqual(Array.from({ length: 9 }, (_, i) => `in[${i}]`));
    expect((await check(link(pub))).input).toEqual({ status: 'public' });
    const r = await check(link(pub, (m) => { m.input!.data[8] = 101; }));
    expect(r).toMatchObject({ valid: true, input: { status: 'mismatch' } });
    expect(r.input!.reason).toMatch(/in\[8\]/);
    // the signals are the picture's bytes themselves
    expect(pub.publicSignals.slice(2)).toEqual(PIXELS.map(String));
  });

  it('public input: signals outside the declared interval make the link invalid, naming the input', async () => {
    // a proof cannot have them (the circuit checks the interval), so tamper with the descriptor's interval
    const r = await check(link(pub, (m) => { delete m.inputDescriptor!.encoding; m.inputDescriptor!.hi = '1'; }));
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/public input in\[\d\] is \d+, outside the circuit's declared input range \[0, 1\]/);
  });

  it('the architecture in a link: its input must agree with the descriptor; the hash is reported', async () => {
    const arch = architectureOfPlan(hashed.quantization);
    const ok = await check(link(hashed, (m) => { m.architecture = arch; }));
    expect(ok).toMatchObject({ valid: true, input: { status: 'committed' } });
    expect(ok.archHash).toMatch(/^\d+$/);
    const lie = await check(link(hashed, (m) => { m.architecture = arch; m.inputDescriptor!.fracBits += 8; m.inputDescriptor!.bits += 8; m.inputDescriptor!.hi = String(1n << BigInt(m.inputDescriptor!.fracBits)); }));
    expect(lie).toMatchObject({ valid: false, reason: expect.stringMatching(/contradicts its architecture/) });
    // a link made before byte inputs (no encoding beside the same architecture) is read as it says, the
    // interval encoding: its tag is not the byte circuit's, so this byte proof's picture is not bound by it
    const old = await check(link(hashed, (m) => { m.architecture = arch; delete m.inputDescriptor!.encoding; }));
    expect(old).toMatchObject({ valid: true, input: { status: 'mismatch' } });
    expect(old.unbound).toContain('meta.input');
    const broken = await check(link(hashed, (m) => { m.architecture = { ...arch, nodes: [{ id: 'x' }] } as never; }));
    expect(broken).toMatchObject({ valid: false, reason: expect.stringMatching(/meta.architecture: the architecture node 0/) });
  });

  it('a malformed descriptor is a ProofLinkError; a version 1 link is refused with a reason', () => {
    const base = inputDescriptorOfPlan(hashed.quantization);
    for (const bad of [{ ...base, fracBits: -1 }, { ...base, bits: 1.5 }, { ...base, kind: 'other' }, 'x', { ...base, lo: '5', hi: '5' }, { ...base, hi: '100000000000' }, { ...base, lo: '1e3' },
      { ...base, encoding: 'u16' }, { ...base, hi: '255' }, { ...base, fracBits: 9 }]) {
      expect(() => encodeProofLink(link(hashed, (m) => { (m as unknown as Record<string, unknown>).inputDescriptor = bad; }))).toThrow(ProofLinkError);
    }
    const v1 = encodeProofLink(link(hashed)).replace(/^#proof=/, '');
    const json = JSON.parse(new TextDecoder().decode(inflateRaw(v1)));
    json.v = 1;
    expect(() => decodeProofLink(`#proof=${deflateRaw(json)}`)).toThrow(/version 1 proof link, made before ZKML tagged its commitments/);
  });

  it('inputBinding without what it needs: unbound, never a throw', () => {
    const names = ['out', 'commitment'];
    expect(inputBinding({ publicSignalNames: names }, ['1', '2']).status).toBe('unbound');
    const d = { kind: 'zkml/input/v1' as const, shape: [1], bits: 10, fracBits: 8, lo: '0', hi: '256' };
    expect(inputBinding({ publicSignalNames: names, input: { shape: [1], data: [1] }, inputDescriptor: d }, ['1', '2']).status).toBe('unbound');
    expect(inputBinding({ publicSignalNames: [...names, 'inputCommitment'], input: { shape: [1], data: [Number.NaN] }, inputDescriptor: d }, ['1', '2', '3']).status).toBe('mismatch');
  });
});
