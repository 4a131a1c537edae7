/**
 * Decrypt and rebuild (docs/PROTOCOL.md §2, §7): from the hunter's published architecture and the
 * decrypted weights back to
 *  1. the exact quantized graph the circuit computes (`rebuildGraph`: graphFromArchitecture with the
 *     weights put back in their slots, checked against the bounty's model commitment), whose integer
 *     inference (`infer`) gives exactly the circuit's predictions;
 *  2. a float Keras model (`floatModelOf`): every linear layer's kernel and bias dequantized exactly
 *     (int / 2^scale, float32), ReLU and rescale+ReLU as the Keras activation, softmax-as-argmax as the
 *     last layer's softmax, pooling and flatten as Keras layers, the polynomial activation as ZKML's `Poly` layer; rescales and scale-ups are left out
 *     (the transpiler inserts them again); a graph with Add/Concatenate is written as a functional model;
 *  3. its files: a tfjs `model.json` + `weights.bin` and a Keras 2 `.h5` (`rebuiltModelFiles`), each
 *     recording the transpile options under which it re-quantizes to the same model commitment.
 *
 * Pure and isomorphic (h5wasm is loaded lazily by src/core/keras/h5.ts).
 *
 * Why re-quantization reproduces the graph exactly: a kernel quantized at scale s has max |q| ≥ 2^(bits−2)
 * (otherwise the quantizer would have picked s + 1, or s is the cap), so `bestScale(max|q| / 2^s, bits)`
 * is s again and `round(q / 2^s · 2^s) = q`; biases go on the accumulator scale, exact as well. Limits:
 * float32 holds integers up to 2^24 exactly, so a tensor with a wider value is refused
 * (FloatPrecisionError); node kinds without a Keras counterpart here are refused (UnrebuildableModelError),
 * and so are clips with a lower bound other than 0.
 */
import type { QGraph, QNode, QuantizeOptions } from '../quantize/types.js';
import { ZkmlError } from '../errors.js';
import { paramSlots } from '../codegen/index.js';
import { architectureOf, archHash, graphFromArchitecture, type Architecture } from '../commit/architecture.js';
import { modelCommitment } from '../commit/model.js';
import { bestScale } from '../quantize/bounds.js';
import { transpile } from '../transpile.js';
import { loadTfjsModel } from '../keras/load-tfjs.js';
import type { KerasModel } from '../keras/types.js';
import { writeH5 } from '../keras/h5.js';
import { openModel } from './handover.js';
import { CommitmentMismatchError, HandoverDataError } from './errors.js';
import type { Point } from './babyjub.js';
import type { ParamShape } from './limbs.js';

/** The quantized graph has node kinds (or a topology) the float rebuild cannot express as Keras layers. */
export class UnrebuildableModelError extends ZkmlError {
  override name = 'UnrebuildableModelError';
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super(`the model cannot be rebuilt as a Keras model: ${problem}`, { details: { problem, ...details } });
  }
}

/** A weight too wide for float32 to hold exactly (|value| ≥ 2^24): its dequantized float would not re-quantize to it. */
export class FloatPrecisionError extends ZkmlError {
  override name = 'FloatPrecisionError';
  constructor(node: string, tensor: string, value: bigint) {
    super(`${node}.${tensor} holds ${value}, wider than the 24 bits float32 represents exactly; the float model would not re-quantize to the committed one`, { details: { node, tensor, value: String(value) } });
  }
}

/** No transpile options tried make the rebuilt float model re-quantize to the committed model. */
export class RequantizationError extends ZkmlError {
  override name = 'RequantizationError';
  constructor(tried: number[], expected: bigint) {
    super(`the rebuilt float model does not transpile back to the committed model (actBits tried: ${tried.join(', ')})`, { details: { tried, expected: String(expected) } });
  }
}

/** Kinds the float rebuild turns into Keras layers (every other kind is refused by name). */
export const REBUILDABLE_KINDS = [
  'input', 'dense', 'conv2d', 'relu', 'rescaleRelu', 'rescale', 'scaleUp', 'maxPool2d', 'avgPool2d', 'sumPool2d',
  'globalAvgPool2d', 'globalSumPool2d', 'globalMaxPool2d', 'flatten', 'argmax', 'poly', 'leakyRelu', 'clip', 'zeroPadding2d',
  'add', 'concatenate', 'depthwiseConv2d', 'upSampling2d',
] as const;

/** The parameter shape (what §2 packs) of an architecture: counts and widths of the weights and biases groups. */
export function paramShapeOf(arch: unknown): ParamShape {
  const { nWeights, nBiases, weightBits, biasBits } = paramSlots(graphFromArchitecture(arch));
  return { nWeights, weightBits, nBiases, biasBits };
}

/**
 * The exact quantized graph: the architecture with `weights` / `biases` (the circuit's flat order,
 * `modelParams`) put back in their slots. With `commitment`, checks modelCommitment(graph) against it
 * (CommitmentMismatchError); the widths are recomputed from the values, so a value outside its declared
 * width is a mismatch too.
 */
export function rebuildGraph(arch: unknown, params: { weights: readonly bigint[]; biases: readonly bigint[] }, commitment?: bigint): QGraph {
  const g = graphFromArchitecture(arch);
  const { slots, nWeights, nBiases } = paramSlots(g);
  if (params.weights.length !== nWeights || params.biases.length !== nBiases) {
    throw new HandoverDataError(`the architecture takes ${nWeights} weights and ${nBiases} biases, got ${params.weights.length} and ${params.biases.length}`,
      { expected: [nWeights, nBiases], got: [params.weights.length, params.biases.length] });
  }
  for (const s of slots) {
    const w = g.nodes.find((n) => n.id === s.node)!.weights[s.signal];
    w.data = (s.group === 'weights' ? params.weights : params.biases).slice(s.offset, s.offset + s.size);
    delete w.width;
  }
  if (commitment !== undefined) {
    const got = modelCommitment(g);
    if (got !== commitment) throw new CommitmentMismatchError(commitment, got);
  }
  return g;
}

/**
 * The provider's whole path (PROTOCOL §7): decrypt the ciphertext, check the model commitment, unpack,
 * and rebuild the exact quantized graph from the published architecture.
 */
export function openAndRebuild(args: {
  ciphertext: readonly bigint[]; providerSk: bigint; hunterPub: Point; nonce: bigint; architecture: unknown; commitment: bigint;
}): { graph: QGraph; weights: bigint[]; biases: bigint[] } {
  const shape = paramShapeOf(args.architecture);
  const opened = openModel({ ...args, shape, archHash: archHash(args.architecture as Architecture) });
  const graph = rebuildGraph(args.architecture, opened, args.commitment);
  return { graph, weights: opened.weights, biases: opened.biases };
}

// ---------------------------------------------------------------------------------------------- float model

export interface FloatLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  weights: { name: 'kernel' | 'depthwise_kernel' | 'bias'; shape: number[]; data: Float32Array }[];
  /** the layers feeding this one (the model input is `FloatModel.inputName`) */
  inbound: string[];
}

/**
 * A float Keras model: its layers in topological order (no InputLayer). `sequential` when every layer
 * takes the previous one (written as a Sequential model), otherwise written as a functional model.
 */
export interface FloatModel { name: string; inputShape: number[]; inputName: string; layers: FloatLayer[]; output: string; sequential: boolean }

const F32_EXACT = 1n << 24n;

function dequantize(n: QNode, key: string, tensor: FloatLayer['weights'][number]['name']): FloatLayer['weights'][number] {
  const w = n.weights[key];
  const f = 2 ** w.scale;
  const data = new Float32Array(w.data.length);
  w.data.forEach((v, i) => {
    if (v >= F32_EXACT || v <= -F32_EXACT) throw new FloatPrecisionError(n.id, key, v);
    data[i] = Number(v) / f;
  });
  return { name: tensor, shape: [...w.shape], data };
}

const pool = (n: QNode) => ({
  pool_size: [Number(n.params.PH), Number(n.params.PW)], strides: [Number(n.params.STRIDE_H), Number(n.params.STRIDE_W)],
  padding: Number(n.params.PADDING) ? 'same' : 'valid', data_format: 'channels_last',
});

const WIRING = new Set(['rescale', 'scaleUp']);

/**
 * The float Keras model of a quantized graph. Throws UnrebuildableModelError naming every node whose
 * kind has no Keras counterpart here.
 */
export function floatModelOf(g: QGraph, name = 'zkml_rebuilt'): FloatModel {
  const bad = g.nodes.filter((n) => !(REBUILDABLE_KINDS as readonly string[]).includes(n.kind));
  if (bad.length) {
    const kinds = [...new Set(bad.map((n) => n.kind))];
    throw new UnrebuildableModelError(`no Keras layer for the quantized node kind${kinds.length > 1 ? 's' : ''} ${kinds.join(', ')} (nodes ${bad.map((n) => n.id).join(', ')}); supported: ${REBUILDABLE_KINDS.join(', ')}`,
      { kinds, nodes: bad.map((n) => n.id) });
  }
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const ids = new Set(g.nodes.map((n) => n.id));
  let inputName = 'zkml_input';
  while (ids.has(inputName)) inputName += '_';
  // through the rescales and scale-ups the transpiler inserts again
  const through = (id: string): string => { let x = byId.get(id); while (x && WIRING.has(x.kind)) x = byId.get(x.inputs[0]); return x ? x.id : id; };
  const uses = new Map<string, number>();
  for (const n of g.nodes) if (n.kind !== 'input' && !WIRING.has(n.kind)) for (const i of n.inputs) uses.set(through(i), (uses.get(through(i)) ?? 0) + 1);
  if (g.nodes.some((n) => n.kind === 'input' && n.id !== 'in')) throw new UnrebuildableModelError('the input node is not named "in"');
  const alias = new Map<string, string>([['in', inputName]]);
  const keras = (id: string) => alias.get(through(id)) ?? through(id);
  const layers: FloatLayer[] = [];
  const byName = new Map<string, FloatLayer>();
  /** the linear layer `src` when `n` is its only consumer and it has no activation yet: the activation folds into it */
  const foldInto = (n: QNode, suffix: string, src: string) => {
    const l = byName.get(src);
    return n.id === `${src}_${suffix}` && uses.get(src) === 1 && l && ['Dense', 'Conv2D', 'DepthwiseConv2D'].includes(l.className) && l.config.activation === 'linear' ? l : null;
  };
  for (const n of g.nodes) {
    if (n.kind === 'input' || WIRING.has(n.kind)) continue;
    const multi = n.kind === 'add' || n.kind === 'concatenate';
    if (n.inputs.length !== (multi ? 2 : 1)) throw new UnrebuildableModelError(`node ${n.id} (${n.kind}) has ${n.inputs.length} inputs`, { node: n.id });
    const inbound = n.inputs.map(keras);
    const src = through(n.inputs[0]);
    const add = (className: string, config: Record<string, unknown>, weights: FloatLayer['weights'] = []) => {
      const l: FloatLayer = { className, name: n.id, config: { name: n.id, trainable: true, dtype: 'float32', ...config }, weights, inbound };
      layers.push(l); byName.set(n.id, l);
    };
    const hasBias = 'bias' in n.weights;
    switch (n.kind) {
      case 'dense':
        add('Dense', { units: Number(n.params.N_OUT), activation: 'linear', use_bias: hasBias },
          [dequantize(n, 'weights', 'kernel'), ...(hasBias ? [dequantize(n, 'bias', 'bias')] : [])]);
        break;
      case 'conv2d':
        add('Conv2D', {
          filters: Number(n.params.C_OUT), kernel_size: [Number(n.params.KH), Number(n.params.KW)],
          strides: [Number(n.params.STRIDE_H), Number(n.params.STRIDE_W)], padding: Number(n.params.PADDING) ? 'same' : 'valid',
          data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: hasBias,
        }, [dequantize(n, 'weights', 'kernel'), ...(hasBias ? [dequantize(n, 'bias', 'bias')] : [])]);
        break;
      case 'relu': case 'rescaleRelu': {
        // a Dense/Conv2D(activation='relu') yields the node `<layer>_relu`: fold it back; else a ReLU layer of that name
        const l = foldInto(n, 'relu', src);
        if (l) { l.config.activation = 'relu'; alias.set(n.id, l.name); } else add('ReLU', { max_value: null, negative_slope: 0, threshold: 0 });
        break;
      }
      case 'argmax': {
        if (g.output !== n.id) throw new UnrebuildableModelError(`the argmax node ${n.id} is not the output`, { node: n.id });
        const l = foldInto(n, 'argmax', src);
        if (l) { l.config.activation = 'softmax'; alias.set(n.id, l.name); } else add('Activation', { activation: 'softmax' });
        break;
      }
      case 'poly': {
        // x² + n·x with N = n·2^s on the input scale s, output on scale 2s (src/core/quantize/poly.ts): n = N / 2^s exactly
        if (n.scale % 2 !== 0) throw new UnrebuildableModelError(`the poly node ${n.id} has an odd output scale ${n.scale}`, { node: n.id });
        add('Poly', { n: Number(n.params.N) / 2 ** (n.scale / 2) });
        break;
      }
      case 'leakyRelu': // alpha = ALPHA_NUM / 2^ALPHA_SHIFT exactly; ALPHA_SHIFT is the transpile option constBits
        add('LeakyReLU', { alpha: Number(n.params.ALPHA_NUM) / 2 ** Number(n.params.ALPHA_SHIFT) });
        break;
      case 'clip': { // ReLU(max_value) / relu6: LO = 0, HI = max_value·2^s on the input's scale s (= the output's)
        if (BigInt(n.params.LO) !== 0n) throw new UnrebuildableModelError(`the clip node ${n.id} has a lower bound ${n.params.LO} ≠ 0 (only ReLU(max_value) and relu6 are rebuilt)`, { node: n.id });
        add('ReLU', { max_value: Number(n.params.HI) / 2 ** n.scale, negative_slope: 0, threshold: 0 });
        break;
      }
      case 'zeroPadding2d':
        add('ZeroPadding2D', { padding: [[Number(n.params.TOP), Number(n.params.BOTTOM)], [Number(n.params.LEFT), Number(n.params.RIGHT)]], data_format: 'channels_last' });
        break;
      case 'depthwiseConv2d':
        add('DepthwiseConv2D', {
          kernel_size: [Number(n.params.KH), Number(n.params.KW)], strides: [Number(n.params.STRIDE_H), Number(n.params.STRIDE_W)],
          padding: Number(n.params.PADDING) ? 'same' : 'valid', depth_multiplier: Number(n.params.DEPTH_MULT), data_format: 'channels_last',
          dilation_rate: [1, 1], activation: 'linear', use_bias: hasBias,
        }, [dequantize(n, 'weights', 'depthwise_kernel'), ...(hasBias ? [dequantize(n, 'bias', 'bias')] : [])]);
        break;
      case 'upSampling2d': add('UpSampling2D', { size: [Number(n.params.SH), Number(n.params.SW)], interpolation: 'nearest', data_format: 'channels_last' }); break;
      case 'add': add('Add', {}); break;
      case 'concatenate': add('Concatenate', { axis: -1 }); break;
      case 'maxPool2d': add('MaxPooling2D', pool(n)); break;
      case 'avgPool2d': case 'sumPool2d': add('AveragePooling2D', pool(n)); break;
      case 'globalAvgPool2d': case 'globalSumPool2d': add('GlobalAveragePooling2D', { data_format: 'channels_last' }); break;
      case 'globalMaxPool2d': add('GlobalMaxPooling2D', { data_format: 'channels_last' }); break;
      case 'flatten': add('Flatten', { data_format: 'channels_last' }); break;
      default: throw new UnrebuildableModelError(`no Keras layer for ${n.kind}`, { node: n.id });
    }
  }
  if (!layers.length) throw new UnrebuildableModelError('the graph has no layers');
  const output = keras(g.output);
  const sequential = output === layers[layers.length - 1].name
    && layers.every((l, i) => l.inbound.length === 1 && l.inbound[0] === (i === 0 ? inputName : layers[i - 1].name));
  return { name, inputShape: [...g.inputShape], inputName, layers, output, sequential };
}

// ---------------------------------------------------------------------------------------------- files

/** What the exported files record: the commitment, and the options that transpile them back to it. */
export interface RebuildRecord {
  kind: 'zkml/rebuilt-model/v1';
  commitment: string;
  archHash: string;
  /** pass these to transpile (or `zkml transpile --range lo,hi --bits …`) to get the committed graph again */
  transpile: Required<Pick<QuantizeOptions, 'actBits' | 'weightBits' | 'inputBits' | 'constBits'>> & { inputRange: [number, number]; raw: boolean };
}

const tfjsName = (l: FloatLayer, w: FloatLayer['weights'][number]) => `${l.name}/${w.name}`;

/** tfjs layers-format files (model.json with the record in userDefinedMetadata.zkml, weights.bin float32 little-endian). */
export function tfjsFiles(m: FloatModel, record?: RebuildRecord): { modelJson: Uint8Array; weightsBin: Uint8Array } {
  const topology = m.sequential
    ? { class_name: 'Sequential', config: { name: m.name, layers: m.layers.map((l, i) => ({ class_name: l.className, config: i === 0 ? { ...l.config, batch_input_shape: [null, ...m.inputShape] } : l.config })) } }
    : { class_name: 'Model', config: functionalConfig(m) };
  const weights = m.layers.flatMap((l) => l.weights.map((w) => ({ name: tfjsName(l, w), shape: w.shape, dtype: 'float32' })));
  const json = {
    format: 'layers-model', generatedBy: 'zkml handover decrypt', convertedBy: null,
    modelTopology: { ...topology, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: ['weights.bin'], weights }],
    ...(record ? { userDefinedMetadata: { zkml: record } } : {}),
  };
  const total = m.layers.reduce((a, l) => a + l.weights.reduce((b, w) => b + w.data.length, 0), 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const l of m.layers) for (const w of l.weights) { all.set(w.data, o); o += w.data.length; }
  const bytes = new Uint8Array(all.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!le) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return { modelJson: new TextEncoder().encode(JSON.stringify(json, null, 1)), weightsBin: bytes };
}

/** The config of a functional model: an InputLayer, every layer with its inbound nodes, the input and output. */
function functionalConfig(m: FloatModel): Record<string, unknown> {
  return {
    name: m.name,
    layers: [
      { name: m.inputName, class_name: 'InputLayer', config: { batch_input_shape: [null, ...m.inputShape], dtype: 'float32', sparse: false, ragged: false, name: m.inputName }, inbound_nodes: [] },
      ...m.layers.map((l) => ({ name: l.name, class_name: l.className, config: l.config, inbound_nodes: [l.inbound.map((x) => [x, 0, 0, {}])] })),
    ],
    input_layers: [[m.inputName, 0, 0]],
    output_layers: [[m.output, 0, 0]],
  };
}

/** A Keras 2 HDF5 model (model_config + model_weights, as tf.keras 2.15 `model.save('m.h5')` writes it); the record in the root attribute `zkml`. */
export async function kerasH5(m: FloatModel, record?: RebuildRecord): Promise<Uint8Array> {
  const inputName = `${m.layers[0].name}_input`;
  const modelConfig = m.sequential
    ? {
      class_name: 'Sequential',
      config: {
        name: m.name,
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, ...m.inputShape], dtype: 'float32', sparse: false, ragged: false, name: inputName } },
          ...m.layers.map((l) => ({ class_name: l.className, config: l.config })),
        ],
      },
    }
    : { class_name: 'Functional', config: functionalConfig(m) };
  return writeH5((f) => {
    f.create_attribute('backend', 'tensorflow');
    f.create_attribute('keras_version', '2.15.0');
    f.create_attribute('model_config', JSON.stringify(modelConfig));
    if (record) f.create_attribute('zkml', JSON.stringify(record));
    const mw = f.create_group('model_weights');
    mw.create_attribute('backend', 'tensorflow');
    mw.create_attribute('keras_version', '2.15.0');
    mw.create_attribute('layer_names', m.layers.map((l) => l.name));
    for (const l of m.layers) {
      const g = mw.create_group(l.name);
      const names = l.weights.map((w) => `${l.name}/${w.name}:0`);
      g.create_attribute('weight_names', names.length > 0 ? names : new Float64Array(0));
      if (l.weights.length > 0) {
        const inner = g.create_group(l.name);
        l.weights.forEach((w) => inner.create_dataset({ name: `${w.name}:0`, data: w.data, shape: w.shape, dtype: '<f' }));
      }
    }
  });
}

/** The in-memory Keras model of a float model (through the tfjs loader, as if its files had been dropped). */
export function kerasModelOf(m: FloatModel): KerasModel {
  const { modelJson, weightsBin } = tfjsFiles(m);
  return loadTfjsModel(new TextDecoder().decode(modelJson), new Map([['weights.bin', weightsBin]]));
}

/**
 * The transpile options under which the float model re-quantizes to `commitment`. The input range,
 * input bits and weight bits follow from the graph (the input node's bounds and scale, the kernels'
 * bit budget); the activation budget is not recorded in the architecture, so the candidates are tried
 * (16, the default, first; then every budget from the widest rescaled activation up to 64) and the
 * first whose transpile has the same model commitment wins. RequantizationError if none does.
 */
export function recoverTranspileOptions(g: QGraph, model: KerasModel, commitment: bigint): RebuildRecord['transpile'] {
  const input = g.nodes.find((n) => n.kind === 'input')!;
  const f = 2 ** g.inputScale;
  const inputRange: [number, number] = [Number(input.lo) / f, Number(input.hi) / f];
  const maxAbs = Math.max(Math.abs(inputRange[0]), Math.abs(inputRange[1]));
  let inputBits = Math.max(2, input.bits);
  while (inputBits < 64 && bestScale(maxAbs, inputBits, 16) < g.inputScale) inputBits++;
  let weightBits = 2;
  for (const n of g.nodes) for (const [k, w] of Object.entries(n.weights)) if (k === 'weights' || k === 'scale') weightBits = Math.max(weightBits, w.bits);
  const raw = g.nodes.find((n) => n.id === g.output)?.kind !== 'argmax';
  let lower = 2;
  for (const n of g.nodes) if (n.kind === 'rescale' || n.kind === 'rescaleRelu') lower = Math.max(lower, n.bits);
  const candidates = [...new Set([16, ...Array.from({ length: 65 - lower }, (_, i) => lower + i)])].filter((a) => a >= lower);
  // the LeakyReLU alpha's fraction bits are the constBits option (src/core/quantize/leaky-relu.ts)
  const leaky = g.nodes.find((n) => n.kind === 'leakyRelu');
  const constBits = leaky ? Number(leaky.params.ALPHA_SHIFT) : 8;
  const tried: number[] = [];
  for (const actBits of candidates) {
    tried.push(actBits);
    const opts = { actBits, weightBits, inputBits, constBits, inputRange, raw };
    let q: QGraph;
    try {
      q = transpile(model, opts).q;
    } catch {
      continue;
    }
    if (modelCommitment(q) === commitment) return opts;
  }
  throw new RequantizationError(tried, commitment);
}

/**
 * The download files of a rebuilt model: tfjs model.json + weights.bin and Keras model.h5, both recording
 * the commitment and the transpile options that give it back (`RebuildRecord`), checked here by transpiling
 * the float model again.
 */
export async function rebuiltModelFiles(g: QGraph, opts: { name?: string } = {}): Promise<{
  modelJson: Uint8Array; weightsBin: Uint8Array; h5: Uint8Array; record: RebuildRecord; floatModel: FloatModel;
}> {
  const floatModel = floatModelOf(g, opts.name);
  const commitment = modelCommitment(g);
  const transpileOpts = recoverTranspileOptions(g, kerasModelOf(floatModel), commitment);
  const record: RebuildRecord = {
    kind: 'zkml/rebuilt-model/v1', commitment: String(commitment), archHash: String(archHash(architectureOf(g))), transpile: transpileOpts,
  };
  const { modelJson, weightsBin } = tfjsFiles(floatModel, record);
  const h5 = await kerasH5(floatModel, record);
  return { modelJson, weightsBin, h5, record, floatModel };
}
