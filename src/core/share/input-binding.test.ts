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
import { packedPoseidonCommit } from '../witness/packed-poseidon-commit.js';
import { encodeProofLink, decodeProofLink, verifyProofLink, ProofLinkError, type ProofLinkData } from './proof-link.js';
import { inputBinding, quantizeLinkInput } from './input-binding.js';
import { inputEncodingOf, InputEncodingError } from './input-encoding.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';

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
  return {
    quantization: t.quantization,
    scheme: 'groth16', proof, publicSignals, vkey: keys.vkey,
    meta: {
      modelCommitment: at('commitment')!, outputClass: Number(at('out')), publicSignalNames: t.publicSignals, createdAt: new Date(0).toISOString(),
      ...(input === 'hashed' ? { inputCommitment: at('inputCommitment') } : {}),
      input: { shape: [3, 3, 1], data: PIXELS, scale: 1 / 255 },
      inputEncoding: inputEncodingOf(t.quantization),
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

  it('the encoding is read from quantization.json', () => {
    const enc = inputEncodingOf(hashed.quantization);
    expect(Number.isInteger(enc.fracBits) && enc.fracBits > 0).toBe(true);
    expect(enc.bits).toBeGreaterThan(enc.fracBits);
    expect(() => inputEncodingOf('{')).toThrow(InputEncodingError);
    expect(() => inputEncodingOf('{"nodes": []}')).toThrow(InputEncodingError);
  });

  it('hashed input: the recomputed commitment is the circuit\'s, so the picture is bound', async () => {
    const names = hashed.meta.publicSignalNames;
    expect(names).toEqual(['out', 'commitment', 'inputCommitment']);
    const enc = hashed.meta.inputEncoding!;
    const ints = quantizeLinkInput(hashed.meta.input!, enc);
    expect(packedPoseidonCommit(ints, enc.bits).toString()).toBe(hashed.publicSignals[2]);
    const r = await check(link(hashed));
    expect(r).toMatchObject({ valid: true, input: { status: 'committed' } });
    expect(r.unbound).not.toContain('meta.input');
    expect(r.unbound).toContain('meta.createdAt');
  });

  it('hashed input: a changed pixel, another scale or bit width, or no encoding leaves the proof valid and the picture unverified', async () => {
    const cases: [string, (m: ProofLinkData['meta']) => void, string][] = [
      ['one pixel changed', (m) => { m.input!.data[4] = 254; }, 'mismatch'],
      ['another display scale', (m) => { m.input!.scale = 1 / 256; }, 'mismatch'],
      ['another bit width', (m) => { m.inputEncoding!.bits += 1; }, 'mismatch'],
      ['another fractional scale', (m) => { m.inputEncoding!.fracBits += 1; }, 'mismatch'],
      ['values out of the bit range', (m) => { m.input!.data[0] = 1e6; }, 'mismatch'],
      ['no encoding', (m) => { delete m.inputEncoding; }, 'unbound'],
    ];
    for (const [what, change, status] of cases) {
      const r = await check(link(hashed, change));
      expect(r.valid, what).toBe(true);
      expect(r.input?.status, what).toBe(status);
      expect(r.input?.reason, what).toBeTruthy();
      expect(r.unbound, what).toContain('meta.input');
    }
  });

  it('public input: the picture is bound by the public input signals', async () => {
    expect(pub.meta.publicSignalNames.slice(2)).toEqual(Array.from({ length: 9 }, (_, i) => `in[${i}]`));
    expect((await check(link(pub))).input).toEqual({ status: 'public' });
    const r = await check(link(pub, (m) => { m.input!.data[8] = 101; }));
    expect(r).toMatchObject({ valid: true, input: { status: 'mismatch' } });
    expect(r.input!.reason).toMatch(/in\[8\]/);
  });

  it('a malformed encoding is a ProofLinkError', () => {
    for (const bad of [{ fracBits: -1, bits: 10 }, { fracBits: 8, bits: 1.5 }, { fracBits: 8 }, 'x', { fracBits: 8, bits: 1000 }]) {
      expect(() => encodeProofLink(link(hashed, (m) => { (m as unknown as Record<string, unknown>).inputEncoding = bad; }))).toThrow(ProofLinkError);
    }
  });

  it('inputBinding without what it needs: unbound, never a throw', () => {
    const names = ['out', 'commitment'];
    expect(inputBinding({ publicSignalNames: names }, ['1', '2']).status).toBe('unbound');
    expect(inputBinding({ publicSignalNames: names, input: { shape: [1], data: [1] }, inputEncoding: { fracBits: 8, bits: 10 } }, ['1', '2']).status).toBe('unbound');
    expect(inputBinding({ publicSignalNames: [...names, 'inputCommitment'], input: { shape: [1], data: [Number.NaN] }, inputEncoding: { fracBits: 8, bits: 10 } }, ['1', '2', '3']).status).toBe('mismatch');
  });
});
