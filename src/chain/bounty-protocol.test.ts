/**
 * The whole bounty protocol with the REAL circuits, on a real anvil: the tiny model's accuracy circuit
 * (src/core/codegen/accuracy.ts, B = 3 samples a batch, K = 2 batches), the RevealTestSet circuit and the
 * Handover circuit for the tiny model's limbs, each with development Groth16 keys (not for value),
 * registered in the VerifierRegistry and pinned by the bounty. The provider commits a salted test set,
 * the hunter commits its model, the provider reveals (calldata + proof), the hunter re-reads the test
 * set from the chain and proves every batch bound to its own address, anyone finalizes, the winner
 * hands its weights over encrypted, and the provider decrypts them from the event to the committed
 * model. The stand-in circuits of bounty.test.ts cover every hole and deadline; this test shows that
 * the real pieces fit together.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { toHex, type Address, type PublicClient } from 'viem';
import { registerCircuit } from './register-circuit.js';
import { createBounty } from './create-bounty.js';
import { commitModel } from './commit-model.js';
import { revealTestSet } from './reveal-test-set.js';
import { submitBatchProof } from './submit-batch-proof.js';
import { finalizeBounty } from './finalize-bounty.js';
import { handOver } from './hand-over.js';
import { withdraw } from './withdraw.js';
import { getCredit } from './get-credit.js';
import { getBounty } from './get-bounty.js';
import { getRevealedTestSet } from './get-revealed-test-set.js';
import { rebuildBounties } from './rebuild-bounties.js';
import { ContractRevertedError } from './errors.js';
import type { BountyTerms } from './bounty-calldata.js';
import { loadModel } from '../core/keras/load-model.js';
import { transpile } from '../core/transpile.js';
import { infer } from '../core/witness/run.js';
import { byteToFixed } from '../core/witness/byte-to-fixed.js';
import { modelCommitment, modelLimbs, modelParams } from '../core/commit/model.js';
import { architectureOf, archHash } from '../core/commit/architecture.js';
import { generateAccuracyCircuit } from '../core/codegen/accuracy.js';
import { commitTestSet, revealWitness, accuracyWitness, testSetFromReveal, batchContents } from '../core/testset/index.js';
import { handoverWitness, openModel } from '../core/handover/handover.js';
import { handoverLimbCounts } from '../core/handover/limbs.js';
import { rebuildGraph } from '../core/handover/rebuild.js';
import { generateKeyPair, generateHunterKeyPair } from '../core/handover/keys.js';
import { standIn, proveStandIn, startBountyChain, type StandIn, type BountyChain } from '../../tests/helpers/bounty.js';
import { tinyModelFiles } from '../../tests/helpers/tiny-model.js';

const B = 3, K = 2, C = 3;

describe('the bounty protocol end to end with the real circuits (tiny model, real anvil)', () => {
  let chain: BountyChain;
  let pub: PublicClient, accounts: Address[], registry: Address, manager: Address;
  const wallet = (a: Address) => chain.wallet(a);

  beforeAll(async () => {
    chain = await startBountyChain();
    ({ pub, accounts, registry, manager } = chain);
  });

  afterAll(async () => {
    await chain?.anvil.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('create → commit → reveal → prove every batch → finalize → hand-over → the provider decrypts the committed model', async () => {
    const [provider, hunter, thief, anyone] = accounts as [Address, Address, Address, Address];
    // the hunter's model and its circuits; the provider accepts this architecture
    const t = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    const acc = generateAccuracyCircuit(t.q, t.plan, { batch: B, batches: K, name: 'tiny' });
    const { lw, lb } = handoverLimbCounts(t.plan);

    // the provider's test set: 6 samples, salted, committed before anyone commits a model
    let s = 5;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
    const samples = Array.from({ length: B * K }, () => Uint8Array.from({ length: 9 }, next));
    const predicted = samples.map((x) => Number(infer(t.q, Array.from(x, (v) => byteToFixed(v, t.q.inputScale))).output[0]));
    const labels = predicted.map((p, i) => (i === 1 ? (p + 1) % C : p)); // one wrong: 5 of 6 right
    const ts = commitTestSet(samples, labels, B, { classes: C });
    const providerKey = generateKeyPair(new Uint8Array(32).fill(9));

    const [accC, revealC, handoverC]: StandIn[] = await Promise.all([
      standIn('protocol-accuracy', acc.source),
      standIn('protocol-reveal', `pragma circom 2.2.3;\ninclude "reveal-test-set.circom";\ncomponent main {public [rho]} = RevealTestSet(${ts.K}, ${ts.m});\n`),
      standIn('protocol-handover', `pragma circom 2.2.3;\ninclude "handover.circom";\ncomponent main {public [providerPubX, providerPubY, nonce, rho]} = Handover(${lw}, ${lb});\n`),
    ]);
    for (const c of [accC, revealC, handoverC]) await registerCircuit(wallet(provider), { registry, scheme: 'groth16', vkey: c.vkey });

    const t0 = (await pub.getBlock()).timestamp;
    const terms: BountyTerms = {
      provider, reward: 1_000_000n, bond: 100_000n, stake: 10_000n, testRoot: ts.testRoot, n: B * K, batchSize: B, sampleBytes: 9, classes: C,
      threshold: 4, commitDeadline: t0 + 1000n, revealDeadline: t0 + 2000n, proveDeadline: t0 + 3000n, handoverDeadline: t0 + 4000n,
      providerPubX: providerKey.pub[0], providerPubY: providerKey.pub[1],
      revealCircuitId: revealC.circuitId, accuracyCircuitIds: [accC.circuitId], handoverCircuitIds: [handoverC.circuitId],
    };
    const { bountyId } = await createBounty(wallet(provider), { manager, terms, datasetCid: '' });
    const commitment = modelCommitment(t.q);
    await commitModel(wallet(hunter), { manager, bountyId, terms, arch: 0, commitment });

    const warpPast = async (deadline: bigint) => {
      const now = (await pub.getBlock()).timestamp;
      await pub.request({ method: 'evm_increaseTime', params: [toHex(deadline - now + 1n)] } as never);
      await pub.request({ method: 'evm_mine', params: [] } as never);
    };
    await warpPast(terms.commitDeadline);

    // the reveal: calldata + a proof that it is the committed set at the contract's own (ρ, e)
    const rw = revealWitness(ts);
    const rp = await proveStandIn(revealC, rw.input);
    expect(rp.publicSignals).toEqual(rw.publicSignals);
    await revealTestSet(wallet(provider), { manager, bountyId, terms, data: rw.calldata, proof: rp.proof });

    // the hunter reads the test set back from the chain and proves each batch, bound to its address
    const revealed = (await getRevealedTestSet(pub, { manager, bountyId }))!;
    expect(revealed).not.toBeNull();
    const seen = testSetFromReveal(revealed.data, { B, S: 9, C });
    expect(seen.testRoot).toBe(ts.testRoot);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const aw = accuracyWitness(t.q, acc, seen, k, { beneficiary: hunter, bountyId });
      const p = await proveStandIn(accC, aw.input);
      const correct = Number(p.publicSignals[0]);
      total += correct;
      // the same proof sent by another account pays nobody: the beneficiary is a public signal
      const stolen = await submitBatchProof(wallet(thief), { manager, bountyId, terms, batchIndex: k, correct, proof: p.proof }).then(() => undefined, (e: unknown) => e);
      expect(stolen).toBeInstanceOf(ContractRevertedError);
      const r = await submitBatchProof(wallet(hunter), { manager, bountyId, terms, batchIndex: k, correct, proof: p.proof });
      expect(r.gasUsed).toBeGreaterThan(0n);
    }
    expect(total).toBe(labels.filter((l, i) => l === predicted[i]).length);
    expect(total).toBe(5);

    await warpPast(terms.proveDeadline);
    await finalizeBounty(wallet(anyone), { manager, bountyId, terms });
    expect(await getBounty(pub, { manager, bountyId })).toMatchObject({ state: 'Awarded' });

    // the hand-over: the weights that won, encrypted to the provider's key, with a proof that they are the committed model
    const { weightLimbs, biasLimbs } = modelLimbs(t.q);
    const arch = archHash(architectureOf(t.q));
    const hunterKey = generateHunterKeyPair(new Uint8Array(32).fill(3));
    const hw = handoverWitness({ weightLimbs, biasLimbs, archHash: arch, hunterSk: hunterKey.sk, providerPub: providerKey.pub, nonce: 77n });
    const hp = await proveStandIn(handoverC, hw.input);
    await handOver(wallet(hunter), { manager, bountyId, terms, ciphertext: hw.ciphertext, hunterPubX: hw.hunterPub[0], hunterPubY: hw.hunterPub[1], nonce: 77n, proof: hp.proof });
    expect(await getBounty(pub, { manager, bountyId })).toMatchObject({ state: 'HandedOver' });

    // the provider rebuilds the hand-over from the chain's events and decrypts exactly the committed model
    const v = (await rebuildBounties(pub, { manager })).get(bountyId)!;
    const opened = openModel({
      ciphertext: v.handOver!.ciphertext, providerSk: providerKey.sk, hunterPub: [v.handOver!.hunterPubX, v.handOver!.hunterPubY],
      nonce: v.handOver!.nonce, shape: t.plan, archHash: arch, commitment,
    });
    const params = modelParams(t.q);
    expect(opened.weights).toEqual(params.weights);
    expect(opened.biases).toEqual(params.biases);
    // the model rebuilt from the published architecture and the decrypted weights predicts, on the
    // revealed test set, exactly the count the accuracy proofs claimed
    const rebuilt = rebuildGraph(architectureOf(t.q), opened, commitment);
    const recount = seen.batches.flatMap((_, k) => batchContents(seen, k).samples.map((x, i) => ({ x, label: batchContents(seen, k).labels[i]! })))
      .filter(({ x, label }) => Number(infer(rebuilt, Array.from(x, (v) => byteToFixed(v, rebuilt.inputScale))).output[0]) === label).length;
    expect(recount).toBe(total);

    // the winner is paid: reward + its stake, pulled with withdraw
    expect(await getCredit(pub, { manager, account: hunter })).toBe(terms.reward + terms.stake);
    await withdraw(wallet(hunter), { manager, account: hunter });
    expect(await getCredit(pub, { manager, account: hunter })).toBe(0n);
    // and the provider gets its bond back: the contract then holds nothing
    expect(await getCredit(pub, { manager, account: provider })).toBe(terms.bond);
    await withdraw(wallet(provider), { manager, account: provider });
    expect(await pub.getBalance({ address: manager })).toBe(0n);
  }, 1_800_000);
});
