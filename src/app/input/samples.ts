/**
 * The bundled samples (public/samples/index.json, made by scripts/make-samples.ts): sample models and
 * MNIST images, precached by the service worker. Paths in the manifest are relative to the app base,
 * so everything here resolves against `document.baseURI` (or a given base).
 *
 *   const index = await loadSamplesIndex();
 *   const files = await loadSampleModel(index.models[0]);          // ModelFile[] for the transpile client
 *   const img = await loadSampleImage(index.datasets[0].images[3]); // GrayImage (+ label)
 */
import { parsePgm, type GrayImage } from '../../core/input/pgm.js';
import type { InputVisibility } from '../../core/codegen/index.js';
import { ZkmlError } from '../../core/errors.js';

export interface SampleFile { name: string; path: string; bytes: number; sha256: string }

export interface SampleModel {
  id: string;
  name: string;
  description: string;
  dataset?: string;
  classes?: number;
  licence: string;
  format: string;
  inputShape: number[];
  inputRange: [number, number];
  /** with the transpiler's default options */
  circuit: { constraints: number; ptauPower: number; input: InputVisibility; publicSignalCount: number; publicOutputs: string[] };
  files: SampleFile[];
}

export interface SampleImage extends SampleFile { label: number }

export interface SampleDataset {
  id: string;
  name: string;
  description: string;
  shape: number[];
  licence: string;
  labels: string;
  images: SampleImage[];
}

export interface SamplesIndex { version: 1; about: string; models: SampleModel[]; datasets: SampleDataset[] }

/** A sample could not be fetched or is not what the manifest says. */
export class SampleError extends ZkmlError {
  override name = 'SampleError';
}

const baseUrl = (base?: string | URL) => base ?? (typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href);

async function fetchBytes(path: string, base?: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  const url = new URL(path, baseUrl(base));
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new SampleError(`cannot fetch ${url.pathname} (offline and not cached?)`, { cause: e, details: { url: url.href } });
  }
  if (!res.ok) throw new SampleError(`cannot fetch ${url.pathname}: HTTP ${res.status}`, { details: { url: url.href, status: res.status } });
  return new Uint8Array(await res.arrayBuffer());
}

async function sha256(b: Uint8Array<ArrayBuffer>): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  return Array.from(new Uint8Array(await subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Fetches a manifest file and checks its size and SHA-256 (when WebCrypto is available). */
export async function fetchSampleFile(f: SampleFile, base?: string | URL): Promise<Uint8Array> {
  const b = await fetchBytes(f.path, base);
  const h = await sha256(b);
  if (b.length !== f.bytes || (h !== undefined && h !== f.sha256)) {
    throw new SampleError(`${f.path} is not the file the manifest lists (${b.length} bytes${h ? `, sha256 ${h.slice(0, 12)}…` : ''})`, { details: { path: f.path } });
  }
  return b;
}

export async function loadSamplesIndex(base?: string | URL): Promise<SamplesIndex> {
  const b = await fetchBytes('samples/index.json', base);
  let index: SamplesIndex;
  try {
    index = JSON.parse(new TextDecoder().decode(b)) as SamplesIndex;
  } catch (e) {
    throw new SampleError('samples/index.json is not JSON', { cause: e });
  }
  if (index.version !== 1 || !Array.isArray(index.models) || !Array.isArray(index.datasets)) throw new SampleError(`samples/index.json: unsupported manifest (version ${String(index.version)})`);
  return index;
}

/** The model's files, named as the loaders expect (`model.h5`, or `model.json` + `weights.bin`). */
export async function loadSampleModel(model: SampleModel, base?: string | URL): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all(model.files.map(async (f) => ({ name: f.name, bytes: await fetchSampleFile(f, base) })));
}

export async function loadSampleImage(image: SampleImage, base?: string | URL): Promise<GrayImage & { label: number }> {
  return { ...parsePgm(await fetchSampleFile(image, base)), label: image.label };
}
