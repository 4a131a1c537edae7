/**
 * `zkml predict <dir> --input input.json`: the float model (tfjs, from <dir>/model/) and the circuit
 * (exact integer inference over quantization.json: what a proof would output) side by side.
 */
import * as path from 'node:path';
import { loadModel } from '../../src/core/keras/load-model.js';
import { buildTfjsModel, predict } from '../../src/core/float/predict.js';
import { quantizeInput, infer } from '../../src/core/witness/run.js';
import { readModelFiles, readInputFile, artifact } from '../fs.js';
import { readProject, initTf, logitsNode } from '../project.js';
import { type Io, silent, table } from '../format.js';

export interface PredictCommandOptions extends Io {
  dir: string;
  input?: string;
  value?: unknown;
}

export interface PredictCommandResult {
  float: { class: number; logits: number[] };
  circuit: { class: number; logits: number[]; output: string[] };
  agree: boolean;
  maxLogitError: number;
}

const argmax = (xs: readonly number[]) => xs.reduce((k, v, i) => (v > xs[k] ? i : k), 0);
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(5));

export async function predictCommand(opts: PredictCommandOptions): Promise<PredictCommandResult> {
  const out = opts.print ?? silent;
  const { dir } = opts;
  const { q, report } = readProject(dir);
  const input = opts.value !== undefined ? opts.value : readInputFile(opts.input ?? '');
  const ints = quantizeInput(q, input);

  // circuit: the integers a proof would carry
  const r = infer(q, ints);
  const ln = logitsNode(q);
  const cLogits = r.tensors.get(ln.id)!.data.map((v) => Number(v) / 2 ** ln.scale);
  const cClass = report.output.kind === 'class' ? Number(r.output[0]) : argmax(cLogits);

  // float: the original model, softmax left out so both sides show logits
  const m = readModelFiles(path.join(artifact(dir, 'model'), report.model.main));
  const model = await loadModel(m.files);
  await initTf();
  const tfm = await buildTfjsModel(model, { logits: true });
  // the float input exactly as given (not quantized); quantizeInput checked its shape
  const flat = new Float32Array(ints.length);
  let k = 0;
  const walk = (v: unknown) => { if (Array.isArray(v)) v.forEach(walk); else flat[k++] = v as number; };
  walk(input);
  const fLogits = Array.from(predict(tfm, model.inputShape, [flat])[0]);
  tfm.dispose();
  const fClass = argmax(fLogits);

  const n = Math.max(fLogits.length, cLogits.length);
  const rows = Array.from({ length: n }, (_, i) => [
    i, fLogits[i] === undefined ? '' : fmt(fLogits[i]), cLogits[i] === undefined ? '' : fmt(cLogits[i]),
    fLogits[i] === undefined || cLogits[i] === undefined ? '' : Math.abs(fLogits[i] - cLogits[i]).toExponential(2),
  ]);
  const maxLogitError = Math.max(0, ...cLogits.map((c, i) => Math.abs(c - (fLogits[i] ?? c))));
  const agree = fClass === cClass;
  out(`class: float ${fClass}, circuit ${cClass}${agree ? ' (agree)' : ' (DIFFER)'}`);
  out('');
  for (const l of table(['index', 'float logit', `circuit logit (2^-${ln.scale})`, '|diff|'], rows, [true, true, true, true])) out(l);
  out('');
  out(`largest logit difference: ${maxLogitError.toExponential(3)}; the circuit outputs ${report.output.kind === 'class' ? `the class ${cClass}` : 'these values'} (proof: zkml prove ${dir} --input …)`);
  return {
    float: { class: fClass, logits: fLogits },
    circuit: { class: cClass, logits: cLogits, output: r.output.map(String) },
    agree, maxLogitError,
  };
}
