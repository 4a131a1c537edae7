import type { KerasModel } from '../keras/types.js';
import { UnsupportedLayerError, ShapeError } from './errors.js';
import { makeContext, type IrLayerDef } from './layer.js';
import type { IrGraph, IrNode } from './types.js';
import { input, identity } from './input.js';
import { dense } from './dense.js';
import { conv2d } from './conv2d.js';
import { conv1d } from './conv1d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { separableConv2d } from './separable-conv2d.js';
import { batchNorm } from './batch-norm.js';
import { activation } from './activation.js';
import { maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d } from './pooling2d.js';
import { flatten, reshape, upSampling2d, zeroPadding2d } from './reshaping.js';
import { add, concatenate } from './merge.js';
import { maxPool1d, avgPool1d, globalMaxPool1d, globalAvgPool1d } from './pooling1d.js';

const LAYERS: IrLayerDef[] = [
  input, identity, dense, conv2d, conv1d, depthwiseConv2d, separableConv2d, batchNorm, activation,
  maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d, maxPool1d, avgPool1d, globalMaxPool1d, globalAvgPool1d, flatten, reshape, upSampling2d, zeroPadding2d, add, concatenate,
];
const BY_CLASS = new Map(LAYERS.flatMap((l) => l.classes.map((c) => [c, l] as const)));
/** Every Keras class the transpiler accepts. */
export const SUPPORTED_LAYERS: readonly string[] = [...BY_CLASS.keys()].sort();

const RESERVED = new Set(['in', 'out', 'main', 'signal', 'input', 'output', 'component', 'template', 'var', 'for', 'if', 'else', 'while', 'return', 'include', 'function', 'log', 'assert', 'public', 'parallel', 'custom', 'bus', 'weights', 'commitment']);

/** circom-safe, unique identifiers derived from Keras names. */
function idMaker() {
  const used = new Set<string>();
  return (name: string): string => {
    let base = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(base) || RESERVED.has(base)) base = `l_${base}`;
    let id = base, k = 2;
    while (used.has(id)) id = `${base}_${k++}`;
    used.add(id);
    return id;
  };
}

/** Turn a loaded Keras model into the IR: shapes inferred and checked layer by layer. */
export function fromKeras(model: KerasModel): IrGraph {
  const makeId = idMaker();
  const nodes: IrNode[] = [];
  const shapes = new Map<string, number[]>();
  const producer = new Map<string, string>(); // keras layer name → IR node id of its output
  const inputId = 'in';
  const inputShape = [...model.inputShape];
  if (inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(`the model's input shape [${inputShape.join(', ')}] must be fully known (no None besides the batch)`);
  }
  shapes.set(inputId, inputShape);

  for (const layer of model.layers) {
    const def = BY_CLASS.get(layer.className);
    if (!def) throw new UnsupportedLayerError(layer.name, layer.className, SUPPORTED_LAYERS);
    const inIds = layer.inbound.length ? layer.inbound.map((n) => {
      const id = producer.get(n);
      if (!id) throw new ShapeError(`layer "${layer.name}" reads "${n}", which is not defined before it`);
      return id;
    }) : [inputId];
    for (const i of inIds) {
      const src = nodes.find((n) => n.id === i);
      if (src?.kind === 'argmax') {
        throw new UnsupportedLayerError(src.kerasName, src.kerasClass, SUPPORTED_LAYERS, 'softmax is only supported as the last layer (it becomes the argmax class index)');
      }
    }
    const inShapes = inIds.map((i) => shapes.get(i)!);
    const specs = def.build(makeContext(layer, inShapes, SUPPORTED_LAYERS));
    let prev = inIds;
    for (const s of specs) {
      const id = makeId(s.suffix && specs.length > 1 ? `${layer.name}_${s.suffix}` : layer.name);
      const n: IrNode = {
        id, kerasName: layer.name, kerasClass: layer.className, kind: s.kind, inputs: prev,
        inShapes: prev.map((p) => shapes.get(p)!), shape: s.shape, attrs: s.attrs, weights: s.weights ?? {},
      };
      nodes.push(n);
      shapes.set(id, s.shape);
      prev = [id];
    }
    if (specs.length === 0 && inIds.length !== 1) throw new ShapeError(`layer "${layer.name}" has several inputs but passes one through`);
    producer.set(layer.name, prev[0]);
  }
  if (model.outputs.length !== 1) throw new UnsupportedLayerError(model.outputs.join(', '), 'Model', SUPPORTED_LAYERS, 'only models with one output are supported');
  const output = producer.get(model.outputs[0]);
  if (!output) throw new ShapeError(`the model output "${model.outputs[0]}" is not a layer of the model`);
  if (output === inputId) throw new ShapeError('the model has no layers');
  for (const n of nodes) {
    if (n.kind === 'argmax' && n.id !== output) {
      throw new UnsupportedLayerError(n.kerasName, n.kerasClass, SUPPORTED_LAYERS, 'softmax is only supported as the last layer (it becomes the argmax class index)');
    }
    if (n.kind === 'argmax' && n.inShapes[0].length !== 1) {
      throw new ShapeError(`layer "${n.kerasName}": softmax must act on a flat vector, got [${n.inShapes[0].join(', ')}]`);
    }
  }
  return { inputShape, nodes, output };
}
