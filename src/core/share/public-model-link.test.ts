/**
 * Share links of public-model proofs (issue 15, docs/PROTOCOL.md §2b): the link carries the model's
 * architecture and parameters, the viewer rebuilds the circuit with them as constants and compares
 * keys (the key pins the model). A committed (private-weights) model's link cannot pass for a public
 * one, nor the reverse; parameters changed in the link no longer match the model commitment it shows,
 * and recomputing that commitment too gives another circuit (another key).
 * Real groth16 proofs of a tiny Dense model (development keys).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { compileCircom } from '../../zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../zk/circom-node.js';
import { devSetup } from '../../zk/setup.js';
import { prove } from '../../zk/prove.js';
import type { KerasModel } from '../keras/types.js';
import { transpile, type TranspileResult } from '../transpile.js';
import { generateCircuit } from '../codegen/index.js';
import { quantizeInput, witnessInput } from '../witness/run.js';
import { architectureOf } from '../commit/architecture.js';
import { modelCommitment } from '../commit/model.js';
import { parametersOf, graphWithParameters } from '../commit/public-model.js';
import { claimOf } from '../commit/claim.js';
import { encodeProofLink, decodeProofLink, verifyProofLink, checkSignalLayout, ProofLinkError, type ProofLinkData } from './proof-link.js';
import { sameKey } from '../../app/link/circuit-trust.js';

const model: KerasModel = {
  format: 'tfjs', name: 'tiny', inputShape: [4],
  layers: [
    { name: 'input', className: 'InputLayer', config: {}, inbound: [], weights: [] },
    { name: 'd1', className: 'Dense', config: { units: 3, activation: 'relu', use_bias: true }, inbound: ['input'], weights: [
      { name: 'kernel', shape: [4, 3], data: Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1) / 2) },
      { name: 'bias', shape: [3], data: Float32Array.from([0.1, -0.2, 0.05]) },
    ] },
    { name: 'd2', className: 'Dense', config: { units: 3, activation: 'softmax', use_bias: true }, inbound: ['d1'], weights: [
      { name: 'kernel', shape: [3, 3], data: Float32Array.from({ length: 9 }, (_, i) => Math.cos(i + 2) / 2) },
      { name: 'bias', shape: [3], data: Float32Array.from([0, 0.1, -0.1]) },
    ] },
  ],
  outputs: ['d2'],
};
const X = [0.5, -0.25, 1, -1];
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function proved(r: TranspileResult) {
  const compiled = await compileCircom({ main: r.plan.source, files: await libraryFiles(r.plan.source), wasmBytes: circomWasmBytes() });
  const keys = await devSetup({ r1cs: compiled.r1cs });
  const ints = quantizeInput(r.q, X);
  const { proof, publicSignals } = await prove({ scheme: 'groth16', wasm: compiled.wasm, zkey: keys.zkey, input: witnessInput(r.q, ints, r.plan.weights) });
  return { r1cs: compiled.r1cs, vkey: keys.vkey, proof, publicSignals };
}

describe('public-model proof links', () => {
  let pub: TranspileResult;
  let data: ProofLinkData;
  let privateData: ProofLinkData;
  let pubR1cs: Uint8Array;

  beforeAll(async () => {
    pub = transpile(model, { inputRange: [-1, 1], input: 'hashed', weights: 'public' });
    const p = await proved(pub);
    pubR1cs = p.r1cs;
    expect(pub.plan.publicSignals).toEqual(['out', 'inputCommitment']);
    data = {
      scheme: 'groth16', proof: p.proof, publicSignals: p.publicSignals, vkey: p.vkey,
      meta: {
        weights: 'public', parameters: parametersOf(pub.q), architecture: architectureOf(pub.q),
        modelCommitment: modelCommitment(pub.q).toString(), outputClass: Number(p.publicSignals[0]), inputCommitment: p.publicSignals[1]!,
        publicSignalNames: pub.plan.publicSignals, createdAt: '2026-12-04T05:00:00.000Z',
      },
    };
    const priv = transpile(model, { inputRange: [-1, 1], input: 'hashed' });
    const q = await proved(priv);
    privateData = {
      scheme: 'groth16', proof: q.proof, publicSignals: q.publicSignals, vkey: q.vkey,
      meta: {
        modelCommitment: modelCommitment(priv.q).toString(), outputClass: Number(q.publicSignals[0]), architecture: architectureOf(priv.q),
        publicSignalNames: priv.plan.publicSignals, createdAt: '2026-12-04T05:00:00.000Z',
        // the folded layout shows both commitments; the older one has them as signals
        ...(priv.plan.publicSignals.includes('claim') ? { inputCommitment: (await import('../commit/input.js')).inputCommitment((await import('../commit/input.js')).inputDescriptorOf(priv.q), quantizeInput(priv.q, X)).toString() } : { inputCommitment: q.publicSignals[2]! }),
      },
    };
  }, 300_000);

  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('round-trips and verifies, says it is a public model, and lists the parameters as a claim until the key is rebuilt', async () => {
    const payload = decodeProofLink(encodeProofLink(data));
    expect(payload.meta.weights).toBe('public');
    expect(payload.meta.parameters).toEqual(data.meta.parameters);
    const v = await verifyProofLink(payload);
    expect(v.reason).toBeUndefined();
    expect(v.valid).toBe(true);
    expect(v.unbound).toContain('meta.parameters');
    // the committed model's link verifies as before
    expect((await verifyProofLink(decodeProofLink(encodeProofLink(privateData)))).valid).toBe(true);
  });

  it('the viewer\'s rebuild from the link (architecture + parameters as constants) gives the same key; a development key cannot tell weights apart', async () => {
    const payload = decodeProofLink(encodeProofLink(data));
    const source = generateCircuit(graphWithParameters(payload.meta.architecture, payload.meta.parameters!), { input: 'hashed', weights: 'public' }).source;
    const rebuilt = await compileCircom({ main: source, files: await libraryFiles(source), wasmBytes: circomWasmBytes() });
    // the same r1cs as the proved circuit's (so the same development key)
    expect(Buffer.from(rebuilt.r1cs).equals(Buffer.from(pubR1cs))).toBe(true);
    // one parameter changed (and the commitment recomputed to match): valid as a claim, but another circuit
    const forged = clone(data);
    forged.meta.parameters!.weights[0] = String(BigInt(forged.meta.parameters!.weights[0]!) + 1n);
    forged.meta.modelCommitment = modelCommitment(graphWithParameters(forged.meta.architecture, forged.meta.parameters!)).toString();
    const fv = await verifyProofLink(decodeProofLink(encodeProofLink(forged)));
    expect(fv.valid).toBe(true);
    expect(fv.unbound).toContain('meta.parameters');
    const src2 = generateCircuit(graphWithParameters(forged.meta.architecture, forged.meta.parameters!), { input: 'hashed', weights: 'public' }).source;
    const other = await compileCircom({ main: src2, files: await libraryFiles(src2), wasmBytes: circomWasmBytes() });
    expect(Buffer.from(other.r1cs).equals(Buffer.from(rebuilt.r1cs))).toBe(false); // another circuit…
    // …but the same DEVELOPMENT key: a Groth16 verification key holds only the public signals' columns
    // (IC), and a weight multiplies a private wire. What pins the weights is a setup made for the circuit
    // (its zkey), not the key alone; the development setup's secret is public anyway (docs/SECURITY.md).
    expect(sameKey((await devSetup({ r1cs: other.r1cs })).vkey, payload.vkey)).toBe(true);
  }, 300_000);

  it('parameters changed in the link no longer give the model commitment it shows', async () => {
    const forged = clone(data);
    forged.meta.parameters!.biases[0] = String(BigInt(forged.meta.parameters!.biases[0]!) + 1n);
    const v = await verifyProofLink(decodeProofLink(encodeProofLink(forged)));
    expect(v.valid).toBe(false);
    expect(v.reason).toMatch(/not the commitment of the parameters/);
    const short = clone(data);
    short.meta.parameters!.weights.pop();
    expect((await verifyProofLink(decodeProofLink(encodeProofLink(short)))).reason).toMatch(/public model cannot be read/);
  });

  it('a public-model link is not accepted as a committed model\'s, nor the reverse (regression)', async () => {
    // public proof, told to be private: no model commitment among its signals
    const asPrivate = clone(data);
    delete asPrivate.meta.weights;
    delete asPrivate.meta.parameters;
    const v1 = await verifyProofLink(decodeProofLink(encodeProofLink(asPrivate)));
    expect(v1.valid).toBe(false);
    expect(v1.reason).toMatch(/publicSignalNames/);
    // a private link may not carry parameters at all
    const withParams = clone(asPrivate);
    withParams.meta.parameters = data.meta.parameters;
    expect(() => decodeProofLink(encodeProofLink(withParams))).toThrow(ProofLinkError);
    // committed model's proof, told to be public with some parameters: its signals name a commitment
    const asPublic = clone(privateData);
    asPublic.meta.weights = 'public';
    asPublic.meta.parameters = data.meta.parameters;
    asPublic.meta.architecture = data.meta.architecture;
    asPublic.meta.modelCommitment = data.meta.modelCommitment;
    const v2 = await verifyProofLink(decodeProofLink(encodeProofLink(asPublic)));
    expect(v2.valid).toBe(false);
    expect(v2.reason).toMatch(/public model's circuit has no model commitment/);
    // …and renaming its signals to a public layout leaves a key that is not the public model's
    const renamed = clone(asPublic);
    renamed.meta.publicSignalNames = ['out', 'inputCommitment', ...(renamed.publicSignals.length > 2 ? ['in[0]'] : [])].slice(0, renamed.publicSignals.length);
    renamed.meta.inputCommitment = renamed.publicSignals[1];
    if (renamed.publicSignals.length === 2) {
      const v3 = await verifyProofLink(decodeProofLink(encodeProofLink(renamed)));
      expect(v3.valid).toBe(true); // a claim: only the key says which circuit it is
      expect(sameKey(renamed.vkey, data.vkey)).toBe(false);
    }
    // a public model's link needs its architecture and parameters
    const bare = clone(data);
    delete bare.meta.parameters;
    expect(() => decodeProofLink(encodeProofLink(bare))).toThrow(/meta.parameters/);
    expect(checkSignalLayout(['out', 'inputCommitment'], 'public')).toBeUndefined();
    expect(checkSignalLayout(['out', 'in[0]', 'in[1]'], 'public')).toBeUndefined();
    expect(checkSignalLayout(['out', 'commitment'], 'public')).toBeTruthy();
    expect(checkSignalLayout(['out', 'claim'], 'public')).toBeTruthy();
    expect(checkSignalLayout(['out', 'inputCommitment'])).toBeTruthy();
    expect(claimOf).toBeTypeOf('function');
  });
});
