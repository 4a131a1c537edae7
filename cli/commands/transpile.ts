/**
 * `zkml transpile <model> -o <dir>`: Keras model → circuit.circom + quantization.json (+ the model's
 * files in <dir>/model/ for `predict`), with the layer table, the estimate and, given calibration
 * data, the float/circuit agreement.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModel } from '../../src/core/keras/load-model.js';
import { transpile, type TranspileResult } from '../../src/core/transpile.js';
import { nodeConstraints, type InputVisibility, type WeightsVisibility } from '../../src/core/codegen/index.js';
import { evaluateAgreement, type Agreement } from '../../src/core/float/agreement.js';
import { InputRangeError } from '../../src/core/witness/run.js';
import { readModelFiles, copyModelFiles, readCalibration, readLabels, writeFile, artifact, ARTIFACTS } from '../fs.js';
import { type CircuitReport, writeQuantization, logitsNode, modelCommitment, initTf, rel } from '../project.js';
import { type Io, silent, table, int, pct, shape } from '../format.js';
import { UsageError, DataError } from '../errors.js';

export interface TranspileCommandOptions extends Io {
  model: string;
  out: string;
  raw?: boolean;
  input?: InputVisibility;
  /** `public`: the weights become constants of the circuit (a public model, no model commitment); default `private` */
  weights?: WeightsVisibility;
  actBits?: number;
  weightBits?: number;
  inputRange?: [number, number];
  /** a JSON file of inputs or a directory of PGM images */
  calibration?: string;
  labels?: string;
}

export interface TranspileCommandResult {
  dir: string;
  result: TranspileResult;
  report: CircuitReport;
  agreement?: Agreement;
  /** text of the layer table and estimate, as printed */
  summary: string[];
}

/** Files a previous run may have left that no longer match a new circuit. */
export function removeStale(dir: string, names: (keyof typeof ARTIFACTS)[]): string[] {
  const removed: string[] = [];
  for (const n of names) {
    const p = artifact(dir, n);
    if (fs.existsSync(p)) { fs.rmSync(p, { force: true }); removed.push(ARTIFACTS[n]); }
  }
  return removed;
}

export function layerTable(report: CircuitReport): string[] {
  const rows = report.layers.map((l) => [
    l.id, l.kind, shape(l.shape), l.kind === 'argmax' ? 'class' : `2^-${l.scale}`, l.bits, l.params ? int(l.params) : '', int(l.constraints),
  ]);
  const e = report.estimate;
  const extra = [
    ['(commitment)', 'poseidon', '', '', '', '', int(e.commitment)],
    ...(e.input ? [['(input)', `${report.input.encoding === 'u8' ? 'bytes' : 'rangeCheck'}${report.input.visibility === 'hashed' ? ' + poseidon' : ''}`, '', '', '', '', int(e.input)]] : []),
  ];
  return table(['layer', 'kind', 'shape', 'scale', 'bits', 'params', 'constraints'], [...rows, ...extra], [false, false, false, false, true, true, true]);
}

export function estimateLines(report: CircuitReport): string[] {
  const e = report.estimate;
  const params = report.layers.reduce((a, l) => a + l.params, 0);
  return [
    report.options.weights === 'public'
      ? `estimate: ${int(e.total)} constraints (layers ${int(e.layers)}, input ${int(e.input)}); public model: its ${int(params)} parameters are constants of the circuit (no model commitment; the multiply-accumulates are free)`
      : `estimate: ${int(e.total)} constraints (layers ${int(e.layers)}, model commitment ${int(e.commitment)}, input ${int(e.input)}); ${int(params)} parameters`,
    report.input.encoding === 'u8'
      ? `input: [${report.input.shape.join(', ')}] ${report.input.visibility}, bytes (value = byte / 255, range [${report.input.range.join(', ')}]), read at fixed point 2^-${report.input.scale}`
      : `input: [${report.input.shape.join(', ')}] ${report.input.visibility}, fixed point 2^-${report.input.scale}, range [${report.input.range.join(', ')}], ${report.input.bits}-bit`,
    `output: ${report.output.kind === 'class' ? 'the class index (argmax)' : `[${report.output.shape.join(', ')}] at scale 2^-${report.output.scale}`}; public signals: ${report.publicSignals.length}`,
    `groth16 setup needs a ptau of power ${report.ptauPower} (2^${report.ptauPower} = ${int(2 ** report.ptauPower)})`,
  ];
}

export function agreementLines(a: CircuitReport['agreement']): string[] {
  if (!a) return [];
  return [
    `agreement on ${int(a.n)} calibration inputs (${a.source}): argmax ${pct(a.agreement)}, largest logit error ${a.maxLogitError.toPrecision(3)}` +
      (a.floatAccuracy !== undefined ? `; accuracy float ${pct(a.floatAccuracy)}, circuit ${pct(a.circuitAccuracy!)}` : ''),
  ];
}

export async function transpileCommand(opts: TranspileCommandOptions): Promise<TranspileCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  if (!opts.out) throw new UsageError('transpile needs an output directory: -o <dir>');
  if (opts.labels && !opts.calibration) throw new UsageError('--labels needs --calibration (the labels belong to the calibration inputs)');
  const dir = opts.out;
  const onDisk = readModelFiles(opts.model);
  const model = await loadModel(onDisk.files);

  let calibration: { inputs: Float32Array[]; names: string[] } | undefined;
  if (opts.calibration) {
    calibration = readCalibration(opts.calibration, model.inputShape);
    err(`transpile: ${int(calibration.inputs.length)} calibration inputs from ${rel(opts.calibration)}`);
  }
  const given = { actBits: opts.actBits, weightBits: opts.weightBits, inputRange: opts.inputRange };
  const result = transpile(model, {
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    raw: !!opts.raw, input: opts.input ?? 'public', weights: opts.weights ?? 'private', calibration: calibration?.inputs,
  });
  const { q, plan } = result;

  let agreement: Agreement | undefined;
  if (calibration) {
    const labels = opts.labels ? readLabels(opts.labels, calibration.inputs.length) : undefined;
    await initTf();
    try {
      agreement = await evaluateAgreement(model, q, calibration.inputs, labels);
    } catch (e) {
      if (e instanceof InputRangeError) {
        throw new DataError(`a calibration input is outside the input range [${q.inputRange.join(', ')}]: ${e.message} (widen --input-range or leave it out)`, { cause: e });
      }
      throw e;
    }
  }

  const inNode = q.nodes.find((n) => n.kind === 'input')!;
  const last = q.nodes.find((n) => n.id === q.output)!;
  const ln = logitsNode(q);
  const layersTotal = q.nodes.reduce((a, n) => a + nodeConstraints(n, plan.weights), 0);
  const report: CircuitReport = {
    version: 1,
    model: { name: model.name, format: model.format, main: onDisk.main, files: onDisk.files.map((f) => f.name) },
    options: { raw: !!opts.raw, input: plan.input, ...q.options, weights: plan.weights, inputRange: q.inputRange },
    input: { visibility: plan.input, shape: q.inputShape, scale: q.inputScale, range: q.inputRange, bits: inNode.bits, encoding: plan.inputEncoding },
    output: { kind: last.kind === 'argmax' ? 'class' : 'values', shape: last.shape, scale: last.scale, logits: ln.id, logitsScale: ln.scale },
    layers: result.layers,
    estimate: { total: plan.estimate.total, layers: layersTotal, commitment: plan.estimate.commitment, input: plan.estimate.input },
    ptauPower: result.ptauPower,
    publicSignals: plan.publicSignals,
    commitment: modelCommitment(q).toString(),
    warnings: result.warnings,
    ...(agreement && calibration ? {
      agreement: {
        n: agreement.n, source: path.resolve(opts.calibration!), agreement: agreement.agreement, maxLogitError: agreement.maxLogitError,
        ...(agreement.floatAccuracy !== undefined ? { floatAccuracy: agreement.floatAccuracy, circuitAccuracy: agreement.circuitAccuracy } : {}),
      },
    } : {}),
  };

  // before anything is written or compiled (printed on stderr)
  for (const w of result.warnings) err(`zkml: WARNING: ${w}`);
  fs.mkdirSync(dir, { recursive: true });
  const stale = removeStale(dir, ['r1cs', 'wasm', 'sym', 'zkey', 'vkey', 'setup', 'proof', 'public']);
  if (stale.length) err(`transpile: removed stale ${stale.join(', ')} from ${rel(dir)}`);
  writeFile(artifact(dir, 'circuit'), plan.source);
  writeQuantization(dir, q, report);
  const copied = copyModelFiles(onDisk, artifact(dir, 'model'));

  const summary = [
    `model: ${model.name || '(unnamed)'} (${model.format}, ${rel(path.join(onDisk.root, onDisk.main))})`,
    '',
    ...layerTable(report),
    '',
    ...estimateLines(report),
    ...agreementLines(report.agreement),
    '',
    `wrote ${rel(artifact(dir, 'circuit'))}, ${rel(artifact(dir, 'quantization'))}, ${rel(artifact(dir, 'model'))}/ (${copied.join(', ')})`,
  ];
  for (const l of summary) out(l);
  return { dir, result, report, agreement, summary };
}
