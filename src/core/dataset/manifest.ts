/**
 * A dataset is a UnixFS directory: the sample files, `labels.json` and a small manifest `dataset.json`.
 *
 *   dataset.json  { "format": "zkml-dataset/1", "description"?: string, "count": 1000,
 *                   "input": { "encoding": "pgm" | "png" | "uint8", "shape": [28, 28, 1] },
 *                   "labels": [0, 1, …, 9] }            // the label set
 *   labels.json   [5, 0, 4, …]                          // label of sample i (files 0.pgm, 1.pgm, …)
 *              or { "a.pgm": 5, "b.pgm": 0, … }          // label by file name
 *
 * `shape` is a sample's tensor shape (row-major, channels last; [H, W] or [H, W, 1|3] for images, any
 * shape for raw `uint8` bytes). Pure and isomorphic: this file checks and infers manifests, it does
 * not touch IPFS.
 */
import { DatasetLabelError, DatasetManifestError } from './errors.js';

export const DATASET_FORMAT = 'zkml-dataset/1';
export const MANIFEST_FILE = 'dataset.json';
export const LABELS_FILE = 'labels.json';
export const ENCODINGS = ['pgm', 'png', 'uint8'] as const;
export type SampleEncoding = (typeof ENCODINGS)[number];
export type Label = number | string;

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  description?: string;
  count: number;
  input: { encoding: SampleEncoding; shape: number[] };
  /** the label set (every sample's label is one of these) */
  labels: Label[];
}

/** A sample's file extension for an encoding. */
export const EXTENSION: Record<SampleEncoding, string> = { pgm: 'pgm', png: 'png', uint8: 'bin' };

const MAX_SAMPLES = 1_000_000;
const MAX_SAMPLE_VALUES = 16 * 1024 * 1024;

const isLabel = (v: unknown): v is Label => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && v.length > 0 && v.length <= 200);

/** Checks a parsed dataset.json; throws DatasetManifestError naming the field. */
export function validateManifest(json: unknown): DatasetManifest {
  const bad = (field: string, m: string): never => { throw new DatasetManifestError(`${MANIFEST_FILE}: ${field} ${m}`, { details: { field } }); };
  if (!json || typeof json !== 'object' || Array.isArray(json)) return bad('(root)', 'must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== DATASET_FORMAT) bad('format', `must be "${DATASET_FORMAT}" (got ${JSON.stringify(o.format)})`);
  if (o.description !== undefined && (typeof o.description !== 'string' || o.description.length > 10_000)) bad('description', 'must be a string of at most 10,000 characters');
  if (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 1 || o.count > MAX_SAMPLES) bad('count', `must be an integer from 1 to ${MAX_SAMPLES} (got ${JSON.stringify(o.count)})`);
  const input = o.input as Record<string, unknown> | undefined;
  if (!input || typeof input !== 'object') return bad('input', 'must be an object { encoding, shape }');
  if (!ENCODINGS.includes(input.encoding as SampleEncoding)) bad('input.encoding', `must be one of ${ENCODINGS.join(', ')} (got ${JSON.stringify(input.encoding)})`);
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 4 || !shape.every((d) => Number.isInteger(d) && d >= 1)) return bad('input.shape', `must be 1 to 4 positive integers (got ${JSON.stringify(shape)})`);
  if (shape.reduce((a: number, b: number) => a * b, 1) > MAX_SAMPLE_VALUES) bad('input.shape', 'is too large');
  const encoding = input.encoding as SampleEncoding;
  if (encoding !== 'uint8') {
    if (shape.length !== 2 && shape.length !== 3) bad('input.shape', `of a ${encoding} image must be [height, width] or [height, width, channels]`);
    if (shape.length === 3 && shape[2] !== 1 && shape[2] !== 3) bad('input.shape', `of a ${encoding} image must have 1 or 3 channels (got ${shape[2]})`);
  }
  const labels = o.labels;
  if (!Array.isArray(labels) || labels.length < 1 || labels.length > 100_000 || !labels.every(isLabel)) return bad('labels', 'must be a non-empty array of integer or string labels (the label set)');
  if (new Set(labels).size !== labels.length) bad('labels', 'has duplicates');
  return {
    format: DATASET_FORMAT,
    ...(o.description !== undefined ? { description: o.description as string } : {}),
    count: o.count as number,
    input: { encoding, shape: [...shape] as number[] },
    labels: [...labels] as Label[],
  };
}

/** Parses dataset.json bytes (DatasetManifestError when it is not JSON or not valid). */
export function parseManifest(bytes: Uint8Array): DatasetManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new DatasetManifestError(`${MANIFEST_FILE} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e, details: { field: '(file)' } });
  }
  return validateManifest(json);
}

export function encodeManifest(m: DatasetManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(validateManifest(m), null, 1)}\n`);
}

/** One sample: its file name in the directory and its label. */
export interface SampleEntry { name: string; label: Label }

/** Natural order of file names: 2.pgm before 10.pgm. */
export const naturalCompare = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * labels.json bytes → the samples in order. An array labels files `0.<ext>`, `1.<ext>`, …; an object
 * labels files by name (taken in natural order). With `labelSet`, every label must be in it.
 */
export function parseLabels(bytes: Uint8Array | undefined, encoding: SampleEncoding, labelSet?: readonly Label[]): SampleEntry[] {
  if (!bytes) throw new DatasetLabelError(`${LABELS_FILE} is missing`, { details: { file: LABELS_FILE } });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new DatasetLabelError(`${LABELS_FILE} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e, details: { file: LABELS_FILE } });
  }
  let entries: SampleEntry[];
  if (Array.isArray(json)) {
    entries = json.map((label, i) => ({ name: `${i}.${EXTENSION[encoding]}`, label: label as Label }));
  } else if (json && typeof json === 'object') {
    entries = Object.entries(json as Record<string, unknown>).sort(([a], [b]) => naturalCompare(a, b)).map(([name, label]) => ({ name, label: label as Label }));
  } else {
    throw new DatasetLabelError(`${LABELS_FILE} must be an array of labels or an object { file: label }`, { details: { file: LABELS_FILE } });
  }
  if (entries.length === 0) throw new DatasetLabelError(`${LABELS_FILE} labels no sample`, { details: { file: LABELS_FILE } });
  const set = labelSet ? new Set<Label>(labelSet) : undefined;
  for (const e of entries) {
    if (!isLabel(e.label)) throw new DatasetLabelError(`${e.name}: label ${JSON.stringify(e.label)} is not an integer or a string`, { details: { file: e.name, label: e.label } });
    if (set && !set.has(e.label)) throw new DatasetLabelError(`${e.name}: label ${JSON.stringify(e.label)} is not in the label set [${[...set].join(', ')}]`, { details: { file: e.name, label: e.label } });
    if (e.name.includes('/') || e.name === MANIFEST_FILE || e.name === LABELS_FILE) throw new DatasetLabelError(`${LABELS_FILE}: ${JSON.stringify(e.name)} cannot be a sample`, { details: { file: e.name } });
  }
  return entries;
}

/** The sorted label set of some labels (numbers before strings). */
export function labelSetOf(labels: Iterable<Label>): Label[] {
  return [...new Set(labels)].sort((a, b) => (typeof a === typeof b ? (typeof a === 'number' ? (a as number) - (b as number) : String(a).localeCompare(String(b))) : typeof a === 'number' ? -1 : 1));
}

/**
 * Checks that the directory's files and the labels agree: every labelled sample is there, and no
 * sample file is unlabelled. `names` are the directory's file names.
 */
export function checkSampleFiles(entries: readonly SampleEntry[], names: Iterable<string>): void {
  const present = new Set(names);
  for (const e of entries) {
    if (!present.has(e.name)) throw new DatasetLabelError(`${LABELS_FILE} labels ${e.name}, which is not in the dataset`, { details: { file: e.name } });
  }
  const labelled = new Set(entries.map((e) => e.name));
  for (const n of present) {
    if (n === MANIFEST_FILE || n === LABELS_FILE || labelled.has(n)) continue;
    throw new DatasetLabelError(`${n} has no label in ${LABELS_FILE}`, { details: { file: n } });
  }
}
