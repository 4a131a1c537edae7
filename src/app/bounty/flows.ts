/**
 * What each party computes, in the order src/chain/bounty-protocol.test.ts does it, over the app's
 * workers (compile, development setup, proving) and the src/chain actions. No UI here: the pages
 * call these with a stage callback and show the result.
 */
import type { Address, Hex } from 'viem';
import type { Clients } from '../clients/index.js';
import type { SendContext } from './session.js';
import type { BountyView } from '../../chain/rebuild-bounties.js';
import type { BountyTerms } from '../../chain/bounty-calldata.js';
import { proofToCalldata } from '../../chain/calldata.js';
import { registerCircuit } from '../../chain/register-circuit.js';
import { createBounty } from '../../chain/create-bounty.js';
import { commitModel } from '../../chain/commit-model.js';
import { revealTestSet } from '../../chain/reveal-test-set.js';
import { submitBatchProof } from '../../chain/submit-batch-proof.js';
import { handOver } from '../../chain/hand-over.js';
import { parseQGraph } from '../../core/quantize/serialize.js';
import type { QGraph } from '../../core/quantize/types.js';
import { architectureOf, archHash, graphFromArchitecture, type Architecture } from '../../core/commit/architecture.js';
import { modelCommitment, modelLimbs } from '../../core/commit/model.js';
import { commitTestSet, revealWitness, accuracyWitness, testSetFromReveal, batchContents, type TestSet } from '../../core/testset/index.js';
import { handoverWitness, randomNonce } from '../../core/handover/handover.js';
import { generateHunterKeyPair, type KeyPair } from '../../core/handover/keys.js';
import { openAndRebuild, rebuiltModelFiles, type RebuildRecord } from '../../core/handover/rebuild.js';
import { poolSize, proofMiBOf, type PoolProgress, type StoredBatchProof } from '../pool/batch-pool.js';
import { proveBatchesInWorkers } from '../pool/resident-pool.js';
import { IdbBatchProofStore } from '../pool/proof-store.js';
import { bountySources, accuracyPlanOf, buildCircuit, type BuiltCircuit } from './circuits.js';
import { encodeBountyInfo, parseBountyInfo } from './info.js';
import { ZkmlError } from '../../core/errors.js';

export class BountyFlowError extends ZkmlError {
  override name = 'BountyFlowError';
}

type Stage = (s: string) => void;

// ------------------------------------------------------------------------------------------ models

export interface PreparedModel {
  q: QGraph;
  arch: Architecture;
  archHash: bigint;
  commitment: bigint;
  files: { name: string; bytes: Uint8Array }[];
}

/** A dropped Keras/tfjs model, transpiled in the transpile worker for inputs in [0, 1] (PROTOCOL §6). */
export async function prepareModel(clients: Clients, files: { name: string; bytes: Uint8Array }[]): Promise<PreparedModel> {
  const r = await clients.transpile.transpile(files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })), { inputRange: [0, 1] });
  const q = parseQGraph(r.quantization);
  const arch = architectureOf(q);
  return { q, arch, archHash: archHash(arch), commitment: modelCommitment(q), files };
}

/** Which accepted architecture a model has (its index, the `arch` it commits under), or -1. */
export function architectureIndex(b: BountyView, m: PreparedModel): number {
  return parseBountyInfo(b.datasetCid).architectures.findIndex((a) => archHash(a) === m.archHash);
}

// ---------------------------------------------------------------------------------------- provider

export interface CreateInput {
  architecture: Architecture;
  samples: Uint8Array[];
  labels: number[];
  batchSize: number;
  threshold: number;
  reward: bigint;
  bond: bigint;
  stake: bigint;
  /** seconds from the chain's now */
  durations: { commit: number; reveal: number; prove: number; handover: number };
  dataset: string;
  providerKey: KeyPair;
}

/** Commits the test set (fresh salts), without sending anything: the caller stores it first. */
export function commitProviderTestSet(inp: Pick<CreateInput, 'architecture' | 'samples' | 'labels' | 'batchSize'>): { ts: TestSet; C: number; S: number } {
  const K = inp.samples.length / inp.batchSize;
  const { acc } = bountySources(inp.architecture, { B: inp.batchSize, K: Number.isInteger(K) && K > 0 ? K : 1 });
  if (inp.samples.some((s) => s.length !== acc.S)) throw new BountyFlowError(`every test sample must have ${acc.S} bytes (the architecture's input ${inp.architecture.inputShape.join('×')}); one has ${inp.samples.find((s) => s.length !== acc.S)!.length}`);
  return { ts: commitTestSet(inp.samples, inp.labels, inp.batchSize, { classes: acc.C, sampleSize: acc.S }), C: acc.C, S: acc.S };
}

export interface Created { bountyId: bigint; terms: BountyTerms; circuits: BuiltCircuit[] }

/** Compile + dev-setup + register the three circuits, then create the bounty (reward + bond escrowed). */
export async function createFlow(clients: Clients, send: <T extends { hash: Hex; gasUsed: bigint }>(label: string, f: (s: SendContext) => Promise<T>) => Promise<T>, s: SendContext, inp: CreateInput, ts: TestSet, stage: Stage): Promise<Created> {
  const src = bountySources(inp.architecture, { B: ts.B, K: ts.K });
  const circuits: BuiltCircuit[] = [];
  for (const [role, source] of [['accuracy', src.accuracy], ['reveal', src.reveal], ['handover', src.handover]] as const) {
    const c = await buildCircuit(clients, role, source, stage);
    circuits.push(c);
    stage(`registering the ${role} circuit`);
    const existing = await registerCircuit(s.client, { registry: s.chain.registry, scheme: 'groth16', vkey: c.vkey, account: s.client.account! }).catch((e: unknown) => { throw e; });
    if (existing.status === 'registered') await send(`register the ${role} circuit`, async () => existing);
  }
  const [acc, reveal, handover] = circuits as [BuiltCircuit, BuiltCircuit, BuiltCircuit];
  const now = await s.chain.now();
  const d = inp.durations;
  const commitDeadline = now + BigInt(d.commit);
  const terms: BountyTerms = {
    provider: s.address, reward: inp.reward, bond: inp.bond, stake: inp.stake, testRoot: ts.testRoot, n: ts.K * ts.B, batchSize: ts.B,
    sampleBytes: ts.S, classes: ts.C, threshold: inp.threshold,
    commitDeadline, revealDeadline: commitDeadline + BigInt(d.reveal), proveDeadline: commitDeadline + BigInt(d.reveal + d.prove),
    handoverDeadline: commitDeadline + BigInt(d.reveal + d.prove + d.handover),
    providerPubX: inp.providerKey.pub[0], providerPubY: inp.providerKey.pub[1],
    revealCircuitId: reveal.circuitId, accuracyCircuitIds: [acc.circuitId], handoverCircuitIds: [handover.circuitId],
  };
  stage('creating the bounty');
  const r = await send('create the bounty', (x) => createBounty(x.client, { manager: x.chain.manager, terms, datasetCid: encodeBountyInfo({ dataset: inp.dataset, architectures: [inp.architecture] }), account: x.client.account! }));
  return { bountyId: r.bountyId, terms, circuits };
}

/** The reveal: calldata R and a RevealTestSet proof at the contract's own (ρ, e). */
export async function revealFlow(clients: Clients, send: CreateSend, b: BountyView, ts: TestSet, stage: Stage): Promise<void> {
  if (ts.testRoot !== b.terms.testRoot) throw new BountyFlowError('the stored test set is not the one this bounty committed to (another testRoot)');
  const src = bountySources(parseBountyInfo(b.datasetCid).architectures[0]!, { B: ts.B, K: ts.K });
  const c = await buildCircuit(clients, 'reveal', src.reveal, stage);
  if (c.circuitId !== b.terms.revealCircuitId) throw new BountyFlowError('the reveal circuit built here is not the one the bounty registered (another key)');
  const rw = revealWitness(ts);
  stage('proving the reveal');
  const p = await clients.snark.prove({ scheme: 'groth16', wasm: c.wasm, zkey: c.zkey, input: rw.input as never });
  stage('sending the reveal');
  await send('reveal the test set', (x) => revealTestSet(x.client, { manager: x.chain.manager, bountyId: b.bountyId, terms: b.terms, data: rw.calldata, proof: proofToCalldata('groth16', p.proof as never), account: x.client.account! }));
}

type CreateSend = <T extends { hash: Hex; gasUsed: bigint }>(label: string, f: (s: SendContext) => Promise<T>) => Promise<T>;

export interface Received {
  modelJson: Uint8Array;
  weightsBin: Uint8Array;
  h5: Uint8Array;
  commitment: bigint;
  /** the rebuilt model's class for every revealed sample, and the labels */
  predictions: number[];
  labels: number[];
  correct: number;
  layers: string[];
  /** the transpile options that give the committed graph back (./open-in-studio.ts transpiles with them) */
  record: RebuildRecord;
}

/** Decrypt the hand-over from the chain's event, check the commitment, rebuild, recount the accuracy on the revealed set. */
export async function receiveFlow(b: BountyView, revealed: Uint8Array, key: KeyPair, stage: Stage): Promise<Received> {
  const h = b.handOver;
  const winner = b.hunters.find((x) => x.hunter.toLowerCase() === b.winner?.toLowerCase());
  if (!h || !winner) throw new BountyFlowError('no hand-over on chain for this bounty yet');
  const architecture = parseBountyInfo(b.datasetCid).architectures[winner.arch];
  if (!architecture) throw new BountyFlowError('the bounty does not publish the winner\'s architecture: the model cannot be rebuilt here (use the Keys page with its architecture.json)');
  stage('decrypting and checking the commitment');
  const { graph } = openAndRebuild({ ciphertext: h.ciphertext, providerSk: key.sk, hunterPub: [h.hunterPubX, h.hunterPubY], nonce: h.nonce, architecture, commitment: winner.commitment });
  stage('recounting the accuracy on the revealed test set');
  const { circuitClass } = await import('../../core/float/evaluate.js');
  const seen = testSetFromReveal(revealed, { B: b.terms.batchSize, S: b.terms.sampleBytes, C: b.terms.classes });
  const all = seen.batches.flatMap((_, k) => { const c = batchContents(seen, k); return c.samples.map((x, i) => ({ x, label: c.labels[i]! })); });
  const predictions = all.map(({ x }) => circuitClass(graph, x));
  const labels = all.map((s) => s.label);
  stage('writing the tfjs and Keras files');
  const f = await rebuiltModelFiles(graph);
  return {
    modelJson: f.modelJson, weightsBin: f.weightsBin, h5: f.h5, commitment: winner.commitment, predictions, labels,
    correct: predictions.filter((p, i) => p === labels[i]).length, layers: f.floatModel.layers.map((l) => l.className), record: f.record,
  };
}

// ------------------------------------------------------------------------------------------ hunter

export async function commitFlow(send: CreateSend, b: BountyView, m: PreparedModel, arch: number): Promise<void> {
  await send('commit the model', (x) => commitModel(x.client, { manager: x.chain.manager, bountyId: b.bountyId, terms: b.terms, arch, commitment: m.commitment, account: x.client.account! }));
}

export interface HunterEvaluation {
  /** the model's circuit class for each revealed sample (the accuracy circuit's semantics) */
  circuit: number[];
  float?: number[];
  labels: number[];
  circuitCorrect: number;
  floatCorrect?: number;
}

/** Float (tfjs) and circuit accuracy of the hunter's model on the revealed test set, before proving. */
export async function evaluateFlow(m: PreparedModel, seen: TestSet): Promise<HunterEvaluation> {
  const { evaluateAccuracy, circuitClass } = await import('../../core/float/evaluate.js');
  const all = seen.batches.flatMap((_, k) => { const c = batchContents(seen, k); return c.samples.map((x, i) => ({ x, label: c.labels[i]! })); });
  const labels = all.map((s) => s.label);
  const circuit = all.map(({ x }) => circuitClass(m.q, x));
  const circuitCorrect = circuit.filter((p, i) => p === labels[i]).length;
  try {
    const { loadModel } = await import('../../core/keras/load-model.js');
    const model = await loadModel(m.files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })));
    const ev = await evaluateAccuracy(model, m.q, all.map((s) => s.x), labels);
    return { circuit, labels, circuitCorrect, float: ev.floatClasses, floatCorrect: ev.floatClasses.filter((p, i) => p === labels[i]).length };
  } catch {
    return { circuit, labels, circuitCorrect };
  }
}

/** The accuracy circuit of the hunter's architecture; refused unless its key is the one the bounty pinned (the audit). */
export async function hunterAccuracyCircuit(clients: Clients, b: BountyView, m: PreparedModel, arch: number, stage: Stage): Promise<{ c: BuiltCircuit; acc: ReturnType<typeof accuracyPlanOf>['acc'] }> {
  const K = b.terms.n / b.terms.batchSize;
  const { acc } = accuracyPlanOf(m.q, { B: b.terms.batchSize, K });
  // compiled from the architecture, as the provider and the audit do: the same source (the model's own differs in
  // comments only), so a circuit the audit built is reused from circuits.ts's cache
  const source = accuracyPlanOf(graphFromArchitecture(m.arch), { B: b.terms.batchSize, K }).acc.source;
  const c = await buildCircuit(clients, 'accuracy', source, stage);
  if (c.circuitId !== b.terms.accuracyCircuitIds[arch]) throw new BountyFlowError(`the accuracy circuit of this model (${c.circuitId.slice(0, 10)}…) is not the one the bounty accepts (${String(b.terms.accuracyCircuitIds[arch]).slice(0, 10)}…): another architecture or another compiler`);
  return { c, acc };
}

/** Proves every batch in the worker pool (resumable: IndexedDB), bound to the hunter's address and the bounty. */
export async function proveFlow(clients: Clients, b: BountyView, m: PreparedModel, arch: number, revealed: Uint8Array, beneficiary: Address, onProgress: (p: PoolProgress) => void, signal: AbortSignal, stage: Stage): Promise<{ proofs: StoredBatchProof[]; vkey: BuiltCircuit['vkey'] }> {
  const { c, acc } = await hunterAccuracyCircuit(clients, b, m, arch, stage);
  const seen = testSetFromReveal(revealed, { B: b.terms.batchSize, S: b.terms.sampleBytes, C: b.terms.classes });
  if (seen.testRoot !== b.terms.testRoot) throw new BountyFlowError('the revealed data does not give the bounty\'s testRoot');
  stage('proving the batches');
  const store = await IdbBatchProofStore.open();
  // pool workers that receive the wasm and zkey once and keep them for every batch (only inputs cross); they end with the pool
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
  const r = await proveBatchesInWorkers({
    key: { bountyId: b.bountyId.toString(), circuit: `${c.circuitId}:${beneficiary.toLowerCase()}` },
    batches: seen.K,
    job: (k) => { const w = accuracyWitness(m.q, acc, seen, k, { beneficiary, bountyId: b.bountyId }); return { input: w.input, publicSignals: w.publicSignals }; },
    keys: { wasm: c.wasm, zkey: c.zkey },
    workers: poolSize({ hardwareConcurrency: nav?.hardwareConcurrency, deviceMemory: nav?.deviceMemory, batches: seen.K, proofMiB: proofMiBOf(c.zkey.byteLength) }).workers,
    store,
    verify: async (p) => (await clients.snark.verify({ scheme: 'groth16', vkey: c.vkey, proof: p.proof as never, publicSignals: p.publicSignals })).valid,
    onProgress, signal,
  });
  return { proofs: r.proofs, vkey: c.vkey };
}

/** Sends every proved batch the chain does not count yet. */
export async function submitFlow(send: CreateSend, b: BountyView, proofs: StoredBatchProof[], hunter: Address, stage: Stage): Promise<number> {
  const me = b.hunters.find((h) => h.hunter.toLowerCase() === hunter.toLowerCase());
  let sent = 0;
  for (const p of proofs) {
    if (me?.batches.includes(p.batch)) continue;
    stage(`submitting batch ${p.batch + 1} of ${proofs.length}`);
    await send(`submit batch ${p.batch}`, (x) => submitBatchProof(x.client, {
      manager: x.chain.manager, bountyId: b.bountyId, terms: b.terms, batchIndex: p.batch, correct: Number(p.publicSignals[0]),
      proof: proofToCalldata('groth16', p.proof as never), account: x.client.account!,
    }));
    sent++;
  }
  return sent;
}

interface PreparedHandover { hw: ReturnType<typeof handoverWitness>; nonce: bigint; proof: unknown }
/** Hand-over proofs made ahead, by bounty, model commitment and circuit (per page; a reload makes a fresh one). */
const preparedHandovers = new Map<string, Promise<PreparedHandover>>();
const handoverKey = (b: BountyView, m: PreparedModel, arch: number) => `${b.bountyId}:${m.commitment}:${b.terms.handoverCircuitIds[arch]}`;

/** The Handover circuit for this bounty and model, checked against the one the bounty accepts, and a fresh proof. */
async function makeHandover(clients: Clients, b: BountyView, m: PreparedModel, arch: number, stage?: Stage): Promise<PreparedHandover> {
  const src = bountySources(m.arch, { B: b.terms.batchSize, K: b.terms.n / b.terms.batchSize });
  // the snark worker builds its curve while the circuit compiles (a no-op when it is already built)
  clients.snark.warmup().catch(() => undefined);
  const c = await buildCircuit(clients, 'handover', src.handover, stage);
  if (c.circuitId !== b.terms.handoverCircuitIds[arch]) throw new BountyFlowError('the hand-over circuit built here is not the one the bounty accepts (another key)');
  const { weightLimbs, biasLimbs } = modelLimbs(m.q);
  const hunterKey = generateHunterKeyPair(); // fresh per hand-over, in the Handover circuit's key range
  const nonce = randomNonce();
  stage?.('encrypting the weights to the provider\'s key');
  const hw = handoverWitness({ weightLimbs, biasLimbs, archHash: m.archHash, hunterSk: hunterKey.sk, providerPub: [b.terms.providerPubX, b.terms.providerPubY], nonce });
  stage?.('proving the hand-over');
  const p = await clients.snark.prove({ scheme: 'groth16', wasm: c.wasm, zkey: c.zkey, input: hw.input as never });
  return { hw, nonce, proof: p.proof };
}

/**
 * Prepares the hand-over when the winner's step opens: builds the Handover circuit and keys and makes the
 * proof in the background (the hunter key and nonce are fresh and nothing the proof depends on can change
 * while the bounty is Awarded), so the click waits for the transaction only. Failures are not reported
 * here: handOverFlow then proves again and reports its own.
 */
export function prepareHandover(clients: Clients, b: BountyView, m: PreparedModel, arch: number): void {
  const key = handoverKey(b, m, arch);
  if (preparedHandovers.has(key)) return;
  const made = makeHandover(clients, b, m, arch);
  made.catch(() => { if (preparedHandovers.get(key) === made) preparedHandovers.delete(key); });
  preparedHandovers.set(key, made);
}

/** The winner's hand-over: its weights encrypted to the bounty's provider key, with a Handover proof (made ahead by prepareHandover when it could). */
export async function handOverFlow(clients: Clients, send: CreateSend, b: BountyView, m: PreparedModel, arch: number, stage: Stage): Promise<void> {
  const key = handoverKey(b, m, arch);
  const ahead = preparedHandovers.get(key);
  let h: PreparedHandover | undefined;
  if (ahead) {
    stage('finishing the hand-over proof prepared when this step opened');
    h = await ahead.catch(() => undefined);
  }
  h ??= await makeHandover(clients, b, m, arch, stage);
  const { hw, nonce, proof } = h;
  stage('sending the hand-over');
  await send('hand the model over', (x) => handOver(x.client, {
    manager: x.chain.manager, bountyId: b.bountyId, terms: b.terms, ciphertext: hw.ciphertext, hunterPubX: hw.hunterPub[0], hunterPubY: hw.hunterPub[1],
    nonce, proof: proofToCalldata('groth16', proof as never), account: x.client.account!,
  }));
  preparedHandovers.delete(key);
}

/** "My accuracy on bounty X": one batch proof as a share link (H2's accuracy-link kind, verified by the link viewer). */
export async function accuracyShareLink(b: BountyView, p: StoredBatchProof, vkey: BuiltCircuit['vkey'], chain: { chainId: number; manager: string }): Promise<string> {
  const { encodeAccuracyLink } = await import('../../core/share/accuracy-link.js');
  const [correct, commitment, testRoot, batchIndex, beneficiary] = p.publicSignals;
  return encodeAccuracyLink({
    scheme: 'groth16', proof: p.proof as never, publicSignals: p.publicSignals, vkey,
    meta: {
      bountyId: b.bountyId.toString(), batchIndex: Number(batchIndex), correct: Number(correct), batchSize: b.terms.batchSize, batches: b.terms.n / b.terms.batchSize,
      modelCommitment: commitment!, testRoot: testRoot!, beneficiary: `0x${BigInt(beneficiary!).toString(16).padStart(40, '0')}`,
      chainId: chain.chainId, manager: chain.manager, title: `My accuracy on bounty #${b.bountyId}`, createdAt: p.createdAt,
    },
  });
}
