/**
 * Disk side of the command line: model files (a .h5, a .keras, or a tfjs model.json with the
 * weight shards its manifest names), JSON files, calibration data (JSON or a folder of 8-bit PGM
 * images) and the artefacts of a circuit directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelFile } from '../src/core/keras/load-model.js';
import { MissingWeightsError, ModelFormatError } from '../src/core/keras/errors.js';
import { DataError, FileError, MissingArtifactError } from './errors.js';

/** Reads a whole file; a missing or unreadable one is a FileError naming it and what it is. */
export function readBytes(file: string, what = 'file'): Uint8Array {
  try {
    const b = fs.readFileSync(file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'is not readable' : (e as Error).message;
    throw new FileError(`${what} ${file} ${why}`, { cause: e, details: { file, code } });
  }
}

export function readText(file: string, what = 'file'): string {
  return new TextDecoder().decode(readBytes(file, what));
}

export function readJson(file: string, what = 'JSON file'): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataError(`${what} ${file} is not valid JSON: ${(e as Error).message}`, { cause: e, details: { file } });
  }
}

export function writeFile(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

export function writeJson(file: string, value: unknown): void {
  writeFile(file, `${JSON.stringify(value, null, 1)}\n`);
}

// ── models ──────────────────────────────────────────────────────────────────────────────────

export interface ModelOnDisk {
  /** What `loadModel` takes: each file's bytes, named by its path relative to the model's folder. */
  files: ModelFile[];
  /** The file the user named (relative name, as in `files`). */
  main: string;
  /** The folder the relative names are relative to. */
  root: string;
}

/** Where a tfjs model.json's manifest says its shards are (relative paths, as written). */
function manifestPaths(json: unknown): string[] | undefined {
  if (!json || typeof json !== 'object' || !('weightsManifest' in json || 'modelTopology' in json)) return undefined;
  const manifest = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(manifest)) return [];
  const out: string[] = [];
  for (const group of manifest) {
    const paths = (group as { paths?: unknown })?.paths;
    if (Array.isArray(paths)) for (const p of paths) if (typeof p === 'string' && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The files of the model at `modelPath`: a .h5 or .keras on its own, or a tfjs model.json plus
 * its shards (next to it, as the manifest names them). A directory stands for the model.json,
 * .keras or .h5 it holds.
 */
export function readModelFiles(modelPath: string): ModelOnDisk {
  let file = modelPath;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    const names = fs.readdirSync(file).sort();
    const pick = names.find((n) => n === 'model.json') ?? names.find((n) => n.endsWith('.keras')) ?? names.find((n) => n.endsWith('.h5'));
    if (!pick) throw new FileError(`${modelPath} is a directory without a model.json, .keras or .h5 file`, { details: { file: modelPath } });
    file = path.join(file, pick);
  }
  const root = path.dirname(file);
  const main = path.basename(file);
  const bytes = readBytes(file, 'model file');
  const files: ModelFile[] = [{ name: main, bytes }];
  const first = bytes.subarray(0, 64);
  const looksJson = new TextDecoder().decode(first).trimStart().startsWith('{');
  if (looksJson) {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new ModelFormatError(file, `malformed JSON: ${(e as Error).message}`, { cause: e });
    }
    const shards = manifestPaths(json);
    for (const rel of shards ?? []) {
      const decoded = decodeURIComponent(rel);
      if (path.isAbsolute(decoded) || decoded.split(/[\\/]/).includes('..')) {
        throw new ModelFormatError(file, `weight shard path ${JSON.stringify(rel)} leaves the model's folder`);
      }
      const abs = path.join(root, decoded);
      if (!fs.existsSync(abs)) {
        throw new MissingWeightsError(`${file}: the weight shard ${rel} is missing (expected at ${abs})`, { file: rel });
      }
      files.push({ name: decoded, bytes: readBytes(abs, 'weight shard') });
    }
  }
  return { files, main, root };
}

/** Copies the model's files into `dir`, keeping their relative names. */
export function copyModelFiles(m: ModelOnDisk, dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of m.files) writeFile(path.join(dir, f.name), f.bytes);
  return m.files.map((f) => f.name);
}

// ── tensors, calibration data, labels ───────────────────────────────────────────────────────

const shapeStr = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Flattens a nested array that must have exactly `shape`; `where` names it in errors. */
export function flattenChecked(v: unknown, shape: readonly number[], where: string): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (x: unknown, dim: number, at: string) => {
    if (dim === shape.length) {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new DataError(`${where}${at} is ${JSON.stringify(x)}, expected a finite number (input shape ${shapeStr(shape)})`, { details: { expected: shape } });
      }
      out[k++] = x; return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) {
      throw new DataError(`${where} has the wrong shape at ${where}${at}: expected shape ${shapeStr(shape)} (no batch dimension)`, { details: { expected: shape } });
    }
    x.forEach((y, i) => walk(y, dim + 1, `${at}[${i}]`));
  };
  walk(v, 0, '');
  return out;
}

/** An 8-bit binary PGM (P5) image: width, height and the pixels (row-major). */
export function parsePgm(bytes: Uint8Array, file: string): { width: number; height: number; pixels: Uint8Array } {
  let p = 0;
  const ws = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const token = (): string => {
    for (;;) {
      while (p < bytes.length && ws(bytes[p])) p++;
      if (bytes[p] === 0x23 /* # */) { while (p < bytes.length && bytes[p] !== 0x0a) p++; continue; }
      break;
    }
    const s = p;
    while (p < bytes.length && !ws(bytes[p])) p++;
    return String.fromCharCode(...bytes.subarray(s, p));
  };
  const bad = (why: string): never => { throw new DataError(`${file}: not an 8-bit binary PGM image: ${why}`, { details: { file } }); };
  if (token() !== 'P5') bad('magic is not P5');
  const width = Number(token()), height = Number(token()), max = Number(token());
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height))) bad('bad width or height');
  if (!(max > 0 && max <= 255)) bad(`maximum value ${max} is not 1..255`);
  p++; // the single whitespace after maxval
  if (p + width * height > bytes.length) bad(`truncated: ${width}×${height} pixels need ${width * height} bytes`);
  return { width, height, pixels: bytes.subarray(p, p + width * height) };
}

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Calibration inputs, flat in the model's input shape: a JSON file `[input, input, …]` (each nested
 * in the input shape, no batch dimension), or a directory of 8-bit PGM images (in natural name
 * order: 2.pgm before 10.pgm), each pixel / 255 and reshaped to the input shape.
 */
export function readCalibration(source: string, inputShape: readonly number[]): { inputs: Float32Array[]; names: string[] } {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (fs.existsSync(source) && fs.statSync(source).isDirectory()) {
    const names = fs.readdirSync(source).filter((n) => n.toLowerCase().endsWith('.pgm')).sort(naturalOrder);
    if (names.length === 0) throw new DataError(`calibration directory ${source} holds no .pgm images`, { details: { file: source } });
    const inputs = names.map((n) => {
      const img = parsePgm(readBytes(path.join(source, n), 'image'), path.join(source, n));
      if (img.width * img.height !== size) {
        throw new DataError(`${path.join(source, n)} has ${img.width}×${img.height} = ${img.width * img.height} pixels; the model input ${shapeStr(inputShape)} holds ${size}`, { details: { expected: inputShape } });
      }
      return Float32Array.from(img.pixels, (v) => v / 255);
    });
    return { inputs, names };
  }
  const json = readJson(source, 'calibration file');
  const list = Array.isArray(json) ? json : (json as { inputs?: unknown })?.inputs;
  if (!Array.isArray(list) || list.length === 0) {
    throw new DataError(`calibration file ${source} must hold a non-empty JSON array of inputs, each of shape ${shapeStr(inputShape)}`, { details: { file: source } });
  }
  const inputs = list.map((x, i) => flattenChecked(x, inputShape, `calibration input ${i}`));
  return { inputs, names: inputs.map((_, i) => `#${i}`) };
}

/** Class labels: a JSON array of integers, at least one per calibration input (extra ones are ignored). */
export function readLabels(file: string, n: number): number[] {
  const json = readJson(file, 'labels file');
  if (!Array.isArray(json) || !json.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new DataError(`labels file ${file} must be a JSON array of non-negative integers (class indices)`, { details: { file } });
  }
  if (json.length < n) throw new DataError(`labels file ${file} has ${json.length} labels for ${n} calibration inputs`, { details: { file } });
  return (json as number[]).slice(0, n);
}

/** The `input` of an input file `{"input": <nested array>}` (a bare nested array is accepted too). */
export function readInputFile(file: string): unknown {
  const json = readJson(file, 'input file');
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object' && 'input' in json) return (json as { input: unknown }).input;
  throw new DataError(`input file ${file} must be {"input": <nested array in the model's input shape>}`, { details: { file } });
}

// ── the circuit directory ───────────────────────────────────────────────────────────────────

export const ARTIFACTS = {
  circuit: 'circuit.circom',
  quantization: 'quantization.json',
  model: 'model',
  r1cs: 'circuit.r1cs',
  wasm: path.join('circuit_js', 'circuit.wasm'),
  sym: 'circuit.sym',
  zkey: 'circuit.zkey',
  vkey: 'verification_key.json',
  setup: 'setup.json',
  proof: 'proof.json',
  public: 'public.json',
  /** the model and input commitments a hashed-input proof folds into its public claim (PROTOCOL §3a) */
  commitments: 'commitments.json',
} as const;

export type Artifact = keyof typeof ARTIFACTS;

/** The step that writes each artefact, for "run … first" messages. */
const MADE_BY: Record<Artifact, string> = {
  circuit: 'transpile', quantization: 'transpile', model: 'transpile', r1cs: 'compile', wasm: 'compile', sym: 'compile',
  zkey: 'setup', vkey: 'setup', setup: 'setup', proof: 'prove', public: 'prove', commitments: 'prove',
};

export function artifact(dir: string, a: Artifact): string {
  return path.join(dir, ARTIFACTS[a]);
}

/** Path of an artefact that must exist; otherwise names the command that makes it. */
export function needArtifact(dir: string, a: Artifact): string {
  const p = artifact(dir, a);
  if (!fs.existsSync(dir)) throw new FileError(`directory ${dir} does not exist`, { details: { file: dir } });
  if (!fs.existsSync(p)) {
    const step = MADE_BY[a];
    throw new MissingArtifactError(`${p} is missing: run \`zkml ${step} ${step === 'transpile' ? '<model> -o ' : ''}${dir}\` first`, { details: { file: p, step } });
  }
  return p;
}
