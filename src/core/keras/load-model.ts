/**
 * One entry point for whatever files a user drops: sniffs each file's content (not its name) and dispatches.
 * - one HDF5 file with `model_config` (Keras 2 `.h5`)                      → `loadH5Model`
 * - one zip (`.keras`)                                                    → `loadKerasModel`
 * - a tfjs `model.json` (has `modelTopology`) plus its weight shards       → `loadTfjsModel`
 * - a Keras architecture JSON (`config.json` of a `.keras`, or `model.to_json()`) plus a weights-only HDF5
 *   file (Keras 3 `model.weights.h5`, or Keras 2 `save_weights`)          → `loadKerasParts` / `loadH5Model`
 */
import { ModelFormatError } from './errors.js';
import { hdf5SuperblockOffset, withH5File } from './h5.js';
import { h5Meta, loadH5Model } from './load-h5.js';
import { loadKerasModel, loadKerasParts } from './load-keras.js';
import { loadTfjsModel } from './load-tfjs.js';
import { guardAsync, isObject } from './topology.js';
import type { KerasModel } from './types.js';

export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

export type SniffedKind = 'hdf5' | 'zip' | 'json' | 'binary';

/** What a file is, from its first bytes. */
export function sniff(bytes: Uint8Array): SniffedKind {
  if (hdf5SuperblockOffset(bytes) >= 0) return 'hdf5';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) return 'zip';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b /* { */) return 'json';
  return 'binary';
}

function parseJson(f: ModelFile): unknown {
  const text = new TextDecoder().decode(f.bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(f.name, `malformed JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/** Loads a Keras model from the given files, whatever the format. */
export async function loadModel(files: ModelFile[]): Promise<KerasModel> {
  const label = files.map((f) => f.name).join(', ') || '(no files)';
  return guardAsync(label, async () => {
    if (files.length === 0) throw new ModelFormatError('(no files)', 'no model files were given');
    const kinds = files.map((f) => ({ f, kind: sniff(f.bytes) }));
    const of = (k: SniffedKind) => kinds.filter((x) => x.kind === k).map((x) => x.f);
    const zips = of('zip');
    const h5s = of('hdf5');
    const jsons = of('json').map((f) => ({ f, json: parseJson(f) }));

    const tfjs = jsons.filter((j) => isObject(j.json) && ('modelTopology' in j.json || 'weightsManifest' in j.json));
    if (tfjs.length > 1) throw new ModelFormatError(label, `several tfjs model.json files given (${tfjs.map((j) => j.f.name).join(', ')}); give one model at a time`);
    if (tfjs.length === 1) {
      const shards = new Map<string, Uint8Array>();
      for (const f of files) {
        if (f === tfjs[0].f) continue;
        shards.set(f.name, f.bytes);
        shards.set(baseName(f.name), f.bytes);
      }
      return loadTfjsModel(tfjs[0].json as object, shards, { fileName: tfjs[0].f.name });
    }

    if (zips.length > 1 || (zips.length === 1 && files.length > 1)) {
      throw new ModelFormatError(label, 'give a .keras archive on its own');
    }
    if (zips.length === 1) return loadKerasModel(zips[0].bytes, { fileName: zips[0].name });

    if (h5s.length > 1) throw new ModelFormatError(label, `several HDF5 files given (${h5s.map((f) => f.name).join(', ')}); give one model at a time`);
    const arch = jsons.filter((j) => isObject(j.json) && typeof j.json.class_name === 'string');
    const meta = jsons.find((j) => isObject(j.json) && 'keras_version' in j.json && !('class_name' in j.json));
    if (h5s.length === 1) {
      const h5 = h5s[0];
      if (arch.length === 0) return loadH5Model(h5.bytes, { fileName: h5.name });
      if (arch.length > 1) throw new ModelFormatError(label, `several architecture JSON files given (${arch.map((j) => j.f.name).join(', ')})`);
      // A full-model h5 ignores a stray JSON only if it has its own config; otherwise JSON + weights.
      const isKeras3Weights = await withH5File(h5.bytes, h5.name, (f) => h5Meta(f).modelConfig === undefined && f.keys().includes('layers'));
      if (isKeras3Weights) {
        return loadKerasParts(
          { config: arch[0].f.bytes, weights: h5.bytes, metadata: meta?.f.bytes },
          { config: arch[0].f.name, weights: h5.name, metadata: meta?.f.name },
        );
      }
      return loadH5Model(h5.bytes, { fileName: h5.name, architecture: arch[0].json });
    }

    if (jsons.length > 0) {
      const j = jsons[0];
      if (arch.length > 0) {
        throw new ModelFormatError(arch[0].f.name, 'a Keras architecture JSON without weights: also give the weights file (model.weights.h5 or the .h5 from save_weights)');
      }
      throw new ModelFormatError(j.f.name, 'JSON that is neither a tfjs model.json (no modelTopology) nor a Keras model config (no class_name)');
    }
    const names = kinds.map((k) => k.f.name).join(', ');
    throw new ModelFormatError(
      names,
      'not a recognised model file: expected a Keras .h5 (HDF5), a Keras 3 .keras (zip), or a tfjs model.json with its weight files',
    );
  });
}
