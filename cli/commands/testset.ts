/**
 * The provider's side of a bounty's test set (docs/PROTOCOL.md §4–5):
 *
 *   zkml testset commit <dataset-dir> --batch B [--classes C] -o <dir>
 *     → roots.json (testRoot, batchRoots, N, B, K, …: publish testRoot at bounty creation)
 *       salts.json (one secret 31-byte salt per batch: KEEP IT, and keep it private until the reveal)
 *   zkml testset reveal-proof <dir>
 *     → calldata.bin (the reveal R), reveal.json (ρ, e, testRoot), reveal-proof.json (Groth16, DEVELOPMENT keys),
 *       reveal-vkey.json
 *
 * A dataset dir is a flat folder of samples (PGM/PNG/uint8) with labels.json (and optionally
 * dataset.json), as `zkml dataset add` takes it; labels must be class indices.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareDataset, decodeSample } from '../../src/core/dataset/index.js';
import { commitTestSet, revealWitness, type TestSet } from '../../src/core/testset/index.js';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles, circomWasmBytes } from '../../src/zk/circom-node.js';
import { devSetup, readR1csCounts } from '../../src/zk/setup.js';
import { prove } from '../../src/zk/prove.js';
import { verify } from '../../src/zk/verify.js';
import { readJson, writeFile, writeJson } from '../fs.js';
import { rel } from '../project.js';
import { type Io, silent, stopwatch, seconds, int } from '../format.js';
import { ConsistencyError, DataError, FileError } from '../errors.js';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const unhex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));

export interface RootsFile {
  format: 'zkml-testset-roots/1';
  testRoot: string;
  batchRoots: string[];
  N: number; B: number; K: number; S: number; C: number; m: number; D: number;
  shape: number[];
  /** where the samples are (read again by reveal-proof) and in which order */
  dataset: string;
  samples: string[];
}

export interface SaltsFile {
  format: 'zkml-testset-salts/1';
  warning: string;
  testRoot: string;
  salts: string[];
}

export const SALTS_WARNING = 'KEEP THIS FILE, AND KEEP IT SECRET UNTIL THE REVEAL: without it the test set cannot be revealed (the bounty cannot be settled); with it anyone can test guesses of the hidden samples against testRoot.';

/** A dataset folder → its uint8 samples (row-major, channels last) and integer labels, in labels.json order. */
export async function readLabelledDataset(dir: string): Promise<{ samples: Uint8Array[]; labels: number[]; names: string[]; shape: number[] }> {
  let names: string[];
  try { names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()); } catch (e) {
    throw new FileError(`cannot read the dataset folder ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const files = names.map((n) => ({ path: n, content: new Uint8Array(fs.readFileSync(path.join(dir, n))) }));
  const ds = await prepareDataset(files);
  const byName = new Map(files.map((f) => [f.path, f.content]));
  const samples: Uint8Array[] = [];
  const labels: number[] = [];
  for (const s of ds.samples) {
    if (typeof s.label !== 'number' || !Number.isInteger(s.label) || s.label < 0) {
      throw new DataError(`${s.name}: label ${JSON.stringify(s.label)} is not a class index (labels.json must hold integers ≥ 0 for a test set)`, { details: { file: s.name, label: s.label } });
    }
    samples.push((await decodeSample(ds.manifest, s.name, byName.get(s.name)!)).raw);
    labels.push(s.label);
  }
  return { samples, labels, names: ds.samples.map((s) => s.name), shape: [...ds.manifest.input.shape] };
}

export interface TestsetCommitOptions extends Io {
  dataset: string;
  batch: number;
  classes?: number;
  out: string;
}

export async function testsetCommitCommand(o: TestsetCommitOptions): Promise<{ ts: TestSet; roots: RootsFile }> {
  const out = o.print ?? silent, err = o.progress ?? silent;
  const sw = stopwatch('testset commit', err);
  const { samples, labels, names, shape } = await readLabelledDataset(o.dataset);
  const C = o.classes ?? Math.max(2, Math.max(...labels) + 1);
  sw.log(`${int(samples.length)} samples of ${shape.join('×')} bytes, ${C} classes, batches of ${o.batch}…`);
  const ts = commitTestSet(samples, labels, o.batch, { classes: C });
  const roots: RootsFile = {
    format: 'zkml-testset-roots/1', testRoot: ts.testRoot.toString(), batchRoots: ts.batchRoots.map(String),
    N: samples.length, B: ts.B, K: ts.K, S: ts.S, C: ts.C, m: ts.m, D: ts.D, shape,
    dataset: path.resolve(o.dataset), samples: names,
  };
  const salts: SaltsFile = { format: 'zkml-testset-salts/1', warning: SALTS_WARNING, testRoot: roots.testRoot, salts: ts.salts.map(hex) };
  fs.mkdirSync(o.out, { recursive: true });
  writeJson(path.join(o.out, 'roots.json'), roots);
  writeJson(path.join(o.out, 'salts.json'), salts);
  try { fs.chmodSync(path.join(o.out, 'salts.json'), 0o600); } catch { /* not every file system */ }
  err(`testset commit: WARNING: ${rel(path.join(o.out, 'salts.json'))}: ${SALTS_WARNING}`);
  out(`testRoot: ${roots.testRoot}`);
  out(`N = ${roots.N}, B = ${roots.B}, K = ${roots.K} batches (payload ${roots.m} field elements each, Merkle depth ${roots.D})`);
  out(`wrote ${rel(path.join(o.out, 'roots.json'))}, ${rel(path.join(o.out, 'salts.json'))} in ${seconds(sw.total())}`);
  return { ts, roots };
}

/** roots.json + salts.json + the dataset again → the committed test set (its root checked). */
export async function readCommittedTestSet(dir: string): Promise<{ ts: TestSet; roots: RootsFile }> {
  const roots = readJson(path.join(dir, 'roots.json'), 'roots.json') as RootsFile;
  if (roots?.format !== 'zkml-testset-roots/1') throw new DataError(`${path.join(dir, 'roots.json')} is not a roots file from \`zkml testset commit\``);
  const salts = readJson(path.join(dir, 'salts.json'), 'salts.json') as SaltsFile;
  if (salts?.format !== 'zkml-testset-salts/1' || !Array.isArray(salts.salts)) throw new DataError(`${path.join(dir, 'salts.json')} is not a salts file from \`zkml testset commit\``);
  const { samples, labels, names } = await readLabelledDataset(roots.dataset);
  if (names.join('\n') !== roots.samples.join('\n')) throw new ConsistencyError(`the dataset at ${roots.dataset} no longer has the committed samples (names or order changed)`);
  const ts = commitTestSet(samples, labels, roots.B, { classes: roots.C, salts: salts.salts.map(unhex) });
  if (ts.testRoot.toString() !== roots.testRoot) {
    throw new ConsistencyError(`the dataset at ${roots.dataset} with these salts gives testRoot ${ts.testRoot}, not the committed ${roots.testRoot}: a sample or label changed`, {
      details: { committed: roots.testRoot, now: ts.testRoot.toString() },
    });
  }
  return { ts, roots };
}

/** Compiles `main` in memory with circom 2 (--O2). */
export async function compileMain(main: string, log: (l: string) => void): Promise<{ r1cs: Uint8Array; wasm: Uint8Array }> {
  const r = await compileCircom({
    main, files: await libraryFiles(main), wasmBytes: circomWasmBytes(),
    onMessage: (l) => { if (l.trim() && !/^Written successfully|^Everything went okay/.test(l)) log(`circom: ${l}`); },
  });
  return { r1cs: r.r1cs, wasm: r.wasm };
}

export interface RevealProofOptions extends Io {
  dir: string;
}

export async function testsetRevealProofCommand(o: RevealProofOptions): Promise<{ publicSignals: string[]; calldata: Uint8Array; ms: number }> {
  const out = o.print ?? silent, err = o.progress ?? silent;
  const sw = stopwatch('testset reveal-proof', err);
  const { ts, roots } = await readCommittedTestSet(o.dir);
  const rw = revealWitness(ts);
  sw.log(`RevealTestSet(${ts.K}, ${ts.m}): compiling…`);
  const main = `pragma circom 2.2.3;\ninclude "reveal-test-set.circom";\ncomponent main {public [rho]} = RevealTestSet(${ts.K}, ${ts.m});\n`;
  const { r1cs, wasm } = await compileMain(main, (l) => sw.log(l));
  sw.log('development keys (public beacon, NOT FOR VALUE)…');
  const keys = await devSetup({ r1cs });
  sw.log('proving…');
  const input = { d: rw.input.d.map((r) => r.map(String)), rho: rw.input.rho.toString() };
  const p = await prove({ scheme: 'groth16', wasm, zkey: keys.zkey, input });
  const want = rw.publicSignals.map(String);
  if (p.publicSignals.map(String).join() !== want.join()) throw new ConsistencyError(`the reveal proof's public signals [${p.publicSignals.join(', ')}] are not [${want.join(', ')}]`);
  const v = await verify({ scheme: 'groth16', vkey: keys.vkey, proof: p.proof, publicSignals: p.publicSignals });
  if (!v) throw new ConsistencyError('the reveal proof does not verify against its own key');
  writeFile(path.join(o.dir, 'calldata.bin'), rw.calldata);
  writeJson(path.join(o.dir, 'reveal.json'), {
    format: 'zkml-testset-reveal/1', testRoot: roots.testRoot, rho: rw.input.rho.toString(), e: rw.publicSignals[1].toString(),
    calldataBytes: rw.calldata.length, B: ts.B, S: ts.S, C: ts.C, K: ts.K, development: keys.label, constraints: readR1csCounts(r1cs).nConstraints,
  });
  writeJson(path.join(o.dir, 'reveal-proof.json'), { proof: p.proof, publicSignals: p.publicSignals });
  writeJson(path.join(o.dir, 'reveal-vkey.json'), keys.vkey);
  const ms = sw.total();
  out(`reveal of ${int(rw.calldata.length)} bytes (K = ${ts.K} batches): ρ = ${rw.input.rho}, e = ${rw.publicSignals[1]}`);
  out(`proof [testRoot, e, ρ] verifies (development keys: ${keys.label})`);
  out(`wrote calldata.bin, reveal.json, reveal-proof.json, reveal-vkey.json in ${rel(o.dir)} (${seconds(ms)})`);
  return { publicSignals: p.publicSignals.map(String), calldata: rw.calldata, ms };
}
