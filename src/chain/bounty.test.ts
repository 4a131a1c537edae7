/**
 * BountyManager on a REAL anvil (started on a free port, stopped afterwards) with real Groth16
 * proofs of stand-in circuits (tests/helpers/bounty.ts: PROTOCOL §5–7 signal layouts, development
 * setup — not for value). Covers the lifecycle with several hunters, every ZKaggleV2 hole of issue 13,
 * every deadline path (evm_increaseTime / evm_mine), re-entrancy through a malicious receiver, and
 * a fast-check property over random actions and time jumps: the contract's balance always equals
 * what it owes, and every bounty ends settled.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fc from 'fast-check';
import {
  decodeFunctionData, encodeFunctionData, keccak256, toBytes, toHex, type Address, type Hex, type PublicClient, type WalletClient,
} from 'viem';
import { poseidonDecrypt } from '@zk-kit/poseidon-cipher';
import { compileSolidity } from '../../scripts/compile-contracts.js';
import type { AnvilInstance } from '../../scripts/chain.js';
import { ROOT } from '../circuits/test/harness.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bountyManagerAbi, bountyManagerDeployedSize } from './abi/bounty-manager.js';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { BN254_R } from './calldata.js';
import { BOUNTY_GAS, FINAL_STATES, handoverChallenge, revealChallenge, revealLength, termsHash, type BountyTerms } from './bounty-calldata.js';
import { ContractRevertedError } from './errors.js';
import { registerCircuit } from './register-circuit.js';
import { createBounty } from './create-bounty.js';
import { commitModel } from './commit-model.js';
import { revealTestSet } from './reveal-test-set.js';
import { submitBatchProof } from './submit-batch-proof.js';
import { finalizeBounty } from './finalize-bounty.js';
import { handOver } from './hand-over.js';
import { settleBounty } from './settle-bounty.js';
import { withdraw } from './withdraw.js';
import { getCredit } from './get-credit.js';
import { getBounty } from './get-bounty.js';
import { getRevealedTestSet } from './get-revealed-test-set.js';
import { rebuildBounties } from './rebuild-bounties.js';
import { commitTestSet, revealCalldata } from '../core/testset/index.js';
import { handoverWitness, decryptModel } from '../core/handover/handover.js';
import { watchBounties } from './watch-bounties.js';
import type { BountyEventLog } from './send-bounty-tx.js';
import {
  accuracyStandInSource, bjjKey, buildTestSet, encryptForProvider, handoverStandInSource, proveStandIn, pseudoBytes,
  revealStandInSource, standIn, startBountyChain, type StandIn,
} from '../../tests/helpers/bounty.js';

const EIP170 = 24_576;
// Test set: N = 4 samples of S = 4 bytes in K = 2 batches of B = 2 (m = 2 chunks per batch).
const S = 4, B = 2, N = 4;
const LABELS = [3, 1, 4, 1];
const LIMBS = [11n, 22n, 33n]; // a model's limbs (what the hand-over encrypts)
const NONCE = 5n;

const gasTable: Record<string, bigint> = {};
/** Contracts that took part (their credits count in what the manager owes). */
const participants: Address[] = [];

describe('BountyManager on a real anvil', () => {
  let anvil: AnvilInstance;
  let pub: PublicClient;
  let accounts: Address[];
  let wallets: WalletClient[];
  let provider: Address, h1: Address, h2: Address, h3: Address, anyone: Address, attacker: Address;
  let registry: Address, manager: Address;
  let reveal: StandIn, acc: StandIn, acc2: StandIn, ho: StandIn;
  let R: Uint8Array;
  let testRoot: bigint;
  let revealProof: bigint[];
  const providerKey = bjjKey(0xabcdefn);
  const commitmentOf = (who: Address) => BigInt(keccak256(toBytes(`model of ${who}`))) % BN254_R;
  const wallet = (a: Address) => wallets[accounts.indexOf(a)];

  beforeAll(async () => {
    ({ anvil, pub, accounts, wallets, registry, manager } = await startBountyChain());
    [provider, h1, h2, h3, anyone, attacker] = accounts;

    [reveal, acc, acc2, ho] = await Promise.all([
      standIn('bounty-reveal', revealStandInSource(N / B, 2)),
      standIn('bounty-accuracy', accuracyStandInSource(1)),
      standIn('bounty-accuracy', accuracyStandInSource(2)),
      standIn('bounty-handover', handoverStandInSource(4)),
    ]);
    for (const c of [reveal, acc, acc2, ho]) await registerCircuit(wallets[0], { registry, scheme: 'groth16', vkey: c.vkey });

    const samples = Array.from({ length: N }, (_, i) => pseudoBytes(100 + i, S));
    R = buildTestSet(samples, LABELS, B, (k) => pseudoBytes(7 + k, 31)).data;
    expect(R.length).toBe(revealLength(N, B, S));
    const ch = revealChallenge(R);
    const p = await proveStandIn(reveal, { d: ch.chunks, rho: ch.rho });
    testRoot = p.publicSignals[0];
    expect(p.publicSignals.slice(1)).toEqual([ch.e, ch.rho]);
    revealProof = p.proof;
  });

  afterAll(async () => {
    await anvil?.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    console.log(`bounty gas (tx gasUsed):\n${Object.entries(gasTable).map(([k, v]) => `  ${k.padEnd(40)} ${String(v).padStart(9)}`).join('\n')}`);
  });

  // ------------------------------------------------------------------ helpers

  const now = async () => (await pub.getBlock()).timestamp;
  async function warp(seconds: bigint | number): Promise<void> {
    await pub.request({ method: 'evm_increaseTime', params: [toHex(BigInt(seconds))] } as never);
    await pub.request({ method: 'evm_mine', params: [] } as never);
  }
  async function warpPast(deadline: bigint): Promise<void> {
    const t = await now();
    if (t <= deadline) await warp(deadline - t + 1n);
  }

  async function terms(over: Partial<BountyTerms> = {}): Promise<BountyTerms> {
    const t0 = await now();
    return {
      provider, reward: 1_000_000n, bond: 100_003n, stake: 10_000n, testRoot, n: N, batchSize: B, sampleBytes: S, classes: 10, threshold: 2,
      commitDeadline: t0 + 1000n, revealDeadline: t0 + 2000n, proveDeadline: t0 + 3000n, handoverDeadline: t0 + 4000n,
      providerPubX: providerKey.pub[0], providerPubY: providerKey.pub[1],
      revealCircuitId: reveal.circuitId, accuracyCircuitIds: [acc.circuitId, acc2.circuitId], handoverCircuitIds: [ho.circuitId, ho.circuitId],
      ...over,
    };
  }

  async function accuracyProof(arch: number, p: { correct: number; commitment: bigint; batchIndex: number; beneficiary: Address; bountyId: bigint; root?: bigint }) {
    return proveStandIn(arch === 0 ? acc : acc2, {
      correctIn: p.correct, commitmentIn: p.commitment, testRoot: p.root ?? testRoot, batchIndex: p.batchIndex,
      beneficiary: BigInt(p.beneficiary), bountyId: p.bountyId,
    });
  }

  async function prove(bountyId: bigint, t: BountyTerms, who: Address, batchIndex: number, correct: number, arch = 0) {
    const { proof } = await accuracyProof(arch, { correct, commitment: commitmentOf(who), batchIndex, beneficiary: who, bountyId });
    return submitBatchProof(wallet(who), { manager, bountyId, terms: t, batchIndex, correct, proof });
  }

  async function handoverProof(who: Address, t: BountyTerms, hunterSeed = 77n) {
    const hk = bjjKey(hunterSeed);
    const { shared, ciphertext } = encryptForProvider(LIMBS, hk, [t.providerPubX, t.providerPubY], NONCE);
    const { rho } = handoverChallenge(ciphertext);
    const p = await proveStandIn(ho, {
      c: ciphertext, commitmentIn: commitmentOf(who), hx: hk.pub[0], hy: hk.pub[1],
      providerPubX: t.providerPubX, providerPubY: t.providerPubY, nonce: NONCE, rho,
    });
    return { hk, shared, ciphertext, proof: p.proof };
  }

  /** Expects `p` to reject with a ContractRevertedError named `errorName`. */
  async function reverts(p: Promise<unknown>, errorName: string): Promise<ContractRevertedError> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    expect(e, `expected ${errorName}`).toBeInstanceOf(ContractRevertedError);
    expect((e as ContractRevertedError).errorName, String(e)).toBe(errorName);
    return e as ContractRevertedError;
  }

  const balanceOf = (a: Address) => pub.getBalance({ address: a });

  /** Contract balance == Σ bounties' held + Σ credits of `who` (every account that ever took part). */
  async function owes(who: readonly Address[]): Promise<{ balance: bigint; owed: bigint }> {
    const count = await pub.readContract({ address: manager, abi: bountyManagerAbi, functionName: 'bountyCount' });
    let owed = 0n;
    for (let id = 1n; id <= count; id++) {
      const b = await pub.readContract({ address: manager, abi: bountyManagerAbi, functionName: 'getBounty', args: [id] });
      owed += b[5];
    }
    for (const a of new Set([...who, ...participants])) owed += await getCredit(pub, { manager, account: a });
    return { balance: await balanceOf(manager), owed };
  }

  async function create(t: BountyTerms, cid = ''): Promise<bigint> {
    const r = await createBounty(wallet(t.provider), { manager, terms: t, datasetCid: cid });
    gasTable.createBounty ??= r.gasUsed;
    return r.bountyId;
  }

  async function commitAll(id: bigint, t: BountyTerms, who: Address[], arch = 0) {
    for (const h of who) {
      const r = await commitModel(wallet(h), { manager, bountyId: id, terms: t, arch, commitment: commitmentOf(h) });
      gasTable.commit ??= r.gasUsed;
    }
  }

  // ------------------------------------------------------------------ tests

  it('fits EIP-170 and is what the build says', async () => {
    const code = await pub.getCode({ address: manager });
    expect((code!.length - 2) / 2).toBe(bountyManagerDeployedSize);
    expect(bountyManagerDeployedSize).toBeLessThanOrEqual(EIP170);
    expect(await pub.readContract({ address: manager, abi: bountyManagerAbi, functionName: 'registry' })).toBe(registry);
  });

  it('a second and third hunter after the first: best total wins, ties go to the earliest commit; hand-over pays; the shared key is nowhere on chain; labels only after the reveal', async () => {
    const t = await terms();
    const startBlock = await pub.getBlockNumber({ cacheTime: 0 });
    const watched: BountyEventLog[] = [];
    const unwatch = watchBounties(pub, { manager, pollingInterval: 100, fromBlock: startBlock, onEvents: (evs) => watched.push(...evs) });
    const id = await create(t, 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi');
    expect(termsHash(t)).toBe((await getBounty(pub, { manager, bountyId: id }))!.termsHash);
    await commitAll(id, t, [h1, h2, h3]);
    await reverts(commitModel(wallet(h1), { manager, bountyId: id, terms: t, arch: 0, commitment: 1n }), 'AlreadyCommitted');

    // Before the reveal no transaction input or log holds any chunk of R but the salts.
    const { chunks } = revealChallenge(R);
    const secretHex = chunks.filter((_, i) => i % 2 === 1).map((c) => c.toString(16).padStart(62, '0'));
    const chainText = async (from: bigint) => {
      const parts: string[] = [];
      for (let n = from, last = await pub.getBlockNumber({ cacheTime: 0 }); n <= last; n++) {
        const blk = await pub.getBlock({ blockNumber: n, includeTransactions: true });
        for (const tx of blk.transactions) parts.push(tx.input.toLowerCase());
      }
      const logs = await pub.getLogs({ fromBlock: from, toBlock: 'latest' });
      for (const l of logs) parts.push(l.data.toLowerCase(), ...l.topics.map((x) => x!.toLowerCase()));
      return { inputs: parts.join(' '), logs: logs.map((l) => l.data.toLowerCase()).join(' ') };
    };
    let seen = await chainText(startBlock);
    for (const s of secretHex) expect(seen.inputs).not.toContain(s);
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof }), 'TooEarly');

    await warpPast(t.commitDeadline);
    await reverts(commitModel(wallet(anyone), { manager, bountyId: id, terms: t, arch: 0, commitment: 1n, }), 'TooLate');
    await reverts(revealTestSet(wallet(h1), { manager, bountyId: id, terms: t, data: R, proof: revealProof, account: h1 }), 'NotProvider');
    const rv = await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    gasTable['reveal (N = 4, S = 4)'] = rv.gasUsed;
    // After: R is in the reveal's calldata (readable by the hunters), its hash in the log, never the data.
    seen = await chainText(startBlock);
    for (const s of secretHex) { expect(seen.inputs).toContain(s); expect(seen.logs).not.toContain(s); }
    const got = await getRevealedTestSet(pub, { manager, bountyId: id });
    expect(got?.data).toEqual(R);
    expect(got?.dataHash).toBe(keccak256(R));

    // h3 leads first, h2 (earlier commit) ties it and takes the lead, h1 below.
    await prove(id, t, h3, 0, 1);
    await prove(id, t, h3, 1, 2);
    let b = await getBounty(pub, { manager, bountyId: id });
    expect([b!.leader, b!.leaderCorrect]).toEqual([h3, 3]);
    const r = await prove(id, t, h2, 1, 1);
    gasTable['submitBatchProof'] = r.gasUsed;
    await prove(id, t, h2, 0, 2);
    await prove(id, t, h1, 0, 2);
    b = await getBounty(pub, { manager, bountyId: id });
    expect([b!.leader, b!.leaderCorrect]).toEqual([h2, 3]);

    await reverts(finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t }), 'TooEarly');
    await warpPast(t.proveDeadline);
    await reverts(prove(id, t, h1, 1, 2), 'TooLate');
    const f = await finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t });
    gasTable.finalize = f.gasUsed;
    expect([f.winner, f.correct]).toEqual([h2, 3n]);

    // Losers' stakes: anyone can return them; not the winner's.
    await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h1 });
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h1 }), 'AlreadySettled');
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h2 }), 'IsWinner');

    const hv = await handoverProof(h2, t);
    await reverts(handOver(wallet(h3), { manager, bountyId: id, terms: t, ciphertext: hv.ciphertext, hunterPubX: hv.hk.pub[0], hunterPubY: hv.hk.pub[1], nonce: NONCE, proof: hv.proof }), 'NotWinner');
    const tampered = [...hv.ciphertext];
    tampered[1] += 1n;
    await reverts(handOver(wallet(h2), { manager, bountyId: id, terms: t, ciphertext: tampered, hunterPubX: hv.hk.pub[0], hunterPubY: hv.hk.pub[1], nonce: NONCE, proof: hv.proof }), 'InvalidProof');
    const h = await handOver(wallet(h2), { manager, bountyId: id, terms: t, ciphertext: hv.ciphertext, hunterPubX: hv.hk.pub[0], hunterPubY: hv.hk.pub[1], nonce: NONCE, proof: hv.proof });
    gasTable[`handOver (${hv.ciphertext.length} words)`] = h.gasUsed;
    await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h3 });

    // The provider decrypts from the event with its secret key; the shared key is in no input or log.
    const views = await rebuildBounties(pub, { manager, fromBlock: startBlock });
    const v = views.get(id)!;
    expect(v.state).toBe('HandedOver');
    expect(v.handOver!.ciphertext).toEqual(hv.ciphertext);
    const { mulPointEscalar } = await import('@zk-kit/baby-jubjub');
    const shared = mulPointEscalar([v.handOver!.hunterPubX, v.handOver!.hunterPubY], providerKey.sk);
    expect(shared).toEqual(hv.shared);
    expect(poseidonDecrypt([...v.handOver!.ciphertext], shared, v.handOver!.nonce, LIMBS.length)).toEqual(LIMBS);
    seen = await chainText(startBlock);
    for (const w of [...hv.shared, providerKey.sk, hv.hk.sk]) expect(seen.inputs).not.toContain(w.toString(16).padStart(64, '0'));
    // Decrypting with anything on chain as the key (the public keys, ρ, e) fails.
    for (const k of [[t.providerPubX, t.providerPubY], [hv.hk.pub[0], hv.hk.pub[1]]] as [bigint, bigint][]) {
      expect(() => poseidonDecrypt([...hv.ciphertext], k, NONCE, LIMBS.length)).toThrow();
    }

    // The rebuilt view matches the contract; everything paid out once withdrawn.
    const onChain = await getBounty(pub, { manager, bountyId: id });
    expect(v.state).toBe(onChain!.state);
    expect(v.hunters.map((x) => [x.hunter, x.correct, x.settled])).toEqual([[h1, 2, true], [h2, 3, true], [h3, 3, true]]);
    expect(v.credited.get(h2)).toBe(t.reward + t.stake);
    expect(v.credited.get(provider)).toBe(t.bond);
    expect(onChain!.held).toBe(0n);
    for (const a of [provider, h1, h2, h3]) {
      const c = await getCredit(pub, { manager, account: a });
      const w = await withdraw(wallet(a), { manager });
      expect(w.amount).toBe(c);
    }
    await reverts(withdraw(wallet(h2), { manager }), 'NothingToWithdraw');
    // The watcher saw every event, in order, that the logs hold.
    await new Promise((r) => setTimeout(r, 500));
    unwatch();
    const logged = (await pub.getLogs({ address: manager, fromBlock: startBlock, toBlock: 'latest' })).length;
    expect(watched.length).toBe(logged);
    expect(watched.map((x) => x.eventName).slice(0, 5)).toEqual(['BountyCreated', 'Committed', 'Committed', 'Committed', 'TestSetRevealed']);
    const o = await owes([provider, h1, h2, h3]);
    expect(o.balance).toBe(o.owed);
  });

  it('a reveal with one changed byte is refused, even with a fresh proof for the changed data; so are a label ≥ C and non-zero padding', async () => {
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1]);
    await warpPast(t.commitDeadline);
    const bad = R.slice();
    bad[bad.length - 40] ^= 1; // a label byte of batch 1
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: bad, proof: revealProof }), 'InvalidProof');
    const ch = revealChallenge(bad);
    const fresh = await proveStandIn(reveal, { d: ch.chunks, rho: ch.rho });
    expect(fresh.publicSignals[0]).not.toBe(testRoot); // the data hash to another root
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: bad, proof: fresh.proof }), 'InvalidProof');
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R.slice(0, R.length - 31), proof: revealProof }), 'BadRevealLength');
    // Liveness: a label ≥ C or non-zero padding would make that batch unprovable for every hunter.
    const badLabel = R.slice();
    badLabel[62 + 31 + B * S + 1] = 10; // label 1 of batch 1, C = 10
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: badLabel, proof: revealProof }), 'BadLabel');
    const badPad = R.slice();
    badPad[61] = 1; // the last padding byte of batch 0
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: badPad, proof: revealProof }), 'NonZeroPadding');
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
  });

  it('the real RevealTestSet circuit (src/circuits) and commitTestSet (src/core/testset) agree with the stand-in and reveal on chain', async () => {
    const samples = Array.from({ length: N }, (_, i) => pseudoBytes(100 + i, S));
    const ts = commitTestSet(samples, LABELS, B, { classes: 10, salts: [0, 1].map((k) => pseudoBytes(7 + k, 31)) });
    expect(revealCalldata(ts)).toEqual(R);
    expect(ts.testRoot).toBe(testRoot);
    const real = await standIn('bounty-real-reveal', `pragma circom 2.2.3;\ninclude "reveal-test-set.circom";\ncomponent main {public [rho]} = RevealTestSet(${ts.K}, ${ts.m});\n`);
    await registerCircuit(wallets[0], { registry, scheme: 'groth16', vkey: real.vkey });
    const { rho, e } = revealChallenge(R);
    const p = await proveStandIn(real, { d: ts.batches.map((b) => b.elements), rho });
    expect(p.publicSignals).toEqual([testRoot, e, rho]);
    const t = await terms({ revealCircuitId: real.circuitId });
    const id = await create(t);
    await commitAll(id, t, [h1]);
    await warpPast(t.commitDeadline);
    const bad = R.slice();
    bad[40] ^= 1; // the last label of batch 0
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: bad, proof: p.proof }), 'InvalidProof');
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof }), 'InvalidProof'); // the stand-in's proof, another key
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: p.proof });
  });

  it('the real Handover circuit (src/circuits/handover.circom): the winner hands over on chain, the provider decrypts the limbs from the event', async () => {
    const real = await standIn('bounty-real-handover', 'pragma circom 2.2.3;\ninclude "handover.circom";\ncomponent main {public [providerPubX, providerPubY, nonce, rho]} = Handover(2, 1);\n');
    await registerCircuit(wallets[0], { registry, scheme: 'groth16', vkey: real.vkey });
    const hunterSk = (1n << 249n) + 1n + 2n * 31337n; // the Handover circuit's key form 2^249 + 1 + 2·m
    const hw = handoverWitness({ weightLimbs: [5n, 6n], biasLimbs: [7n], archHash: 12345n, hunterSk, providerPub: providerKey.pub, nonce: 9n });
    const p = await proveStandIn(real, hw.input);
    expect(p.publicSignals).toEqual(hw.publicSignals.map(BigInt));
    const t = await terms({ accuracyCircuitIds: [acc.circuitId], handoverCircuitIds: [real.circuitId], threshold: 1 });
    const id = await create(t);
    await commitModel(wallet(h1), { manager, bountyId: id, terms: t, arch: 0, commitment: hw.commitment });
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    const a = await accuracyProof(0, { correct: 2, commitment: hw.commitment, batchIndex: 0, beneficiary: h1, bountyId: id });
    await submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 2, proof: a.proof });
    await warpPast(t.proveDeadline);
    await finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t });
    const args = { manager, bountyId: id, terms: t, ciphertext: hw.ciphertext, hunterPubX: hw.hunterPub[0], hunterPubY: hw.hunterPub[1], nonce: 9n, proof: p.proof };
    await reverts(handOver(wallet(h1), { ...args, ciphertext: hw.ciphertext.map((c, i) => (i === 0 ? (c + 1n) % BN254_R : c)) }), 'InvalidProof');
    await reverts(handOver(wallet(h1), { ...args, nonce: 10n }), 'InvalidProof');
    const r = await handOver(wallet(h1), args);
    gasTable[`handOver, real Handover(2, 1) (${hw.ciphertext.length} words)`] = r.gasUsed;
    const v = (await rebuildBounties(pub, { manager })).get(id)!;
    expect(decryptModel(v.handOver!.ciphertext, providerKey.sk, [v.handOver!.hunterPubX, v.handOver!.hunterPubY], v.handOver!.nonce, 3)).toEqual([5n, 6n, 7n]);
  });

  it('front-running a batch proof from the mempool: the copy (even under a copied commitment) is refused, the hunter is counted', async () => {
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1]);
    // The attacker copies h1's commitment from its Committed event.
    await commitModel(wallet(attacker), { manager, bountyId: id, terms: t, arch: 0, commitment: commitmentOf(h1) });
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    const { proof } = await accuracyProof(0, { correct: 2, commitment: commitmentOf(h1), batchIndex: 0, beneficiary: h1, bountyId: id });

    await pub.request({ method: 'evm_setAutomine', params: [false] } as never);
    try {
      const victim = await wallet(h1).writeContract({
        address: manager, abi: bountyManagerAbi, functionName: 'submitBatchProof', args: [id, t, 0n, 2n, proof],
        gas: BOUNTY_GAS.batchProof, chain: null, account: h1, maxPriorityFeePerGas: 1n,
      });
      const pending = await pub.getTransaction({ hash: victim });
      const copied = decodeFunctionData({ abi: bountyManagerAbi, data: pending.input });
      const thief = await wallet(attacker).sendTransaction({
        to: manager, data: encodeFunctionData({ abi: bountyManagerAbi, functionName: 'submitBatchProof', args: copied.args as never }),
        gas: BOUNTY_GAS.batchProof, chain: null, account: attacker, maxPriorityFeePerGas: 10_000_000_000n, maxFeePerGas: 100_000_000_000n,
      });
      await pub.request({ method: 'evm_mine', params: [] } as never);
      const [rt, rv] = [await pub.waitForTransactionReceipt({ hash: thief }), await pub.waitForTransactionReceipt({ hash: victim })];
      expect(rt.transactionIndex).toBeLessThan(rv.transactionIndex); // the copy went first…
      expect(rt.status).toBe('reverted'); // …and was refused (beneficiary = msg.sender)
      expect(rv.status).toBe('success');
    } finally {
      await pub.request({ method: 'evm_setAutomine', params: [true] } as never);
    }
    const e = await pub.simulateContract({ address: manager, abi: bountyManagerAbi, functionName: 'submitBatchProof', args: [id, t, 0n, 2n, proof], account: attacker, gas: BOUNTY_GAS.batchProof })
      .then(() => undefined, (x: unknown) => String(x));
    expect(e).toMatch(/InvalidProof/);
    const entry = await pub.readContract({ address: manager, abi: bountyManagerAbi, functionName: 'getEntry', args: [id, h1] });
    expect(entry[4]).toBe(2n);
  });

  it('replaying a batch: the same proof again, or for another batch / bounty, is refused', async () => {
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1]);
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    const { proof } = await accuracyProof(0, { correct: 1, commitment: commitmentOf(h1), batchIndex: 0, beneficiary: h1, bountyId: id });
    await submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 1, proof });
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 1, proof }), 'BatchAlreadyProved');
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 1, correct: 1, proof }), 'InvalidProof');
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 2, proof }), 'BatchAlreadyProved');
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 1, correct: 3, proof }), 'BadCorrect');
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 2, correct: 1, proof }), 'BadBatch');
    await reverts(submitBatchProof(wallet(h2), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 1, proof }), 'NotCommitted');
    // A proof made for another test root (another bounty's) does not count here.
    const other = await accuracyProof(0, { correct: 1, commitment: commitmentOf(h1), batchIndex: 1, beneficiary: h1, bountyId: id, root: testRoot + 1n });
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 1, correct: 1, proof: other.proof }), 'InvalidProof');
    // Nor changed terms (the contract only trusts its stored hash).
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: { ...t, testRoot: testRoot + 1n }, batchIndex: 1, correct: 1, proof: other.proof }), 'TermsMismatch');
  });

  it('an always-true verifier cannot stand behind a bounty: hunters choose no verifier, ids are pinned and must be registered with the right signal count', async () => {
    const src = fs.readFileSync(path.join(ROOT, 'contracts/test/AlwaysTrueVerifier.sol'), 'utf8');
    const c = compileSolidity({ 'AlwaysTrueVerifier.sol': src })['AlwaysTrueVerifier.sol:AlwaysTrueVerifier'];
    const hash = await wallet(attacker).deployContract({ abi: [], bytecode: c.bytecode, account: attacker, chain: null });
    const evil = (await pub.waitForTransactionReceipt({ hash })).contractAddress!;
    const reg = await registerCircuit(wallet(attacker), { registry, scheme: 'plonk', verifier: evil, nPublic: 6 });
    // No function of the bounty takes a verifier or a circuit id from a hunter.
    for (const f of bountyManagerAbi.filter((x) => x.type === 'function' && ['commit', 'submitBatchProof', 'handOver'].includes(x.name))) {
      expect((f as unknown as { inputs: { type: string; name: string }[] }).inputs.some((i) => i.type === 'address' || /circuit|verifier/i.test(i.name))).toBe(false);
    }
    // Under the pinned id an all-zero proof (what ZKaggleV2 accepted) is refused.
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1]);
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    await reverts(submitBatchProof(wallet(h1), { manager, bountyId: id, terms: t, batchIndex: 0, correct: 2, proof: Array(8).fill(0n) }), 'InvalidProof');
    // Ids must be registered, with the protocol's number of public signals.
    const unknown = keccak256(toBytes('not registered'));
    await reverts(createBounty(wallet(provider), { manager, terms: await terms({ accuracyCircuitIds: [unknown], handoverCircuitIds: [ho.circuitId] }) }), 'CircuitNotRegistered');
    await reverts(createBounty(wallet(provider), { manager, terms: await terms({ revealCircuitId: acc.circuitId }) }), 'CircuitSignalCount');
    await reverts(createBounty(wallet(provider), { manager, terms: await terms({ accuracyCircuitIds: [ho.circuitId], handoverCircuitIds: [ho.circuitId] }) }), 'CircuitSignalCount');
    // A provider who pins the always-true id does so in public: its id is not the circuit's key hash,
    // which a hunter's app recomputes from the published architecture before committing.
    expect(reg.circuitId).not.toBe(acc.circuitId);
  });

  it('creation refuses bad terms: value, deadlines, sizes, threshold, an off-curve or low-order provider key', async () => {
    const P = BN254_R;
    const bad: [Partial<BountyTerms>, string][] = [
      [{ providerPubX: 1n, providerPubY: 2n }, 'BadProviderKey'],
      [{ providerPubX: 0n, providerPubY: 1n }, 'BadProviderKey'], // the identity
      [{ providerPubX: 0n, providerPubY: P - 1n }, 'BadProviderKey'], // order 2
      [{ providerPubX: P, providerPubY: 1n }, 'BadProviderKey'],
      [{ threshold: 0 }, 'BadTerms'],
      [{ classes: 1 }, 'BadTerms'],
      [{ classes: 257 }, 'BadTerms'],
      [{ threshold: N + 1 }, 'BadTerms'],
      [{ batchSize: 3 }, 'BadTerms'],
      [{ n: 2 * 193, batchSize: 2 }, 'BadTerms'],
      [{ reward: 0n }, 'BadTerms'],
      [{ testRoot: P }, 'NotInField'],
      [{ accuracyCircuitIds: [acc.circuitId], handoverCircuitIds: [] }, 'BadTerms'],
    ];
    for (const [over, err] of bad) await reverts(createBounty(wallet(provider), { manager, terms: await terms(over) }), err);
    const t = await terms();
    await reverts(createBounty(wallet(provider), { manager, terms: { ...t, revealDeadline: t.commitDeadline } }), 'BadTerms');
    await reverts(createBounty(wallet(provider), { manager, terms: { ...t, commitDeadline: (await now()) - 1n } }), 'BadTerms');
    await reverts(createBounty(wallet(h1), { manager, terms: t, account: h1 }), 'NotProvider');
    const e = await pub.simulateContract({ address: manager, abi: bountyManagerAbi, functionName: 'createBounty', args: [t, ''], value: t.reward, account: provider })
      .then(() => undefined, (x: unknown) => String(x));
    expect(e).toMatch(/WrongValue/);
  });

  it('provider stalling: no reveal by the deadline → reward back, bond shared by the hunters (remainder to the provider); a late reveal is refused', async () => {
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1, h2, h3]);
    await warpPast(t.commitDeadline);
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' }), 'TooEarly');
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h1 }), 'WrongState');
    await warpPast(t.revealDeadline);
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof }), 'TooLate');
    const c = await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' });
    expect(c.credited).toEqual([{ account: provider, amount: t.reward + (t.bond % 3n) }]);
    for (const h of [h1, h2, h3]) {
      const r = await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h });
      expect(r.credited).toEqual([{ account: h, amount: t.stake + t.bond / 3n }]);
    }
    expect((await getBounty(pub, { manager, bountyId: id }))).toMatchObject({ state: 'Unrevealed', held: 0n });
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof }), 'WrongState');
  });

  it('nobody commits → everything back to the provider right after the commit deadline; reveal refused (NoHunters)', async () => {
    const t = await terms();
    const id = await create(t);
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' }), 'TooEarly');
    await warpPast(t.commitDeadline);
    await reverts(revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof }), 'NoHunters');
    const c = await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' });
    expect(c.credited).toEqual([{ account: provider, amount: t.reward + t.bond }]);
    expect((await getBounty(pub, { manager, bountyId: id }))!.held).toBe(0n);
  });

  it('no hunter reaches the threshold → reward refunded, every stake returned', async () => {
    const t = await terms({ threshold: 4 });
    const id = await create(t);
    await commitAll(id, t, [h1, h2]);
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    await prove(id, t, h1, 0, 2);
    await warpPast(t.proveDeadline);
    const f = await finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t });
    expect(f.winner).toBeNull();
    await reverts(finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t }), 'WrongState');
    for (const h of [h1, h2]) await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h });
    expect((await getBounty(pub, { manager, bountyId: id }))).toMatchObject({ state: 'NoWinner', held: 0n });
  });

  it('the winner misses the hand-over deadline → its stake to the provider, reward back; a late hand-over is refused', async () => {
    const t = await terms();
    const id = await create(t);
    await commitAll(id, t, [h1, h2], 1); // the second architecture
    await warpPast(t.commitDeadline);
    await revealTestSet(wallet(provider), { manager, bountyId: id, terms: t, data: R, proof: revealProof });
    await prove(id, t, h1, 0, 2, 1);
    await reverts(prove(id, t, h2, 0, 2, 0), 'InvalidProof'); // a proof under the other architecture's key
    await warpPast(t.proveDeadline);
    await finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t });
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'expireHandover' }), 'TooEarly');
    const hv = await handoverProof(h1, t);
    await warpPast(t.handoverDeadline);
    await reverts(handOver(wallet(h1), { manager, bountyId: id, terms: t, ciphertext: hv.ciphertext, hunterPubX: hv.hk.pub[0], hunterPubY: hv.hk.pub[1], nonce: NONCE, proof: hv.proof }), 'TooLate');
    const x = await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'expireHandover' });
    expect(x.credited).toEqual([{ account: provider, amount: t.reward + t.stake }]);
    await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h2 });
    await reverts(settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h1 }), 'AlreadySettled');
    expect((await getBounty(pub, { manager, bountyId: id }))).toMatchObject({ state: 'HandoverMissed', held: 0n });
  });

  it('re-entrancy: a malicious receiver re-entering withdraw from its receive() is paid once; a refusing receiver keeps its credit', async () => {
    const src = fs.readFileSync(path.join(ROOT, 'contracts/test/ReentrantReceiver.sol'), 'utf8');
    const c = compileSolidity({ 'ReentrantReceiver.sol': src })['ReentrantReceiver.sol:ReentrantReceiver'];
    const evilAbi = c.abi;
    const deployEvil = async () => {
      const hash = await wallet(attacker).deployContract({ abi: evilAbi, bytecode: c.bytecode, account: attacker, chain: null });
      return (await pub.waitForTransactionReceipt({ hash })).contractAddress!;
    };
    const [evil, refuser] = [await deployEvil(), await deployEvil()];
    participants.push(evil, refuser);
    const exec = async (who: Address, data: Hex, value = 0n) => {
      const hash = await wallet(attacker).writeContract({ address: who, abi: evilAbi, functionName: 'exec', args: [manager, value, data], value, account: attacker, chain: null, gas: 2_000_000n } as never);
      return pub.waitForTransactionReceipt({ hash });
    };
    const t = await terms();
    const id = await create(t);
    for (const [who, k] of [[evil, 1n], [refuser, 2n]] as const) {
      expect((await exec(who, encodeFunctionData({ abi: bountyManagerAbi, functionName: 'commit', args: [id, t, 0n, k] }), t.stake)).status).toBe('success');
    }
    await warpPast(t.revealDeadline);
    await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' });
    for (const who of [evil, refuser]) await settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: who });
    const owed = t.stake + t.bond / 2n;
    expect(await getCredit(pub, { manager, account: evil })).toBe(owed);

    // evil re-enters withdraw from its receive() (up to 3 times): paid once, every re-entry refused.
    {
      const hash = await wallet(attacker).writeContract({ address: evil, abi: evilAbi, functionName: 'setup', args: [manager, encodeFunctionData({ abi: bountyManagerAbi, functionName: 'withdraw' }), false], account: attacker, chain: null } as never);
      await pub.waitForTransactionReceipt({ hash });
      const before = await balanceOf(manager);
      const r = await exec(evil, encodeFunctionData({ abi: bountyManagerAbi, functionName: 'withdraw' }));
      expect(r.status).toBe('success');
      expect(before - (await balanceOf(manager))).toBe(owed);
      expect(await getCredit(pub, { manager, account: evil })).toBe(0n);
    }
    const read = (fn: string) => pub.readContract({ address: evil, abi: evilAbi, functionName: fn } as never) as Promise<bigint>;
    expect(await read('received')).toBe(owed);
    expect(await read('reentries')).toBeGreaterThan(0n);
    expect(await read('reentrySucceeded')).toBe(0n);

    // The refusing receiver: withdraw reverts (TransferFailed), the credit stays for later.
    await (async () => {
      const hash = await wallet(attacker).writeContract({ address: refuser, abi: evilAbi, functionName: 'setup', args: [manager, '0x', true], account: attacker, chain: null } as never);
      await pub.waitForTransactionReceipt({ hash });
    })();
    const e = await pub.simulateContract({ address: refuser, abi: [...evilAbi, ...bountyManagerAbi.filter((x) => x.type === 'error')], functionName: 'exec', args: [manager, 0n, encodeFunctionData({ abi: bountyManagerAbi, functionName: 'withdraw' })], account: attacker } as never)
      .then(() => undefined, (x: unknown) => String(x));
    expect(e).toMatch(/TransferFailed/);
    expect(await getCredit(pub, { manager, account: refuser })).toBe(owed);
    const o = await owes([provider, h1, h2, h3, anyone, attacker, evil, refuser]);
    expect(o.balance).toBe(o.owed);
  });

  it('property (fast-check): random actions and time jumps — the balance always equals what is owed, and every bounty ends settled', async () => {
    const everyone = [provider, h1, h2, h3, anyone];
    const hunters = [h1, h2, h3];
    type Action =
      | { kind: 'commit'; h: number; arch: number }
      | { kind: 'reveal' }
      | { kind: 'prove'; h: number; batch: number; correct: number }
      | { kind: 'finalize' } | { kind: 'handOver' } | { kind: 'expire' } | { kind: 'close' }
      | { kind: 'returnStake'; h: number } | { kind: 'withdraw'; who: number }
      | { kind: 'warp'; seconds: number };
    const action: fc.Arbitrary<Action> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('commit' as const), h: fc.nat(2), arch: fc.nat(1) }), weight: 4 },
      { arbitrary: fc.constant({ kind: 'reveal' as const }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('prove' as const), h: fc.nat(2), batch: fc.nat(1), correct: fc.nat(2) }), weight: 4 },
      fc.constant({ kind: 'finalize' as const }), fc.constant({ kind: 'handOver' as const }),
      fc.constant({ kind: 'expire' as const }), fc.constant({ kind: 'close' as const }),
      fc.record({ kind: fc.constant('returnStake' as const), h: fc.nat(2) }),
      fc.record({ kind: fc.constant('withdraw' as const), who: fc.nat(4) }),
      fc.record({ kind: fc.constant('warp' as const), seconds: fc.constantFrom(300, 700, 1100) }),
    );
    const snapshot = (await pub.request({ method: 'evm_snapshot', params: [] } as never)) as Hex;
    let snap = snapshot;
    let runs = 0;
    let steps = 0;
    const errors = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 14 }), async (actions) => {
      runs++;
      await pub.request({ method: 'evm_revert', params: [snap] } as never);
      snap = (await pub.request({ method: 'evm_snapshot', params: [] } as never)) as Hex;
      const t = await terms({ threshold: 3 });
      const id = await create(t);
      const arch = new Map<Address, number>();
      const check = async () => {
        const o = await owes(everyone);
        expect(o.balance).toBe(o.owed);
      };
      const attempt = async (p: () => Promise<unknown>) => {
        try { await p(); steps++; } catch (e) {
          if (!(e instanceof ContractRevertedError)) throw e;
          errors.set(e.errorName ?? '?', (errors.get(e.errorName ?? '?') ?? 0) + 1);
        }
      };
      for (const a of actions) {
        const base = { manager, bountyId: id, terms: t };
        switch (a.kind) {
          case 'commit': await attempt(async () => { await commitModel(wallet(hunters[a.h]), { ...base, arch: a.arch, commitment: commitmentOf(hunters[a.h]) }); arch.set(hunters[a.h], a.arch); }); break;
          case 'reveal': await attempt(() => revealTestSet(wallet(provider), { ...base, data: R, proof: revealProof })); break;
          case 'prove': await attempt(() => prove(id, t, hunters[a.h], a.batch, a.correct, arch.get(hunters[a.h]) ?? 0)); break;
          case 'finalize': await attempt(() => finalizeBounty(wallet(anyone), base)); break;
          case 'handOver': {
            const b = await getBounty(pub, { manager, bountyId: id });
            const w = b?.leader && b.state === 'Awarded' ? b.leader : h1;
            const hv = await handoverProof(w, t);
            await attempt(() => handOver(wallet(w), { ...base, ciphertext: hv.ciphertext, hunterPubX: hv.hk.pub[0], hunterPubY: hv.hk.pub[1], nonce: NONCE, proof: hv.proof }));
            break;
          }
          case 'expire': await attempt(() => settleBounty(wallet(anyone), { ...base, action: 'expireHandover' })); break;
          case 'close': await attempt(() => settleBounty(wallet(anyone), { ...base, action: 'closeUnrevealed' })); break;
          case 'returnStake': await attempt(() => settleBounty(wallet(anyone), { ...base, action: 'returnStake', hunter: hunters[a.h] })); break;
          case 'withdraw': await attempt(() => withdraw(wallet(everyone[a.who]), { manager })); break;
          case 'warp': await warp(a.seconds); break;
        }
        await check();
      }
      // Settle: past every deadline, anyone's refunds end every path; then everybody withdraws.
      await warpPast(t.handoverDeadline);
      for (const p of [
        () => settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'closeUnrevealed' }),
        () => finalizeBounty(wallet(anyone), { manager, bountyId: id, terms: t }),
        () => settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'expireHandover' }),
        ...hunters.map((h) => () => settleBounty(wallet(anyone), { manager, bountyId: id, terms: t, action: 'returnStake', hunter: h })),
      ]) await attempt(p);
      await check();
      const b = await getBounty(pub, { manager, bountyId: id });
      expect(FINAL_STATES).toContain(b!.state);
      expect(b!.held).toBe(0n);
      for (const a of everyone) if ((await getCredit(pub, { manager, account: a })) > 0n) await withdraw(wallet(a), { manager });
      await check();
      // The state rebuilt from the logs agrees with the contract.
      expect((await rebuildBounties(pub, { manager })).get(id)!.state).toBe(b!.state);
    }), { numRuns: 20, seed: 1313, endOnFailure: true });
    await pub.request({ method: 'evm_revert', params: [snap] } as never);
    console.log(`property: ${runs} runs, ${steps} successful actions; refusals ${JSON.stringify(Object.fromEntries(errors))}`);
    expect(steps).toBeGreaterThan(runs * 2);
  });
});

