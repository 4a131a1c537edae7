/**
 * Keras HDF5 files, read with h5wasm (see `h5.ts`):
 * - a full Keras 2 model (`model.save('m.h5')`, also Keras 3's legacy `.h5`): root attribute `model_config`
 *   (JSON), `keras_version`, `backend`, and a `model_weights` group with one group per layer whose attribute
 *   `weight_names` lists its datasets (`conv2d/kernel:0`, ...) relative to that group;
 * - weights-only files, used with a separate architecture JSON (see `loadModel`): Keras 2 `save_weights`
 *   (`layer_names` at the root) and Keras 3 `.weights.h5` (`layers/<snake_class>/vars/0..`, as in `.keras`).
 */
import type { File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors.js';
import { attrString, attrStrings, isDataset, isGroup, readFloatDataset, withH5File } from './h5.js';
import { buildModel, guardAsync, type LayerRef, type WeightProvider } from './topology.js';
import type { KerasModel } from './types.js';
import type { RawWeight } from './weight-specs.js';

export type H5WeightsLayout = 'keras2' | 'keras3';

function dataset(g: Group, path: string, file: string, label: string): RawWeight {
  let d: unknown;
  try {
    d = g.get(path);
  } catch {
    d = null;
  }
  if (!isDataset(d)) throw new ModelFormatError(file, `weight '${label}' is listed but there is no dataset at '${g.path}/${path}'`);
  const v = readFloatDataset(d);
  if (!v) throw new ModelFormatError(file, `weight '${label}' (${g.path}/${path}) is not a numeric array (dtype ${JSON.stringify(d.dtype)})`);
  return { name: path, shape: v.shape, data: v.data };
}

function child(g: Group, name: string): Group | undefined {
  if (!g.keys().includes(name)) return undefined;
  const c = g.get(name);
  return isGroup(c) ? c : undefined;
}

/** Keras 2 layout: `root/<layer>` groups with `weight_names`, nested models holding their layers' weights. */
function keras2Provider(root: Group, file: string): WeightProvider {
  return (layer: LayerRef) => {
    const groupName = layer.scope.length > 0 ? layer.scope[0] : layer.name;
    const g = child(root, groupName);
    if (!g) return undefined;
    const names = attrStrings(g, 'weight_names');
    if (names === undefined) throw new ModelFormatError(file, `layer group '${g.path}' has no weight_names attribute`);
    let mine = names;
    if (layer.scope.length > 0) {
      // A nested model's group holds all its layers' weights: keep those under this layer's name.
      mine = names.filter((n) => n.split('/').slice(0, -1).includes(layer.name));
    }
    return mine.map((n) => {
      const w = dataset(g, n, file, n);
      const parts = n.split('/');
      return { ...w, name: parts[parts.length - 1] };
    });
  };
}

/** Keras 3 layout: `layers/<snake_class>[_n]/vars/<i>` (also tf.keras 2.13+'s `_layer_checkpoint_dependencies`). */
function keras3Provider(f: Group, file: string): WeightProvider {
  const resolve = (path: string): Group | undefined => {
    let g: Group | undefined = f;
    for (const part of path.split('/')) {
      g = g && child(g, part);
      if (!g) return undefined;
    }
    return g;
  };
  return (layer: LayerRef) => {
    const candidates = [layer.keras3Path, layer.keras3Path.replace(/(^|\/)layers\//g, '$1_layer_checkpoint_dependencies/')];
    // Some writers key groups by layer name rather than class name.
    const byName = layer.keras3Path.split('/');
    byName[byName.length - 1] = layer.name;
    candidates.push(byName.join('/'));
    for (const c of candidates) {
      const g = resolve(c);
      const vars = g && child(g, 'vars');
      if (!vars) continue;
      const keys = vars.keys();
      const numeric = keys.every((k) => /^\d+$/.test(k));
      const ordered = numeric ? [...keys].sort((a, b) => Number(a) - Number(b)) : keys;
      return ordered.map((k) => dataset(vars, k, file, `${c}/vars/${k}`));
    }
    return undefined;
  };
}

/** Which weights layout an open HDF5 file has, and the provider for it. */
export function weightsProvider(f: H5File, file: string): { layout: H5WeightsLayout; provider: WeightProvider } {
  const keys = f.keys();
  if (keys.includes('model_weights')) {
    const mw = child(f, 'model_weights');
    if (mw) return { layout: 'keras2', provider: keras2Provider(mw, file) };
  }
  if (keys.includes('layers') || keys.includes('_layer_checkpoint_dependencies') || (keys.includes('vars') && !attrStrings(f, 'layer_names'))) {
    return { layout: 'keras3', provider: keras3Provider(f, file) };
  }
  if (attrStrings(f, 'layer_names') !== undefined) return { layout: 'keras2', provider: keras2Provider(f, file) };
  throw new ModelFormatError(file, 'no Keras weights in this HDF5 file (no model_weights group, no layers group, no layer_names attribute)');
}

export interface H5Meta {
  modelConfig?: string;
  kerasVersion?: string;
  backend?: string;
}

/** Reads the root attributes Keras writes. */
export function h5Meta(f: H5File): H5Meta {
  const out: H5Meta = {};
  const mc = attrString(f, 'model_config');
  if (mc !== undefined) out.modelConfig = mc;
  const mw = child(f, 'model_weights');
  const kv = attrString(f, 'keras_version') ?? (mw && attrString(mw, 'keras_version'));
  if (kv !== undefined) out.kerasVersion = kv;
  const be = attrString(f, 'backend') ?? (mw && attrString(mw, 'backend'));
  if (be !== undefined) out.backend = be;
  return out;
}

export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(file, `malformed JSON in ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Loads a full-model Keras HDF5 file. With `architecture` (the JSON of `model.to_json()` or a Keras 3
 * `config.json`), also accepts a weights-only HDF5 file in either layout.
 */
export async function loadH5Model(bytes: Uint8Array, opts: { fileName?: string; architecture?: unknown } = {}): Promise<KerasModel> {
  const file = opts.fileName ?? 'model.h5';
  return guardAsync(file, () =>
    withH5File(bytes, file, (f) => {
      const meta = h5Meta(f);
      let modelConfig = opts.architecture;
      if (modelConfig === undefined) {
        if (meta.modelConfig === undefined) {
          throw new ModelFormatError(
            file,
            'no model_config attribute: this HDF5 file holds weights only (model.save_weights); load it together with the ' +
              "architecture JSON (model.to_json()), or save the whole model with model.save('model.h5') or model.save('model.keras')",
          );
        }
        modelConfig = parseJsonText(meta.modelConfig, file, 'the model_config attribute');
      }
      const { layout, provider } = weightsProvider(f, file);
      return buildModel({
        format: layout === 'keras3' ? 'keras' : 'h5',
        file,
        modelConfig,
        weights: provider,
        kerasVersion: meta.kerasVersion,
        backend: meta.backend,
      });
    }),
  );
}
