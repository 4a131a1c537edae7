/**
 * A circuit directory as the commands share it: quantization.json = the serialized QGraph plus a
 * `report` (what the user reads, and what later steps need: input visibility, public signal names,
 * the model commitment the proofs must carry, where the float model was copied to).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { QGraph } from '../src/core/quantize/types.js';
import { serializeQGraph, parseQGraph } from '../src/core/quantize/serialize.js';
import type { InputVisibility } from '../src/core/codegen/index.js';
import { paramSlots } from '../src/core/codegen/index.js';
import { cheapestCommit } from '../src/circuits/packed-poseidon-commit.js';
import { packedPoseidonCommit } from '../src/core/witness/packed-poseidon-commit.js';
import { poseidonCommit } from '../src/core/witness/poseidon-commit.js';
import type { LayerReport } from '../src/core/transpile.js';
import type { Scheme } from '../src/zk/ptau.js';
import { PlanFormatError } from '../src/core/quantize/serialize.js';
import { needArtifact, readText, readJson, writeFile, artifact, readInputFile } from './fs.js';
import { quantizeInput, infer } from '../src/core/witness/run.js';
import { inputDescriptorOf } from '../src/core/commit/input-descriptor.js';
import { MissingArtifactError } from './errors.js';

export interface AgreementReport {
  n: number;
  source: string;
  agreement: number;
  maxLogitError: number;
  floatAccuracy?: number;
  circuitAccuracy?: number;
}

export interface CircuitReport {
  version: 1;
  model: { name: string; format: string; main: string; files: string[] };
  /** weights: `public` for a public model (constants of the circuit, no model commitment signal); absent in older projects = private */
  options: { raw: boolean; input: InputVisibility; weights?: 'private' | 'public'; actBits: number; weightBits: number; inputBits: number; inputRange: [number, number] };
  /** encoding: how the circuit's `in` wires are read (docs/PROTOCOL.md §3); absent in reports written before byte inputs (interval) */
  input: { visibility: InputVisibility; shape: number[]; scale: number; range: [number, number]; bits: number; encoding?: 'u8' | 'interval' };
  output: { kind: 'class' | 'values'; shape: number[]; scale: number; logits: string; logitsScale: number };
  layers: LayerReport[];
  estimate: { total: number; layers: number; commitment: number; input: number };
  ptauPower: number;
  publicSignals: string[];
  /** The Poseidon commitment to the quantized parameters every proof of this model outputs (decimal). */
  commitment: string;
  warnings: string[];
  agreement?: AgreementReport;
}

export interface Project {
  dir: string;
  q: QGraph;
  report: CircuitReport;
}

/** The tensor the class comes from: the argmax's input, or the output itself. */
export function logitsNode(q: QGraph) {
  const last = q.nodes.find((n) => n.id === q.output)!;
  return last.kind === 'argmax' ? q.nodes.find((n) => n.id === last.inputs[0])! : last;
}

/** The value the circuit's `commitment` output takes for this plan (docs/PROTOCOL.md §2). */
export { modelCommitment } from '../src/core/commit/model.js';

export function writeQuantization(dir: string, q: QGraph, report: CircuitReport): void {
  const plan = JSON.parse(serializeQGraph(q)) as Record<string, unknown>;
  writeFile(artifact(dir, 'quantization'), `${JSON.stringify({ ...plan, report }, null, 1)}\n`);
}

export function readProject(dir: string): Project {
  const file = needArtifact(dir, 'quantization');
  const q = parseQGraph(readText(file, 'quantization file'));
  const report = (q as QGraph & { report?: CircuitReport }).report;
  if (!report || report.version !== 1 || !Array.isArray(report.publicSignals)) {
    throw new PlanFormatError(`${file} has no report from \`zkml transpile\`; transpile the model again`);
  }
  delete (q as QGraph & { report?: unknown }).report;
  // a [0, 1] input transpiled before byte inputs (docs/PROTOCOL.md §3) has an interval circuit; this
  // version would give it bytes: say so instead of proving against the wrong wires
  if (report.input.encoding === undefined && inputDescriptorOf(q).encoding === 'u8') {
    throw new PlanFormatError(`${file} was transpiled before ZKML read [0, 1] inputs as bytes (value = byte / 255): transpile the model again, then compile and set up`);
  }
  return { dir, q, report };
}

/** The project and one input for it (`value`, or the JSON file `input`): quantized, and the integer reference's result. */
export function readProjectInput(dir: string, opts: { value?: unknown; input?: string }) {
  const project = readProject(dir);
  const input = opts.value !== undefined ? opts.value : readInputFile(opts.input ?? '');
  const ints = quantizeInput(project.q, input);
  return { ...project, ints, expected: infer(project.q, ints) };
}

export interface SetupRecord {
  scheme: Scheme;
  ptau: { file: string; power: number; development: boolean };
  requiredPower: number;
  constraints: number;
  /** sha256 of circuit.r1cs the keys were made for */
  r1csSha256: string;
  createdAt: string;
}

export function readSetupRecord(dir: string): SetupRecord {
  const rec = readJson(needArtifact(dir, 'setup'), 'setup record') as SetupRecord;
  if (!rec || !['groth16', 'plonk', 'fflonk'].includes(rec.scheme)) {
    throw new MissingArtifactError(`${artifact(dir, 'setup')} does not name a scheme: run \`zkml setup ${dir}\` again`);
  }
  return rec;
}

/** tfjs on its pure-JS CPU backend, without the "install tfjs-node" hint. */
export async function initTf(): Promise<void> {
  tf.env().set('PROD', true);
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
}

export function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

export const rel = (p: string) => {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};
