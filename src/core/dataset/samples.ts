/**
 * Samples of a dataset: bytes → the raw uint8 tensor (what a bounty's test set holds, PROTOCOL §4:
 * row-major, channels last) and the model-ready input the studio uses (src/core/input: pixel / 255,
 * nested in the shape). `prepareDataset` checks a folder's files and writes its manifest. Pure and
 * isomorphic; PNG decoding is passed in (the browser's, src/app/input/image.ts).
 */
import { grayToModelInput, nest, type ModelInput } from '../input/gray.js';
import { parsePgm, type GrayImage } from '../input/pgm.js';
import { DatasetLabelError, DatasetManifestError, DatasetShapeError } from './errors.js';
import {
  checkSampleFiles, DATASET_FORMAT, encodeManifest, ENCODINGS, EXTENSION, LABELS_FILE, labelSetOf, MANIFEST_FILE, parseLabels, parseManifest,
  type DatasetManifest, type SampleEncoding, type SampleEntry,
} from './manifest.js';

/** Decodes an image file (PNG, …) to gray; only the browser has one. */
export type ImageDecoder = (bytes: Uint8Array) => Promise<GrayImage>;

export interface DecodedSample {
  /** the sample as uint8, row-major in `manifest.input.shape` (channels last) */
  raw: Uint8Array;
  /** model-ready: values / 255 in [0, 1] (or `range`), nested in the shape */
  input: ModelInput;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function imageDims(shape: readonly number[]) {
  return { height: shape[0]!, width: shape[1]!, channels: shape.length === 3 ? shape[2]! : 1 };
}

/** Decodes one sample; DatasetShapeError when it is not of the manifest's encoding and shape. */
export async function decodeSample(manifest: DatasetManifest, name: string, bytes: Uint8Array, opts: { decodeImage?: ImageDecoder; range?: readonly [number, number] } = {}): Promise<DecodedSample> {
  const { encoding, shape } = manifest.input;
  const range = opts.range ?? [0, 1];
  const fail = (m: string, cause?: unknown): never => { throw new DatasetShapeError(`${name}: ${m}`, { cause, details: { file: name, shape, encoding } }); };
  if (encoding === 'uint8') {
    if (bytes.length !== size(shape)) fail(`${bytes.length} bytes, but shape [${shape.join(', ')}] of uint8 is ${size(shape)} bytes`);
    const data = Float32Array.from(bytes, (v) => range[0] + (v / 255) * (range[1] - range[0]));
    const [h, w] = shape.length >= 2 ? [shape[0]!, shape[1]!] : [1, shape[0]!];
    const previewable = shape.length <= 2 || (shape.length === 3 && shape[2] === 1);
    return {
      raw: bytes.slice(),
      input: { data, shape: [...shape], nested: nest(data, shape), inverted: false, preview: previewable ? { width: w, height: h, pixels: Uint8ClampedArray.from(bytes) } : { width: 0, height: 0, pixels: new Uint8ClampedArray() } },
    };
  }
  let image: GrayImage;
  if (encoding === 'pgm') {
    try { image = parsePgm(bytes); } catch (e) { return fail(`not a readable PGM (${e instanceof Error ? e.message : String(e)})`, e); }
  } else {
    if (!opts.decodeImage) return fail('PNG samples need an image decoder (the browser\'s); none was given');
    try { image = await opts.decodeImage(bytes); } catch (e) { return fail(`not a readable image (${e instanceof Error ? e.message : String(e)})`, e); }
  }
  const { height, width, channels } = imageDims(shape);
  if (image.width !== width || image.height !== height) fail(`${image.width}×${image.height} image, the dataset's samples are ${width}×${height}`);
  if (image.maxval !== 255) fail(`maxval ${image.maxval}: samples must be 8-bit (maxval 255)`);
  const raw = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < channels; c++) raw[i * channels + c] = image.pixels[i]!;
  return { raw, input: grayToModelInput(image, { shape, range }) };
}

export interface DatasetFile { path: string; content: Uint8Array }

export interface PreparedDataset {
  manifest: DatasetManifest;
  samples: SampleEntry[];
  /** what goes into the UnixFS directory: the samples, labels.json and dataset.json (in this order) */
  files: DatasetFile[];
}

const extOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();

/**
 * A folder's files (flat names) → a checked dataset. A `dataset.json` present is validated and kept;
 * otherwise one is written from the files: the encoding from the extension, the shape from the first
 * sample (or `shape`), the label set from labels.json, the count. Every sample is decoded, so a wrong
 * shape or an unreadable file is a typed error here, before anything is stored.
 */
export async function prepareDataset(input: readonly DatasetFile[], opts: { description?: string; shape?: number[]; decodeImage?: ImageDecoder; onSample?: (done: number, total: number) => void } = {}): Promise<PreparedDataset> {
  const byName = new Map<string, Uint8Array>();
  for (const f of input) {
    const name = f.path.replace(/^\.?\//, '');
    if (name.includes('/')) throw new DatasetShapeError(`${f.path}: a dataset is one flat folder (no sub-folders)`, { details: { file: f.path } });
    if (name.startsWith('.')) continue; // .DS_Store and the like
    byName.set(name, f.content);
  }
  let manifest: DatasetManifest;
  const given = byName.get(MANIFEST_FILE);
  if (given) {
    manifest = parseManifest(given);
  } else {
    const sampleNames = [...byName.keys()].filter((n) => n !== LABELS_FILE);
    const exts = new Set(sampleNames.map(extOf));
    const ext = exts.size === 1 ? [...exts][0] : undefined;
    const encoding = (ENCODINGS as readonly string[]).find((e) => EXTENSION[e as SampleEncoding] === ext) as SampleEncoding | undefined;
    if (!encoding) {
      throw new DatasetManifestError(`cannot tell the samples' encoding: ${sampleNames.length ? `extensions ${[...exts].map((e) => `.${e ?? '(none)'}`).join(', ')}` : 'no sample files'} (one of .pgm, .png, .bin expected, or give a dataset.json)`, { details: { field: 'input.encoding' } });
    }
    const entries = parseLabels(byName.get(LABELS_FILE), encoding);
    let shape = opts.shape;
    if (!shape) {
      if (encoding === 'uint8') throw new DatasetManifestError('raw uint8 samples need their shape (give a dataset.json or a shape)', { details: { field: 'input.shape' } });
      const first = byName.get(entries[0]!.name);
      if (!first) throw new DatasetLabelError(`${LABELS_FILE} labels ${entries[0]!.name}, which is not in the dataset`, { details: { file: entries[0]!.name } });
      let img: GrayImage;
      try {
        img = encoding === 'pgm' ? parsePgm(first) : await (opts.decodeImage ?? (() => { throw new Error('no image decoder'); }))(first);
      } catch (e) {
        throw new DatasetShapeError(`${entries[0]!.name}: not a readable image (${e instanceof Error ? e.message : String(e)})`, { cause: e, details: { file: entries[0]!.name } });
      }
      shape = [img.height, img.width, 1];
    }
    manifest = {
      format: DATASET_FORMAT,
      ...(opts.description ? { description: opts.description } : {}),
      count: entries.length,
      input: { encoding, shape },
      labels: labelSetOf(entries.map((e) => e.label)),
    };
  }
  const samples = parseLabels(byName.get(LABELS_FILE), manifest.input.encoding, manifest.labels);
  checkSampleFiles(samples, byName.keys());
  if (samples.length !== manifest.count) {
    throw new DatasetManifestError(`${MANIFEST_FILE}: count is ${manifest.count} but ${LABELS_FILE} labels ${samples.length} samples`, { details: { field: 'count' } });
  }
  for (let i = 0; i < samples.length; i++) {
    await decodeSample(manifest, samples[i]!.name, byName.get(samples[i]!.name)!, { decodeImage: opts.decodeImage });
    opts.onSample?.(i + 1, samples.length);
  }
  const files: DatasetFile[] = [
    ...samples.map((s) => ({ path: s.name, content: byName.get(s.name)! })),
    { path: LABELS_FILE, content: byName.get(LABELS_FILE)! },
    { path: MANIFEST_FILE, content: given ?? encodeManifest(manifest) },
  ];
  return { manifest, samples, files };
}
