/**
 * The transpiler from files to artefacts, as plain isomorphic functions: what the transpile worker
 * (workers/transpile.worker.ts) runs in the browser and what the CLI or a test runs in Node, so both
 * produce byte-identical circom source and quantization.json for the same files and options.
 *
 * - `transpileFiles(files, opts)`: loadModel (any format) → transpile → serializeQGraph, returning only
 *   structured-cloneable data (strings, numbers, plain objects).
 * - `witnessFromPlan(quantization, input)`: the circuit's witness input JSON and the exact integer output
 *   for one float input, from quantization.json alone.
 * - `toErrorRecord` / `reviveError`: a typed error across a worker (or any structured-clone) boundary.
 *   Comlink keeps only `name` and `message` of a thrown Error; a thrown record keeps `details` too, and
 *   `reviveError` turns it back into an instance of the same class (`instanceof ModelFormatError` holds).
 */
// Only light modules (error classes, types) are imported statically, so a page that imports
// `reviveError` on the main thread does not bundle the transpiler; the core is imported on first use.
import { CodegenError } from './codegen/errors.js';
import { InputShapeError, InputRangeError } from './witness/errors.js';
import { ZkmlError, TemplateParamError, RangeError_ } from './errors.js';
import type { ModelFile } from './keras/load-model.js';
import { ModelFormatError, MissingWeightsError, InvalidWeightsError, UnsupportedModelError } from './keras/errors.js';
import { UnsupportedLayerError, ShapeError } from './ir/errors.js';
import { QuantizationError } from './quantize/errors.js';
import { PlanFormatError } from './quantize/serialize.js';
import type { CircuitPlan, InputVisibility, WeightsVisibility } from './codegen/index.js';
import type { LayerReport, TranspileOptions } from './transpile.js';
import type { ModelFormat } from './keras/types.js';

export type { ModelFile };

export interface TranspileFilesResult {
  /** the model as loaded: its name, source format and input shape (no batch dimension) */
  model: { name: string; format: ModelFormat; inputShape: number[] };
  /** the circom main */
  source: string;
  /** quantization.json (`serializeQGraph`): all `witnessFromPlan` needs later */
  quantization: string;
  layers: LayerReport[];
  estimate: CircuitPlan['estimate'];
  warnings: string[];
  ptauPower: number;
  /** public signal names in snarkjs order */
  publicSignals: string[];
  input: InputVisibility;
  /** where the parameters live: `private` (inputs under the model commitment) or `public` (constants of the circuit) */
  weights: WeightsVisibility;
}

/** Load a model from its files (h5, .keras, tfjs model.json + shards, ...) and transpile it. */
export async function transpileFiles(files: ModelFile[], opts: TranspileOptions = {}): Promise<TranspileFilesResult> {
  const [{ loadModel }, { transpile }, { serializeQGraph }] = await Promise.all([
    import('./keras/load-model.js'), import('./transpile.js'), import('./quantize/serialize.js'),
  ]);
  const model = await loadModel(files);
  const r = transpile(model, opts);
  return {
    model: { name: model.name, format: model.format, inputShape: [...model.inputShape] },
    source: r.plan.source,
    quantization: serializeQGraph(r.q),
    layers: r.layers,
    estimate: r.plan.estimate,
    warnings: r.warnings,
    ptauPower: r.ptauPower,
    publicSignals: r.plan.publicSignals,
    input: r.plan.input,
    weights: r.plan.weights,
  };
}

export interface WitnessFromPlanResult {
  /** the circuit's input JSON (`in`, `weights`, `biases` as decimal strings), ready for witness generation */
  input: Record<string, string[]>;
  /** the circuit output as decimal strings: the class index, or the raw logits */
  output: string[];
  /** the output as floats (logits over their scale; the class index as is) */
  outputFloat: number[];
}

/**
 * Quantize one float input (nested in the model's input shape) and compute the witness input and output.
 * `weights` defaults to the mode the plan was transpiled with (quantization.json records the options):
 * a public model's circuit takes `in` only.
 */
export async function witnessFromPlan(quantization: string, input: unknown, weights?: WeightsVisibility): Promise<WitnessFromPlanResult> {
  const [{ parseQGraph }, { quantizeInput, infer, witnessInput }] = await Promise.all([import('./quantize/serialize.js'), import('./witness/run.js')]);
  const g = parseQGraph(quantization);
  const ints = quantizeInput(g, input);
  const { output, outputFloat } = infer(g, ints);
  return { input: weights ? witnessInput(g, ints, weights) : witnessInput(g, ints), output: output.map(String), outputFloat };
}

// ── typed errors across a structured-clone boundary ──────────────────────────────────────────

/** A thrown error as plain, cloneable data. */
export interface ErrorRecord {
  zkmlErrorRecord: true;
  name: string;
  message: string;
  details: Record<string, unknown>;
  stack?: string;
  /** whether it was a ZkmlError (so `RangeError` means `RangeError_`, not the built-in) */
  zkml: boolean;
}

export type ErrorClass = abstract new (...args: never[]) => Error;

/** Every typed error of the core, by its `name` (each lives in a small errors module). */
const ERROR_CLASSES: Record<string, ErrorClass> = {
  ZkmlError, TemplateParamError, RangeError: RangeError_,
  ModelFormatError, MissingWeightsError, InvalidWeightsError, UnsupportedModelError,
  UnsupportedLayerError, ShapeError, QuantizationError, PlanFormatError,
  CodegenError, InputShapeError, InputRangeError,
};

function cloneable(details: unknown): Record<string, unknown> {
  if (typeof details !== 'object' || details === null) return {};
  try {
    return structuredClone(details) as Record<string, unknown>;
  } catch {
    // something uncloneable (a function, a class instance with private state): keep what JSON keeps
    try {
      return JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
}

/** Whatever was thrown, as an `ErrorRecord` to throw across a worker boundary instead. */
export function toErrorRecord(e: unknown): ErrorRecord {
  if (isErrorRecord(e)) return e;
  if (e instanceof Error) {
    return {
      zkmlErrorRecord: true, name: e.name, message: e.message, stack: e.stack, zkml: e instanceof ZkmlError,
      details: e instanceof ZkmlError ? cloneable(e.details) : {},
    };
  }
  return { zkmlErrorRecord: true, name: 'Error', message: String(e), details: {}, zkml: false };
}

export function isErrorRecord(e: unknown): e is ErrorRecord {
  return typeof e === 'object' && e !== null && (e as { zkmlErrorRecord?: unknown }).zkmlErrorRecord === true;
}

/**
 * The typed error again from an `ErrorRecord`, or from an Error comlink rebuilt with only name and
 * message: an instance of the class its name says (with `details`), else a `ZkmlError` under that name
 * (for an unlisted ZkmlError), else a plain Error keeping the name. Anything else is returned as is.
 * `classes` adds error classes by name, with keys spelled as the names (`{ InputShapeError, CodegenError }`):
 * object keys survive minification, class names do not.
 */
export function reviveError(e: unknown, classes: Record<string, ErrorClass> = {}): unknown {
  const known = (name: string) => (Object.hasOwn(classes, name) ? classes[name] : Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : undefined);
  let rec: ErrorRecord;
  if (isErrorRecord(e)) rec = e;
  else if (e instanceof Error && !(e instanceof ZkmlError)) {
    // comlink's own error transfer: only a name to go by; the built-in RangeError stays built-in
    rec = { zkmlErrorRecord: true, name: e.name, message: e.message, stack: e.stack, details: {}, zkml: e.name !== 'RangeError' && known(e.name) !== undefined };
  } else return e;
  const cls = rec.zkml ? known(rec.name) ?? ZkmlError : undefined;
  const err: Error = cls ? new ZkmlError(rec.message, { details: rec.details }) : new Error(rec.message);
  if (cls) Object.setPrototypeOf(err, cls.prototype);
  err.name = rec.name;
  if (rec.stack !== undefined) err.stack = rec.stack;
  return err;
}
