import { describe, it, expect } from 'vitest';
import { transpile } from '../transpile.js';
import type { KerasModel } from '../keras/types.js';
import { generateCircuit } from '../codegen/index.js';
import { architectureOf, archHash, graphFromArchitecture, ArchitectureError } from './architecture.js';
import { modelCommitment, modelLimbs, commitmentFromLimbs } from './model.js';
import { inputDescriptorOf, inputTag, parseInputDescriptor, InputDescriptorError, inputCommitment, byteEncodable, wireOfFixed, wireOfFloat, fixedOfWire, wireRange } from './input.js';
import { InputRangeError } from '../witness/errors.js';
import { inputCommit } from '../witness/input-commit.js';
import { tag, descriptorHash, canonicalJson } from './tags.js';
import { claimOf } from './claim.js';
import { poseidonCommit } from '../witness/poseidon-commit.js';

const dense = (name: string, nIn: number, units: number, inbound: string, activation = 'linear', k = 1) => ({
  name, className: 'Dense', config: { units, activation, use_bias: true }, inbound: [inbound],
  weights: [
    { name: 'kernel', shape: [nIn, units], data: Float32Array.from({ length: nIn * units }, (_, i) => Math.sin(i + k) / 2) },
    { name: 'bias', shape: [units], data: Float32Array.from({ length: units }, (_, i) => 0.1 * i) },
  ],
});
const mlp = (k = 1): KerasModel => ({
  format: 'tfjs', name: 'mlp', inputShape: [4],
  layers: [{ name: 'input', className: 'InputLayer', config: {}, inbound: [], weights: [] }, dense('d1', 4, 6, 'input', 'relu', k), dense('d2', 6, 3, 'd1', 'softmax', k)],
  outputs: ['d2'],
});
const stripComments = (src: string) => src.split('\n').map((l) => l.replace(/\s*\/\/.*$/, '')).filter((l) => l.trim()).join('\n');

describe('commitments with domain separation (docs/PROTOCOL.md §1–3)', () => {
  it('tags are SHA-256 of fixed names mod p, pinned so another implementation can check them', () => {
    expect(tag('model/v1')).toBe(1249644791117750261376259538950456486500696700634491567658154666521144943774n);
    expect(tag('claim/v1')).toBe(2470043434378357940512907237694665577297377238712237151560479998336939739784n);
    // the claim (PROTOCOL §3a) = PoseidonCommit(tag, m, i) = Poseidon(3, tag, m, i): order and tag matter
    expect(claimOf(1n, 2n)).toBe(poseidonCommit([tag('claim/v1'), 1n, 2n]));
    expect(claimOf(1n, 2n)).not.toBe(claimOf(2n, 1n));
    expect(canonicalJson({ b: [1, { d: 2n, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":"2"}]}');
    expect(descriptorHash({ a: 1, b: 2 })).toBe(descriptorHash({ b: 2, a: 1 }));
  });

  it('the model commitment binds the architecture: the same weights under another input range, bit budget or output differ', () => {
    const base = transpile(mlp(), { inputRange: [-1, 1] });
    const c0 = modelCommitment(base.q);
    const wider = transpile(mlp(), { inputRange: [-2, 2] });
    const moreBits = transpile(mlp(), { inputRange: [-1, 1], actBits: 18 });
    const raw = transpile(mlp(), { inputRange: [-1, 1], raw: true });
    for (const [what, r] of [['input range', wider], ['activation budget', moreBits], ['raw logits', raw]] as const) {
      expect(archHash(architectureOf(r.q)), what).not.toBe(archHash(architectureOf(base.q)));
      expect(modelCommitment(r.q), what).not.toBe(c0);
    }
    // same architecture, other weights: other commitment, same architecture hash
    const other = transpile(mlp(2), { inputRange: [-1, 1] });
    expect(modelCommitment(other.q)).not.toBe(c0);
    // the commitment from the limbs (what the hand-over encrypts) is the same value
    expect(commitmentFromLimbs(archHash(architectureOf(base.q)), modelLimbs(base.q))).toBe(c0);
    expect(base.plan.archHash).toBe(archHash(architectureOf(base.q)).toString());
  });

  it('a circuit regenerated from the architecture alone is the same circuit (code, not comments)', () => {
    for (const input of ['public', 'hashed', 'private'] as const) {
      const r = transpile(mlp(), { inputRange: [0, 1], input });
      const arch = JSON.parse(JSON.stringify(architectureOf(r.q)));
      const again = generateCircuit(graphFromArchitecture(arch), { input });
      expect(stripComments(again.source)).toBe(stripComments(r.plan.source));
      expect(again.estimate.total).toBe(r.plan.estimate.total);
      expect(again.archHash).toBe(r.plan.archHash);
    }
  });

  it('a malformed architecture is an ArchitectureError naming the problem', () => {
    const arch = architectureOf(transpile(mlp(), { inputRange: [-1, 1] }).q);
    const cases: [unknown, RegExp][] = [
      [null, /not a JSON object/],
      [{ ...arch, kind: 'keras' }, /not a zkml\/architecture\/v1/],
      [{ ...arch, nodes: 'x' }, /lacks/],
      [{ ...arch, nodes: [{ ...arch.nodes[0], lo: '1e9' }] }, /malformed bounds/],
      [{ ...arch, output: 'nope' }, /output nope/],
      [{ ...arch, nodes: arch.nodes.map((n) => ({ ...n, weights: Object.fromEntries(Object.entries(n.weights).map(([k, w]) => [k, { ...w, width: 999 }])) })) }, /weight .* is malformed/],
      [{ ...arch, nodes: arch.nodes.map((n, i) => (i === 1 ? { ...n, kind: 'lstm' } : n)) }, /not a layer ZKML can build/],
    ];
    for (const [a, re] of cases) {
      expect(() => graphFromArchitecture(a)).toThrow(ArchitectureError);
      expect(() => graphFromArchitecture(a)).toThrow(re);
    }
  });

  it('the input descriptor: read from the plan, tagged, parsed strictly', () => {
    const r = transpile(mlp(), { inputRange: [0, 1], input: 'hashed' });
    const d = inputDescriptorOf(r.q);
    // [0, 1] at 2^-8: a byte input (PROTOCOL §3)
    expect(r.q.inputScale).toBe(8);
    expect(d).toEqual({ kind: 'zkml/input/v1', shape: [4], bits: d.bits, fracBits: 8, lo: '0', hi: '256', encoding: 'u8' });
    expect(parseInputDescriptor(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(inputTag({ ...d, bits: d.bits + 1 })).not.toBe(inputTag(d));
    // the encoding is part of the tag; an interval descriptor (no field) keeps the hash of its six fields
    const { encoding: _, ...legacy } = d;
    expect(parseInputDescriptor(legacy)).toEqual(legacy);
    expect(inputTag(legacy)).not.toBe(inputTag(d));
    expect(inputTag(legacy)).toBe(descriptorHash({ kind: legacy.kind, shape: legacy.shape, bits: legacy.bits, fracBits: 8, lo: '0', hi: '256' }));
    expect(inputTag(d)).toBe(descriptorHash({ ...legacy, encoding: 'u8' }));
    for (const bad of [null, { ...d, kind: 'x' }, { ...d, shape: [] }, { ...d, bits: 1 }, { ...d, lo: '5', hi: '5' }, { ...d, hi: String(1n << 80n) },
      { ...d, encoding: 'u16' }, { ...d, encoding: 'u8', hi: '255' }, { ...d, encoding: 'u8', lo: '-256' }, { ...d, encoding: 'u8', fracBits: 7, hi: '128' }, { ...d, encoding: null }]) {
      expect(() => parseInputDescriptor(bad)).toThrow(InputDescriptorError);
    }
    // another range, or a scale that is not a multiple of 8 bits: the interval encoding
    const signed = inputDescriptorOf(transpile(mlp(), { inputRange: [-1, 1], input: 'hashed' }).q);
    expect(signed.encoding).toBeUndefined();
    expect(byteEncodable(0n, 256n, 8)).toBe(true);
    expect(byteEncodable(0n, 65536n, 16)).toBe(true);
    expect(byteEncodable(0n, 128n, 7)).toBe(false);
    expect(byteEncodable(0n, 1n, 0)).toBe(false);
    expect(byteEncodable(0n, 255n, 8)).toBe(false);
  });

  it('byte input: wires are bytes, the model reads round(v · 2^F / 255), and only the integers of bytes have a wire', () => {
    const d = { kind: 'zkml/input/v1' as const, shape: [3], bits: 10, fracBits: 8, lo: '0', hi: '256', encoding: 'u8' as const };
    for (let v = 0n; v < 256n; v++) {
      const x = fixedOfWire(d, v);
      expect(x).toBe(v + (v >> 7n));
      expect(wireOfFixed(d, x)).toBe(v);
      expect(wireOfFloat(d, Number(v) / 255)).toBe(v);
      expect(wireOfFloat(d, Math.fround(Number(v) / 255))).toBe(v);
    }
    expect(() => wireOfFixed(d, 128n)).toThrow(InputRangeError);
    expect(() => wireOfFixed(d, 257n)).toThrow(/not the value of any byte/);
    expect(() => wireOfFixed(d, -1n)).toThrow(InputRangeError);
    expect(wireOfFloat(d, 1.01)).toBeUndefined();
    expect(wireOfFloat(d, -0.01)).toBeUndefined();
    expect(wireRange(d)).toEqual([0n, 255n]);
    const d16 = { ...d, fracBits: 16, hi: '65536' };
    for (const v of [0n, 1n, 127n, 128n, 254n, 255n]) expect(wireOfFixed(d16, fixedOfWire(d16, v))).toBe(v);
    expect(fixedOfWire(d16, 255n)).toBe(65536n);
    // the commitment is over the bytes: InputCommit(N, 0, 255) under the u8 tag
    const bytes = [0n, 200n, 255n];
    expect(inputCommitment(d, bytes.map((v) => fixedOfWire(d, v)))).toBe(inputCommit(bytes, 0n, 255n, inputTag(d)));
    const { encoding: _, ...legacy } = d;
    expect(inputCommitment(legacy, bytes.map((v) => fixedOfWire(d, v)))).toBe(inputCommit([0n, 201n, 256n], 0n, 256n, inputTag(legacy)));
  });
});
