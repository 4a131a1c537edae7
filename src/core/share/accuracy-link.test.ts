/**
 * Accuracy share links (./accuracy-link.ts) with a REAL Groth16 proof of the accuracy layout
 * [correct, commitment, testRoot, batchIndex, beneficiary, bountyId]: the stand-in accuracy circuit of
 * tests/helpers/bounty.ts (development keys, not for value; the link logic is what is under test, not the
 * circuit). Round trip and verification; every meta field bound to its signal; tampering refused; the studio's
 * decoder refuses an accuracy link by its version; the bounty check (registered circuit, testRoot, batch).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as snarkjs from 'snarkjs';
import { accuracyStandInSource, standIn, type StandIn } from '../../../tests/helpers/bounty.js';
import { groth16CircuitId } from '../../chain/calldata.js';
import { decodeProofLink, encodeProofLink, ProofLinkError } from './proof-link.js';
import {
  accuracyBountyCheck, decodeAccuracyLink, encodeAccuracyLink, isAccuracyLink, verifyAccuracyLink, type AccuracyLinkData,
} from './accuracy-link.js';

const HUNTER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
let c: StandIn;
let data: AccuracyLinkData;

beforeAll(async () => {
  c = await standIn('accuracy-link', accuracyStandInSource(1));
  const input = { correctIn: '2', commitmentIn: '12345678901234567890', testRoot: '987654321', batchIndex: '1', beneficiary: BigInt(HUNTER).toString(), bountyId: '3' };
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, c.wasm, c.zkey);
  data = {
    scheme: 'groth16', proof, publicSignals, vkey: c.vkey,
    meta: { bountyId: '3', batchIndex: 1, correct: 2, batchSize: 3, batches: 2, modelCommitment: '12345678901234567890', testRoot: '987654321', beneficiary: HUNTER, chainId: 31337, createdAt: '2026-12-04T04:00:00Z' },
  };
});

const reencode = (mutate: (j: Record<string, unknown>) => void): string => {
  const p = JSON.parse(JSON.stringify(decodeAccuracyLink(encodeAccuracyLink(data)))) as Record<string, unknown>;
  mutate(p);
  const { v: _v, ...rest } = p;
  return encodeAccuracyLink(rest as unknown as AccuracyLinkData);
};

describe('accuracy links', () => {
  it('round trip, verification, the bounded and unbound fields', async () => {
    const link = encodeAccuracyLink(data);
    expect(link.startsWith('#proof=')).toBe(true);
    expect(isAccuracyLink(link)).toBe(true);
    const p = decodeAccuracyLink(`https://example.org/${link}`);
    expect(p.meta.correct).toBe(2);
    const v = await verifyAccuracyLink(p);
    expect(v).toMatchObject({ valid: true });
    expect(v.unbound.sort()).toEqual(['meta.batchSize', 'meta.batches', 'meta.chainId', 'meta.createdAt']);
    expect(v.vkeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every meta field is bound to its signal: a changed one is refused', async () => {
    for (const [k, val] of [['correct', 3], ['batchIndex', 0], ['bountyId', '4'], ['testRoot', '1'], ['modelCommitment', '7'], ['beneficiary', '0x' + '11'.repeat(20)]] as const) {
      const v = await verifyAccuracyLink(decodeAccuracyLink(reencode((j) => { (j.meta as Record<string, unknown>)[k] = val; })));
      expect(v.valid, k).toBe(false);
      expect(v.reason, k).toMatch(/is not the proved|changed after/);
    }
    // a signal changed together with its meta field: the proof no longer verifies
    const forged = await verifyAccuracyLink(decodeAccuracyLink(reencode((j) => { (j.publicSignals as string[])[0] = '3'; (j.meta as Record<string, unknown>).correct = 3; })));
    expect(forged.valid).toBe(false);
    // more correct than the batch holds
    const over = await verifyAccuracyLink(decodeAccuracyLink(reencode((j) => { (j.meta as Record<string, unknown>).batchSize = 1; })));
    expect(over).toMatchObject({ valid: false, reason: expect.stringMatching(/2 correct in a batch of 1/) });
  });

  it('malformed and foreign links get the typed refusals; the studio decoder refuses accuracy links by version', () => {
    expect(() => decodeAccuracyLink('#proof=!!')).toThrow(ProofLinkError);
    expect(() => decodeAccuracyLink('#proof=AAAA')).toThrow(ProofLinkError);
    expect(() => reencode((j) => { (j.publicSignals as string[]).pop(); })).toThrow(ProofLinkError);
    expect(() => reencode((j) => { (j.meta as Record<string, unknown>).beneficiary = 'me'; })).toThrow(/beneficiary must be a 0x address/);
    try {
      decodeProofLink(encodeAccuracyLink(data));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProofLinkError);
      expect((e as ProofLinkError).problem).toBe('version');
    }
    // and a studio link is not an accuracy link
    const studio = encodeProofLink({ scheme: 'groth16', proof: data.proof, publicSignals: data.publicSignals, vkey: data.vkey, meta: { modelCommitment: '1', publicSignalNames: ['a', 'b', 'c', 'd', 'e', 'f'], createdAt: data.meta.createdAt } });
    expect(isAccuracyLink(studio)).toBe(false);
    expect(() => decodeAccuracyLink(studio)).toThrow(expect.objectContaining({ name: 'ProofLinkError', details: expect.objectContaining({ problem: 'version' }) }));
  });

  it('the bounty check: registered accuracy circuit, its testRoot, one of its batches', () => {
    const p = decodeAccuracyLink(encodeAccuracyLink(data));
    const id = groth16CircuitId(p.vkey);
    expect(id).toBe(c.circuitId);
    const bounty = { testRoot: 987654321n, accuracyCircuitIds: [c.circuitId], n: 6, batchSize: 3 };
    expect(accuracyBountyCheck(p, bounty, id)).toEqual({ status: 'bound', circuitId: id });
    expect(accuracyBountyCheck(p, null, id).status).toBe('no-bounty');
    expect(accuracyBountyCheck(p, { ...bounty, accuracyCircuitIds: ['0x' + '00'.repeat(32)] }, id)).toMatchObject({ status: 'mismatch', reason: expect.stringMatching(/not one of bounty 3's accuracy circuits/) });
    expect(accuracyBountyCheck(p, { ...bounty, testRoot: 5n }, id)).toMatchObject({ status: 'mismatch', reason: expect.stringMatching(/testRoot/) });
    expect(accuracyBountyCheck(p, { ...bounty, n: 3 }, id)).toMatchObject({ status: 'mismatch', reason: expect.stringMatching(/batch 1 is not one of the bounty's 1 batches/) });
  });
});
