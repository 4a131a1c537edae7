import { describe, it, expect } from 'vitest';
import type { Address } from 'viem';
import type { BountyView } from '../../chain/rebuild-bounties.js';
import { actions, nextDeadline, roleOf, timeline, countdown } from './lifecycle.js';
import { encodeBountyInfo, parseBountyInfo } from './info.js';
import { explainBountyError } from './explain.js';
import { ContractRevertedError } from '../../chain/errors.js';

const P = '0x00000000000000000000000000000000000000a1' as Address;
const H = '0x00000000000000000000000000000000000000b2' as Address;
const view = (over: Partial<BountyView> = {}): BountyView => ({
  bountyId: 1n, provider: P, termsHash: '0x', datasetCid: '', state: 'Open', hunters: [], credited: new Map(),
  terms: {
    provider: P, reward: 10n, bond: 1n, stake: 1n, testRoot: 5n, n: 6, batchSize: 3, sampleBytes: 9, classes: 3, threshold: 4,
    commitDeadline: 100n, revealDeadline: 200n, proveDeadline: 300n, handoverDeadline: 400n, providerPubX: 1n, providerPubY: 2n,
    revealCircuitId: '0x', accuracyCircuitIds: ['0x'], handoverCircuitIds: ['0x'],
  },
  ...over,
});
const hunter = { hunter: H, order: 1, arch: 0, commitment: 7n, correct: 0, batches: [], settled: false };
const get = (xs: ReturnType<typeof actions>, id: string) => xs.find((a) => a.id === id)!;

describe('bounty lifecycle (what the page offers, and why not)', () => {
  it('says who may act and why not, as the contract checks', () => {
    const open = view({ hunters: [hunter] });
    expect(get(actions(open, H, 50n), 'commit')).toMatchObject({ available: false, why: expect.stringMatching(/already committed/) });
    expect(get(actions(open, P, 50n), 'reveal')).toMatchObject({ available: false, why: expect.stringMatching(/not yet/) });
    expect(get(actions(open, H, 150n), 'reveal')).toMatchObject({ available: false, why: expect.stringMatching(/only the provider/) });
    expect(get(actions(open, P, 150n), 'reveal').available).toBe(true);
    expect(get(actions(open, P, 250n), 'reveal')).toMatchObject({ available: false, why: expect.stringMatching(/reveal deadline passed/) });
    expect(get(actions(open, H, 250n), 'closeUnrevealed').available).toBe(true);
    expect(get(actions(view(), H, 150n), 'reveal').why).toMatch(/only the provider/);
    expect(get(actions(view(), P, 150n), 'reveal').why).toMatch(/no hunter committed/);
    expect(get(actions(view({ state: 'Revealed', hunters: [hunter] }), H, 250n), 'prove').available).toBe(true);
    expect(get(actions(view({ state: 'Revealed', hunters: [hunter] }), H, 350n), 'prove').why).toMatch(/prove deadline passed/);
    const awarded = view({ state: 'Awarded', hunters: [hunter], winner: H, winnerCorrect: 5 });
    expect(roleOf(awarded, H)).toBe('winner');
    expect(get(actions(awarded, H, 350n), 'handOver').available).toBe(true);
    expect(get(actions(awarded, P, 350n), 'handOver').why).toMatch(/only the winner/);
    expect(get(actions(awarded, P, 450n), 'expireHandover').available).toBe(true);
    expect(get(actions(awarded, undefined, 350n), 'withdraw').why).toMatch(/choose an account/);
    expect(get(actions(awarded, H, 350n, 5n), 'withdraw').available).toBe(true);
  });

  it('timeline, next deadline, countdown', () => {
    const v = view({ hunters: [hunter] });
    expect(timeline(v, 50n).map((s) => s.status)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(timeline(v, 150n).find((s) => s.id === 'reveal')!.status).toBe('current');
    expect(timeline(view({ state: 'Unrevealed' }), 250n).find((s) => s.id === 'reveal')!.status).toBe('skipped');
    expect(nextDeadline(v, 50n)).toBe(100n);
    expect(nextDeadline(v, 150n)).toBe(200n);
    expect(nextDeadline(view({ state: 'HandedOver' }), 150n)).toBeUndefined();
    expect(countdown(3725n)).toBe('1 h 2 min');
    expect(countdown(0n)).toBe('passed');
  });

  it('bounty info round-trips; a plain CID is the dataset; garbage is unreadable, never a crash', () => {
    const arch = { kind: 'zkml/architecture/v1', inputShape: [3], inputScale: 8, output: 'd', nodes: [] } as never;
    expect(parseBountyInfo(encodeBountyInfo({ dataset: 'bafyx', architectures: [arch] }))).toMatchObject({ dataset: 'bafyx', architectures: [arch], readable: true });
    expect(parseBountyInfo('bafyabc')).toMatchObject({ dataset: 'bafyabc', architectures: [] });
    expect(parseBountyInfo('{not json').readable).toBe(false);
  });

  it('explains the contract\'s refusals in words', () => {
    const e = new ContractRevertedError({ functionName: 'revealTestSet', errorName: 'TooLate', args: [200n, 250n] });
    expect(explainBountyError(e).message).toMatch(/^Too late: the deadline \(1970-01-01 00:03:20 UTC\) passed/);
    expect(explainBountyError(new ContractRevertedError({ functionName: 'submitBatchProof', errorName: 'InvalidProof', args: ['0x1'] })).message).toMatch(/proof was refused/);
  });
});
