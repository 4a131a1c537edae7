/**
 * `zkml accuracy <project> --testset <revealed dir | calldata.bin> --bounty <id> --beneficiary <addr> [-o <dir>] [--batch B --classes C]`
 *
 * The hunter's accuracy proofs (docs/PROTOCOL.md §6): reads the revealed test set (calldata.bin, its
 * shape B/S/C from the roots.json/reveal.json next to it or from --batch/--classes), checks its root
 * against the committed testRoot when known, generates the model's accuracy circuit for (B, K),
 * compiles it, makes DEVELOPMENT keys, and proves every batch with `proveBatches` (src/app/pool): each
 * proof is written to batch-<k>.json the moment it exists, so a second run resumes (stored proofs are
 * checked against the expected public signals and re-verified). Writes summary.json: correct per batch
 * and in total, next to the circuit, keys and proofs (default folder <project>/accuracy-<bounty>).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCircuit } from '../../src/core/codegen/index.js';
import { generateAccuracyCircuit } from '../../src/core/codegen/accuracy.js';
import { testSetFromReveal, accuracyWitness, batchContents } from '../../src/core/testset/index.js';
import { loadModel } from '../../src/core/keras/load-model.js';
import { evaluateAccuracy } from '../../src/core/float/evaluate.js';
import { devSetup, readR1csCounts } from '../../src/zk/setup.js';
import { verify } from '../../src/zk/verify.js';
import { prove as proveOp } from '../../src/app/clients/snark-ops.js';
import {
  proveBatches, type BatchKey, type BatchProofStore, type StoredBatchProof, type BatchProver,
} from '../../src/app/pool/batch-pool.js';
import { readBytes, readJson, writeFile, writeJson, readModelFiles, artifact } from '../fs.js';
import { readProject, rel, isFile, initTf } from '../project.js';
import { type Io, silent, stopwatch, seconds, int, pct } from '../format.js';
import { ConsistencyError, DataError, UsageError } from '../errors.js';
import { compileMain } from './testset.js';

/** Batch proofs as files batch-<k>.json in one folder (the CLI's resume store). */
export class FileBatchProofStore implements BatchProofStore {
  constructor(readonly dir: string) { fs.mkdirSync(dir, { recursive: true }); }
  private file(k: number) { return path.join(this.dir, `batch-${k}.json`); }
  async get(key: BatchKey, k: number): Promise<StoredBatchProof | undefined> {
    if (!isFile(this.file(k))) return undefined;
    try {
      const r = JSON.parse(fs.readFileSync(this.file(k), 'utf8')) as StoredBatchProof;
      return r.bountyId === key.bountyId && r.circuit === key.circuit ? r : undefined;
    } catch { return undefined; }
  }
  async put(r: StoredBatchProof): Promise<void> { writeJson(this.file(r.batch), r); }
  async delete(_key: BatchKey, k: number): Promise<void> { fs.rmSync(this.file(k), { force: true }); }
}

export interface AccuracyCommandOptions extends Io {
  dir: string;
  testset: string;
  bounty: string;
  beneficiary: string;
  out?: string;
  batch?: number;
  classes?: number;
}

export interface AccuracySummary {
  format: 'zkml-accuracy/1';
  bountyId: string;
  beneficiary: string;
  testRoot: string;
  commitment: string;
  N: number; B: number; K: number; C: number;
  constraints: number;
  batches: { batch: number; correct: number; file: string; resumed: boolean; ms: number }[];
  correct: number;
  accuracy: number;
  keys: string;
  /** the local evaluation before proving */
  evaluation: { float: number; circuit: number; agreement: number };
}

export async function accuracyCommand(o: AccuracyCommandOptions): Promise<AccuracySummary> {
  const out = o.print ?? silent, err = o.progress ?? silent;
  const sw = stopwatch('accuracy', err);
  if (!/^\d+$/.test(o.bounty)) throw new UsageError(`--bounty must be a non-negative integer, got ${JSON.stringify(o.bounty)}`);
  if (!/^0x[0-9a-fA-F]{40}$/.test(o.beneficiary)) throw new UsageError(`--beneficiary must be a 0x-prefixed 20-byte address, got ${JSON.stringify(o.beneficiary)}`);
  const { q, report } = readProject(o.dir);

  // the revealed test set and its shape
  const calldataFile = isFile(o.testset) ? o.testset : path.join(o.testset, 'calldata.bin');
  const R = readBytes(calldataFile, 'reveal calldata');
  const meta = ['reveal.json', 'roots.json'].map((f) => path.join(path.dirname(calldataFile), f)).find(isFile);
  const info = meta ? (readJson(meta, path.basename(meta)) as { B?: number; C?: number; testRoot?: string }) : {};
  const B = o.batch ?? info.B;
  const C = o.classes ?? info.C;
  if (!B || !C) throw new UsageError(`the test set's batch size and classes are unknown: no reveal.json/roots.json next to ${rel(calldataFile)}; pass --batch B --classes C (the bounty's terms)`);
  const S = q.inputShape.reduce((a, b) => a * b, 1);
  const ts = testSetFromReveal(R, { B, S, C });
  if (info.testRoot !== undefined && ts.testRoot.toString() !== info.testRoot) {
    throw new ConsistencyError(`the revealed data gives testRoot ${ts.testRoot}, not the committed ${info.testRoot}`, { details: { revealed: ts.testRoot.toString(), committed: info.testRoot } });
  }
  sw.log(`test set: ${int(ts.K * B)} samples, K = ${ts.K} batches of ${B}, testRoot ${ts.testRoot}`);

  // local evaluation first: float (the project's copy of the Keras model) and exact circuit accuracy
  const all = Array.from({ length: ts.K }, (_, k) => batchContents(ts, k));
  await initTf();
  const model = await loadModel(readModelFiles(path.join(artifact(o.dir, 'model'), report.model.main)).files);
  const ev = await evaluateAccuracy(model, q, all.flatMap((b) => b.samples), all.flatMap((b) => b.labels), { batch: B });
  out(`local evaluation on the ${int(ev.n)} revealed samples: float ${pct(ev.floatAccuracy)}, circuit ${pct(ev.circuitAccuracy)} (what the proofs will show), agreement ${pct(ev.agreement)}`);

  // the accuracy circuit, compiled, with development keys
  const plan = generateCircuit(q, { input: report.input.visibility });
  const acc = generateAccuracyCircuit(q, plan, { batch: B, batches: ts.K, name: report.model.name });
  if (acc.C !== C) throw new DataError(`the model has ${acc.C} classes, the test set ${C}`, { details: { model: acc.C, testSet: C } });
  const outDir = o.out ?? path.join(o.dir, `accuracy-${o.bounty}`);
  fs.mkdirSync(outDir, { recursive: true });
  writeFile(path.join(outDir, 'accuracy.circom'), acc.source);
  sw.log(`accuracy circuit: ${int(acc.estimate.total)} constraints (${int(acc.estimate.perSample)} per sample); compiling…`);
  const { r1cs, wasm } = await compileMain(acc.source, (l) => sw.log(l));
  const constraints = readR1csCounts(r1cs).nConstraints;
  if (constraints !== acc.estimate.total) throw new ConsistencyError(`the compiled accuracy circuit has ${constraints} constraints, the estimate ${acc.estimate.total}`);
  const keyFile = path.join(outDir, 'accuracy.zkey');
  const vkeyFile = path.join(outDir, 'accuracy-vkey.json');
  const r1csFile = path.join(outDir, 'accuracy.r1cs');
  let zkey: Uint8Array, vkey: unknown;
  const same = isFile(r1csFile) && Buffer.compare(fs.readFileSync(r1csFile), Buffer.from(r1cs)) === 0 && isFile(keyFile) && isFile(vkeyFile);
  if (same) {
    zkey = readBytes(keyFile, 'zkey'); vkey = readJson(vkeyFile, 'verification key');
    sw.log('keys: reusing accuracy.zkey (same circuit)');
  } else {
    sw.log('development keys (public beacon, NOT FOR VALUE)…');
    const k = await devSetup({ r1cs });
    zkey = k.zkey; vkey = k.vkey;
    writeFile(r1csFile, r1cs); writeFile(path.join(outDir, 'accuracy.wasm'), wasm); writeFile(keyFile, zkey); writeJson(vkeyFile, vkey);
  }

  // one proof per batch, resumable
  const bind = { beneficiary: o.beneficiary as `0x${string}`, bountyId: BigInt(o.bounty) };
  const key: BatchKey = { bountyId: o.bounty, circuit: `${report.commitment}:${constraints}:${ts.testRoot}` };
  const prover: BatchProver = async (input, { onProgress }) => {
    const r = await proveOp({ scheme: 'groth16', wasm, zkey, input: input as never }, (p) => onProgress(p.fraction, p.stage));
    return { proof: r.proof, publicSignals: r.publicSignals };
  };
  let lastDone = -1;
  const res = await proveBatches({
    key, batches: ts.K, store: new FileBatchProofStore(outDir), provers: [prover],
    job: (k) => {
      const w = accuracyWitness(q, acc, ts, k, bind);
      const input = Object.fromEntries(Object.entries(w.input).map(([n, v]) => [n, Array.isArray(v) ? v.map(String) : String(v)]));
      return { input, publicSignals: w.publicSignals };
    },
    verify: (p) => verify({ scheme: 'groth16', vkey: vkey as never, proof: p.proof as never, publicSignals: p.publicSignals }),
    onProgress: (p) => {
      if (p.done === lastDone) return;
      lastDone = p.done;
      sw.log(`${p.done}/${p.total} batches (${p.resumed} resumed)${p.etaMs !== undefined ? `, about ${seconds(p.etaMs)} left` : ''}`);
    },
  });
  const batches = res.proofs.map((p) => ({ batch: p.batch, correct: Number(p.publicSignals[0]), file: `batch-${p.batch}.json`, resumed: res.resumed.includes(p.batch), ms: p.ms }));
  const correct = batches.reduce((a, b) => a + b.correct, 0);
  if (correct !== ev.circuitCorrect) throw new ConsistencyError(`the proofs count ${correct} correct, the integer reference ${ev.circuitCorrect}`);
  const summary: AccuracySummary = {
    format: 'zkml-accuracy/1', bountyId: o.bounty, beneficiary: o.beneficiary, testRoot: ts.testRoot.toString(), commitment: report.commitment,
    N: ts.K * B, B, K: ts.K, C, constraints, batches, correct, accuracy: correct / (ts.K * B), keys: 'development keys (public beacon) — NOT FOR VALUE',
    evaluation: { float: ev.floatAccuracy, circuit: ev.circuitAccuracy, agreement: ev.agreement },
  };
  writeJson(path.join(outDir, 'summary.json'), summary);
  out(`correct: ${int(correct)} of ${int(summary.N)} (${pct(summary.accuracy)}); per batch ${batches.map((b) => b.correct).join(', ')}`);
  out(`${res.proved.length} batch proofs made, ${res.resumed.length} resumed; wrote ${rel(outDir)}/summary.json and batch-*.json (${seconds(sw.total())})`);
  return summary;
}
