/**
 * Turns a Keras model config — Keras 2 / tfjs (`batch_input_shape`, list-style `inbound_nodes`) or Keras 3
 * (`batch_shape`, `module`/`registered_name` envelopes, `__keras_tensor__` inbound args) — into the flat
 * layer graph of `KerasModel`. Weights come from a format-specific provider.
 */
import { ZkmlError } from '../errors.js';
import { MissingWeightsError, ModelFormatError, UnsupportedModelError } from './errors.js';
import type { KerasLayer, KerasModel, ModelFormat } from './types.js';
import { assignWeights, expectedWeights, type RawWeight } from './weight-specs.js';

/** What a weight provider is told about the layer whose weights it must find. */
export interface LayerRef {
  /** The layer's own name (inside its sub-model, when nested). */
  name: string;
  className: string;
  /** Normalised config. */
  config: Record<string, unknown>;
  /** Names of the nested sub-models enclosing the layer, outermost first; empty at top level. */
  scope: string[];
  /** Where Keras 3 keeps its variables in `model.weights.h5` (without `/vars`), e.g. `layers/dense_1`. */
  keras3Path: string;
  /** Weight names the layer must have in Keras order, or `undefined` for a class not in the table. */
  expected: string[] | undefined;
}

/** Returns the layer's weights in file order, or `undefined` when the file has no entry at all for it. */
export type WeightProvider = (layer: LayerRef) => RawWeight[] | undefined;

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `'zkml>Poly'` → `'Poly'`. */
export function stripPackage(className: string): string {
  const i = className.lastIndexOf('>');
  return i >= 0 ? className.slice(i + 1) : className;
}

/** Keras's `naming.to_snake_case`, used by Keras 3 to name layer groups in `model.weights.h5`. */
export function toSnakeCase(name: string): string {
  let s = name.replace(/\W+/g, '');
  s = s.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  s = s.replace(/([a-z])([A-Z])/g, '$1_$2');
  return s.toLowerCase();
}

const DTYPE_POLICIES = new Set(['DTypePolicy', 'FloatDTypePolicy', 'Policy', 'QuantizedDTypePolicy', 'QuantizedFloat8DTypePolicy']);

/** Simplifies Keras 3 envelopes (see `types.ts`) recursively; leaves Keras 2 / tfjs configs as they are. */
export function normaliseConfigValue(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => normaliseConfigValue(x));
  if (!isObject(v)) return v;
  if (typeof v.class_name === 'string' && 'config' in v) {
    const cls = stripPackage(v.class_name);
    const cfg = v.config;
    if (cls === '__tuple__' && isObject(cfg) && Array.isArray(cfg.value)) return normaliseConfigValue(cfg.value);
    if ((key === 'dtype' || DTYPE_POLICIES.has(cls)) && isObject(cfg) && typeof cfg.name === 'string') return cfg.name;
    return { class_name: cls, config: normaliseConfigValue(cfg) };
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) out[k] = normaliseConfigValue(x, k);
  return out;
}

interface FlatLayer {
  name: string;
  className: string;
  config: Json;
  inbound: string[];
  ref: LayerRef;
}

interface InputSpec {
  name: string;
  batchShape: unknown;
  config: Json;
}

interface Graph {
  inputs: InputSpec[];
  layers: FlatLayer[];
  outputs: string[];
}

interface Ctx {
  file: string;
  used: Set<string>;
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function entryName(entry: Json, config: Json): string | undefined {
  return str(entry.name) ?? str(config.name);
}

/** Batch shape declared on a layer or its Keras 3 build_config, or `undefined`. */
function declaredBatchShape(entry: Json, config: Json): unknown {
  if (Array.isArray(config.batch_input_shape)) return config.batch_input_shape;
  if (Array.isArray(config.batch_shape)) return config.batch_shape;
  if (Array.isArray(config.input_shape)) return [null, ...config.input_shape];
  if (Array.isArray(config.shape)) return [null, ...config.shape];
  const bc = entry.build_config;
  if (isObject(bc) && Array.isArray(bc.input_shape)) return bc.input_shape;
  return undefined;
}

/** Every `[layer, node, tensor]` reference in one serialised inbound node, in order. */
function nodeRefs(node: unknown, file: string, layer: string): { layer: string; tensor: number }[] {
  const refs: { layer: string; tensor: number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      // Keras 2 / tfjs: [name, node_index, tensor_index, kwargs?]
      if (v.length >= 3 && typeof v[0] === 'string' && typeof v[1] === 'number' && typeof v[2] === 'number') {
        refs.push({ layer: v[0], tensor: v[2] });
        return;
      }
      for (const x of v) walk(x);
    } else if (isObject(v)) {
      if (v.class_name === '__keras_tensor__' && isObject(v.config)) {
        const h = v.config.keras_history;
        if (!Array.isArray(h) || typeof h[0] !== 'string') throw new ModelFormatError(file, `layer '${layer}': a __keras_tensor__ without keras_history`);
        refs.push({ layer: h[0], tensor: typeof h[2] === 'number' ? h[2] : 0 });
        return;
      }
      if ('args' in v || 'kwargs' in v) {
        walk(v.args);
        walk(v.kwargs);
        return;
      }
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(node);
  return refs;
}

/** `input_layers` / `output_layers`: `[["a",0,0], ...]`, a single `["a",0,0]` (Keras 3), or a dict of those. */
function layerList(v: unknown): { layer: string; tensor: number }[] {
  if (Array.isArray(v) && v.length >= 3 && typeof v[0] === 'string' && typeof v[1] === 'number') return [{ layer: v[0], tensor: Number(v[2]) || 0 }];
  if (Array.isArray(v)) return v.flatMap((x) => layerList(x));
  if (isObject(v)) return Object.values(v).flatMap((x) => layerList(x));
  return [];
}

function makeRef(ctx: Ctx, name: string, className: string, config: Json, scope: string[], keras3Path: string): LayerRef {
  return { name, className, config, scope, keras3Path, expected: expectedWeights(className, config) };
}

/** Picks a unique name for a layer coming out of a nested model. */
function claimName(ctx: Ctx, name: string, scope: string[]): string {
  let n = name;
  if (ctx.used.has(n)) n = [...scope, name].join('/');
  for (let i = 1; ctx.used.has(n); i++) n = `${[...scope, name].join('/')}_${i}`;
  ctx.used.add(n);
  return n;
}

function keras3Child(parent: string, counters: Map<string, number>, className: string): string {
  const base = toSnakeCase(className);
  const n = counters.get(base);
  counters.set(base, n === undefined ? 0 : n + 1);
  const name = n === undefined ? base : `${base}_${n + 1}`;
  return parent ? `${parent}/layers/${name}` : `layers/${name}`;
}

function parseModel(className: string, rawConfig: unknown, ctx: Ctx, scope: string[], k3: string, modelName: string): Graph {
  if (className === 'Sequential') return parseSequential(rawConfig, ctx, scope, k3, modelName);
  if (!isObject(rawConfig) || !Array.isArray(rawConfig.layers)) {
    throw new ModelFormatError(ctx.file, `model '${modelName}' (${className}): config has no layers list`);
  }
  return parseFunctional(rawConfig, ctx, scope, k3, modelName);
}

/** Inlines a nested model's graph, feeding its single input from `inbound`; returns its output names. */
function inline(ctx: Ctx, sub: Graph, inbound: string[], out: FlatLayer[], modelName: string): string[] {
  if (sub.inputs.length !== inbound.length) {
    throw new UnsupportedModelError(
      `${ctx.file}: nested model '${modelName}' has ${sub.inputs.length} inputs but is called with ${inbound.length}`,
      { layer: modelName },
    );
  }
  const map = new Map<string, string>();
  sub.inputs.forEach((inp, i) => map.set(inp.name, inbound[i]));
  for (const l of sub.layers) out.push({ ...l, inbound: l.inbound.map((n) => map.get(n) ?? n) });
  return sub.outputs.map((n) => map.get(n) ?? n);
}

function parseSequential(rawConfig: unknown, ctx: Ctx, scope: string[], k3: string, modelName: string): Graph {
  const entries = Array.isArray(rawConfig) ? rawConfig : isObject(rawConfig) ? rawConfig.layers : undefined;
  if (!Array.isArray(entries)) throw new ModelFormatError(ctx.file, `Sequential model '${modelName}': config has no layers list`);
  const graph: Graph = { inputs: [], layers: [], outputs: [] };
  const counters = new Map<string, number>();
  let prev: string | undefined;
  for (const [i, entry] of entries.entries()) {
    if (!isObject(entry) || typeof entry.class_name !== 'string') {
      throw new ModelFormatError(ctx.file, `Sequential model '${modelName}': layer #${i} has no class_name`);
    }
    const cls = stripPackage(entry.class_name);
    const config = (isObject(entry.config) ? normaliseConfigValue(entry.config) : {}) as Json;
    const name = entryName(entry, config) ?? `${toSnakeCase(cls)}_${i}`;
    const path = keras3Child(k3, counters, cls);
    if (cls === 'InputLayer') {
      if (prev !== undefined) throw new UnsupportedModelError(`${ctx.file}: InputLayer '${name}' in the middle of Sequential '${modelName}'`, { layer: name });
      graph.inputs.push({ name: claimName(ctx, name, scope), batchShape: declaredBatchShape(entry, config), config });
      prev = graph.inputs[0].name;
      continue;
    }
    if (prev === undefined) {
      let batchShape = declaredBatchShape(entry, config);
      if (batchShape === undefined && isObject(rawConfig)) {
        batchShape = rawConfig.build_input_shape ?? (isObject(entry.build_config) ? entry.build_config.input_shape : undefined);
      }
      // A nested model first in a Sequential carries its own input.
      if (!MODEL_CLASSES.has(cls) || batchShape !== undefined) {
        graph.inputs.push({ name: claimName(ctx, `${name}_input`, scope), batchShape, config: {} });
        prev = graph.inputs[0].name;
      }
    }
    if (MODEL_CLASSES.has(cls)) {
      const sub = parseModel(cls, entry.config, ctx, [...scope, name], path, name);
      if (prev === undefined) {
        // the nested model provides the input
        graph.inputs.push(...sub.inputs);
        graph.layers.push(...sub.layers);
        if (sub.outputs.length !== 1) throw new UnsupportedModelError(`${ctx.file}: nested model '${name}' has ${sub.outputs.length} outputs`, { layer: name });
        prev = sub.outputs[0];
      } else {
        const outs = inline(ctx, sub, [prev], graph.layers, name);
        if (outs.length !== 1) throw new UnsupportedModelError(`${ctx.file}: nested model '${name}' has ${outs.length} outputs`, { layer: name });
        prev = outs[0];
      }
      continue;
    }
    const flat = claimName(ctx, name, scope);
    graph.layers.push({ name: flat, className: cls, config, inbound: [prev!], ref: makeRef(ctx, name, cls, config, scope, path) });
    prev = flat;
  }
  if (prev === undefined) throw new ModelFormatError(ctx.file, `Sequential model '${modelName}' has no layers`);
  graph.outputs = [prev];
  return graph;
}

function parseFunctional(config: Json, ctx: Ctx, scope: string[], k3: string, modelName: string): Graph {
  const graph: Graph = { inputs: [], layers: [], outputs: [] };
  const counters = new Map<string, number>();
  /** Layer name in this config → its name in the flat graph (nested models map to their output). */
  const alias = new Map<string, string>();
  const resolve = (ref: { layer: string; tensor: number }, user: string): string => {
    if (ref.tensor !== 0) {
      throw new UnsupportedModelError(`${ctx.file}: layer '${user}' uses output ${ref.tensor} of the multi-output layer '${ref.layer}'`, {
        layer: user,
      });
    }
    const a = alias.get(ref.layer);
    if (a === undefined) throw new ModelFormatError(ctx.file, `layer '${user}' takes its input from '${ref.layer}', which is not defined before it`);
    return a;
  };
  for (const [i, entry] of (config.layers as unknown[]).entries()) {
    if (!isObject(entry) || typeof entry.class_name !== 'string') {
      throw new ModelFormatError(ctx.file, `model '${modelName}': layer #${i} has no class_name`);
    }
    const cls = stripPackage(entry.class_name);
    const cfg = (isObject(entry.config) ? normaliseConfigValue(entry.config) : {}) as Json;
    const name = entryName(entry, cfg);
    if (name === undefined) throw new ModelFormatError(ctx.file, `model '${modelName}': layer #${i} (${cls}) has no name`);
    const path = keras3Child(k3, counters, cls);
    if (cls === 'InputLayer') {
      const flat = claimName(ctx, name, scope);
      graph.inputs.push({ name: flat, batchShape: declaredBatchShape(entry, cfg), config: cfg });
      alias.set(name, flat);
      continue;
    }
    const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : [];
    if (nodes.length === 0) throw new ModelFormatError(ctx.file, `layer '${name}' (${cls}) has no inbound_nodes`);
    if (nodes.length > 1) {
      throw new UnsupportedModelError(`${ctx.file}: layer '${name}' is called ${nodes.length} times (a shared layer); ZKML needs each layer used once`, {
        layer: name,
      });
    }
    const inbound = nodeRefs(nodes[0], ctx.file, name).map((r) => resolve(r, name));
    if (inbound.length === 0) throw new ModelFormatError(ctx.file, `layer '${name}' (${cls}) has an inbound node with no input tensor`);
    if (MODEL_CLASSES.has(cls)) {
      const sub = parseModel(cls, entry.config, ctx, [...scope, name], path, name);
      const outs = inline(ctx, sub, inbound, graph.layers, name);
      if (outs.length !== 1) throw new UnsupportedModelError(`${ctx.file}: nested model '${name}' has ${outs.length} outputs`, { layer: name });
      alias.set(name, outs[0]);
      continue;
    }
    const flat = claimName(ctx, name, scope);
    alias.set(name, flat);
    graph.layers.push({ name: flat, className: cls, config: cfg, inbound, ref: makeRef(ctx, name, cls, cfg, scope, path) });
  }
  const declaredInputs = layerList(config.input_layers).map((r) => r.layer);
  if (declaredInputs.length > 0) {
    const inputs = declaredInputs.map((n) => graph.inputs.find((x) => x.name === alias.get(n)));
    if (inputs.some((x) => x === undefined)) throw new ModelFormatError(ctx.file, `model '${modelName}': input_layers names a layer that is not an InputLayer`);
    graph.inputs = inputs as InputSpec[];
  }
  const outputs = layerList(config.output_layers);
  if (outputs.length === 0) throw new ModelFormatError(ctx.file, `model '${modelName}': no output_layers`);
  graph.outputs = outputs.map((r) => resolve(r, 'output_layers'));
  return graph;
}

function parseInputShape(input: InputSpec, file: string): number[] {
  const bs = input.batchShape;
  if (!Array.isArray(bs) || bs.length < 2) {
    throw new UnsupportedModelError(`${file}: the input '${input.name}' has no declared shape; give the first layer an input shape`, {
      layer: input.name,
    });
  }
  const dims = bs.slice(1);
  if (!dims.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    throw new UnsupportedModelError(
      `${file}: the input shape [${dims.map((d) => (d === null ? 'None' : String(d))).join(', ')}] is not fully known; circuits need fixed sizes`,
      { layer: input.name, shape: dims },
    );
  }
  return dims;
}

/** Orders layers so each comes after all of its inputs (Keras configs already are; nested inlining keeps it). */
function topoSort(layers: KerasLayer[], file: string): KerasLayer[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: KerasLayer[] = [];
  const visit = (l: KerasLayer): void => {
    if (done.has(l.name)) return;
    if (visiting.has(l.name)) throw new ModelFormatError(file, `the layer graph has a cycle through '${l.name}'`);
    visiting.add(l.name);
    for (const n of l.inbound) {
      const src = byName.get(n);
      if (!src) throw new ModelFormatError(file, `layer '${l.name}' takes its input from unknown layer '${n}'`);
      visit(src);
    }
    visiting.delete(l.name);
    done.add(l.name);
    out.push(l);
  };
  layers.forEach(visit);
  return out;
}

export interface BuildOptions {
  format: ModelFormat;
  /** File name for messages. */
  file: string;
  /** The Keras model config: `{class_name, config}` (possibly with Keras 3 `module`/`registered_name`). */
  modelConfig: unknown;
  weights: WeightProvider;
  kerasVersion?: string;
  backend?: string;
}

/** Builds the normalised model from a parsed config and a weight provider. */
export function buildModel(opts: BuildOptions): KerasModel {
  const { file } = opts;
  const mc = opts.modelConfig;
  if (!isObject(mc) || typeof mc.class_name !== 'string') throw new ModelFormatError(file, 'the model config has no class_name');
  const cls = stripPackage(mc.class_name);
  const cfg = mc.config;
  const name = (isObject(cfg) && str(cfg.name)) || str(mc.name) || cls.toLowerCase();
  if (!MODEL_CLASSES.has(cls)) {
    throw new UnsupportedModelError(`${file}: the top-level object is a ${cls}, not a Sequential or Functional model`, { className: cls });
  }
  const ctx: Ctx = { file, used: new Set() };
  const graph = parseModel(cls, cfg, ctx, [], '', name);
  if (graph.inputs.length !== 1) {
    throw new UnsupportedModelError(`${file}: the model has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}); ZKML supports exactly one`, {
      inputs: graph.inputs.map((i) => i.name),
    });
  }
  const input = graph.inputs[0];
  const inputShape = parseInputShape(input, file);
  const inputLayer: KerasLayer = {
    name: input.name,
    className: 'InputLayer',
    config: { ...input.config, name: input.name, batch_input_shape: [null, ...inputShape], dtype: input.config.dtype ?? 'float32' },
    inbound: [],
    weights: [],
  };
  delete inputLayer.config.batch_shape;
  const layers: KerasLayer[] = [inputLayer];
  for (const l of graph.layers) {
    const raw = opts.weights(l.ref);
    if (raw === undefined && l.ref.expected !== undefined && l.ref.expected.length > 0) {
      throw new MissingWeightsError(`${file}: no weights found for layer '${l.name}' (${l.className}), which needs [${l.ref.expected.join(', ')}]`, {
        file,
        layer: l.name,
        expected: l.ref.expected,
      });
    }
    layers.push({ name: l.name, className: l.className, config: l.config, inbound: l.inbound, weights: assignWeights(l, raw ?? [], file) });
  }
  return {
    format: opts.format,
    name,
    ...(opts.kerasVersion !== undefined ? { kerasVersion: opts.kerasVersion } : {}),
    ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
    inputShape,
    layers: topoSort(layers, file),
    outputs: graph.outputs,
  };
}

/** Runs a loader body, turning anything that is not already a ZKML error into a `ModelFormatError` for `file`. */
export function guard<T>(file: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw wrapError(file, e);
  }
}

export async function guardAsync<T>(file: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw wrapError(file, e);
  }
}

function wrapError(file: string, e: unknown): unknown {
  if (e instanceof ZkmlError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ModelFormatError(file, `cannot read the model: ${msg.split('\n')[0]}`, { cause: e });
}
