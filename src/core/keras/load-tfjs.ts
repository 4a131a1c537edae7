/**
 * TensorFlow.js layers format: `model.json` (`modelTopology` + `weightsManifest`) and its binary weight shards,
 * as written by `tensorflowjs_converter --input_format keras` or by tfjs `model.save()`.
 * Bytes in, no URLs: the caller supplies the shards by path.
 */
import { MissingWeightsError, ModelFormatError, UnsupportedModelError } from './errors.js';
import { buildModel, guard, isObject, type LayerRef } from './topology.js';
import type { KerasModel } from './types.js';
import { shortWeightName, type RawWeight } from './weight-specs.js';

export type ShardSource = Map<string, Uint8Array> | ((path: string) => Uint8Array | undefined);

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
  group?: string;
}

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

function lookupShard(shards: ShardSource, path: string): Uint8Array | undefined {
  const candidates = [path, path.replace(/^\.\//, ''), baseName(path), decodeURIComponent(baseName(path))];
  if (typeof shards === 'function') {
    for (const c of candidates) {
      const b = shards(c);
      if (b) return b;
    }
    return undefined;
  }
  for (const c of candidates) {
    const b = shards.get(c);
    if (b) return b;
  }
  const want = baseName(path);
  for (const [k, v] of shards) if (baseName(k) === want) return v;
  return undefined;
}

/** IEEE 754 half → float. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function bytesPerValue(spec: WeightSpec, file: string): number {
  const q = spec.quantization?.dtype;
  if (q !== undefined) {
    if (q === 'uint8') return 1;
    if (q === 'uint16' || q === 'float16') return 2;
    throw new UnsupportedModelError(`${file}: weight '${spec.name}' uses unknown quantization '${q}'`, { weight: spec.name });
  }
  if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
  if (spec.dtype === 'bool') return 1;
  throw new UnsupportedModelError(`${file}: weight '${spec.name}' has dtype '${spec.dtype}', not a numeric tensor ZKML can use`, {
    weight: spec.name,
  });
}

function decode(spec: WeightSpec, view: DataView, offset: number, n: number): Float32Array {
  const out = new Float32Array(n);
  const q = spec.quantization;
  if (q?.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
  } else if (q) {
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    const round = q.original_dtype === 'int32';
    for (let i = 0; i < n; i++) {
      const v = (q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true)) * scale + min;
      out[i] = round ? Math.round(v) : v;
    }
  } else if (spec.dtype === 'float32') {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  } else if (spec.dtype === 'int32') {
    for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, true);
  } else {
    for (let i = 0; i < n; i++) out[i] = view.getUint8(offset + i);
  }
  return out;
}

function parseSpec(w: unknown, file: string, i: number): WeightSpec {
  if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new ModelFormatError(file, `weightsManifest entry #${i} is not {name, shape, dtype}`);
  }
  return {
    name: w.name,
    shape: w.shape as number[],
    dtype: typeof w.dtype === 'string' ? w.dtype : 'float32',
    ...(isObject(w.quantization) ? { quantization: w.quantization as WeightSpec['quantization'] } : {}),
    ...(typeof w.group === 'string' ? { group: w.group } : {}),
  };
}

/** Reads every weight of the manifest, in manifest order. */
function readManifest(manifest: unknown, shards: ShardSource, file: string): { spec: WeightSpec; data: Float32Array }[] {
  if (!Array.isArray(manifest)) throw new ModelFormatError(file, 'weightsManifest is missing or not a list');
  const out: { spec: WeightSpec; data: Float32Array }[] = [];
  let specIndex = 0;
  for (const [g, group] of manifest.entries()) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new ModelFormatError(file, `weightsManifest group #${g} needs paths and weights lists`);
    }
    const parts: Uint8Array[] = [];
    for (const p of group.paths) {
      if (typeof p !== 'string') throw new ModelFormatError(file, `weightsManifest group #${g} has a non-string path`);
      const b = lookupShard(shards, p);
      if (!b) {
        throw new MissingWeightsError(`${file}: weight shard '${p}' listed in weightsManifest was not supplied`, { file: p, expected: group.paths });
      }
      parts.push(b);
    }
    const total = parts.reduce((a, b) => a + b.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const b of parts) {
      buf.set(b, o);
      o += b.length;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let offset = 0;
    for (const w of group.weights) {
      const spec = parseSpec(w, file, specIndex++);
      const n = spec.shape.reduce((a, b) => a * b, 1);
      const size = n * bytesPerValue(spec, file);
      if (offset + size > total) {
        throw new ModelFormatError(
          group.paths.join(', '),
          `weight shard data is too short: ${total} bytes, but '${spec.name}' needs bytes ${offset}..${offset + size} (truncated or mismatched with model.json)`,
          { details: { weight: spec.name, bytes: total, needed: offset + size } },
        );
      }
      out.push({ spec, data: decode(spec, view, offset, n) });
      offset += size;
    }
  }
  return out;
}

/**
 * Loads a tfjs layers model. `modelJson` is the text or parsed object of `model.json`; `shards` gives the
 * bytes of each path in its `weightsManifest` (looked up by the path as written, then by its base name).
 */
export function loadTfjsModel(modelJson: string | object, shards: ShardSource, opts: { fileName?: string } = {}): KerasModel {
  const file = opts.fileName ?? 'model.json';
  return guard(file, () => {
    let json: unknown = modelJson;
    if (typeof modelJson === 'string') {
      try {
        json = JSON.parse(modelJson);
      } catch (e) {
        throw new ModelFormatError(file, `malformed JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    if (!isObject(json)) throw new ModelFormatError(file, 'expected a JSON object with modelTopology and weightsManifest');
    if (json.format === 'graph-model' || (isObject(json.modelTopology) && 'node' in json.modelTopology)) {
      throw new UnsupportedModelError(
        `${file}: this is a tfjs graph model (converted from a SavedModel), which has no Keras layers; convert the Keras model ` +
          'itself (tensorflowjs_converter --input_format keras model.h5 out/) or save it from tfjs with model.save()',
        { format: 'graph-model' },
      );
    }
    const topo = json.modelTopology;
    if (!isObject(topo)) throw new ModelFormatError(file, 'no modelTopology: not a tfjs layers model.json');
    const modelConfig = isObject(topo.model_config) ? topo.model_config : topo;
    const weights = readManifest(json.weightsManifest, shards, file).filter((w) => w.spec.group !== 'optimizer');
    const used = new Set<number>();
    const provider = (layer: LayerRef): RawWeight[] | undefined => {
      // Weight names are '<layer>/<weight>' (possibly under an enclosing model's scope); prefer a match on the
      // first path component, then anywhere (nested models), never one already taken.
      const pick = (anywhere: boolean): RawWeight[] => {
        const found: RawWeight[] = [];
        weights.forEach((w, i) => {
          if (used.has(i)) return;
          const parts = w.spec.name.split('/');
          const at = anywhere ? parts.slice(0, -1).lastIndexOf(layer.name) : parts[0] === layer.name && parts.length > 1 ? 0 : -1;
          if (at < 0) return;
          if (anywhere && !(layer.scope.length > 0 && parts.slice(0, at).every((p) => layer.scope.includes(p)))) return;
          used.add(i);
          found.push({ name: shortWeightName(parts.slice(at + 1).join('/')), shape: w.spec.shape, data: w.data });
        });
        return found;
      };
      const direct = pick(false);
      const raw = direct.length > 0 ? direct : pick(true);
      return raw.length > 0 ? raw : undefined;
    };
    return buildModel({
      format: 'tfjs',
      file,
      modelConfig,
      weights: provider,
      kerasVersion: typeof topo.keras_version === 'string' ? topo.keras_version : undefined,
      backend: typeof topo.backend === 'string' ? topo.backend : undefined,
    });
  });
}
