/**
 * Exact integer inference over a quantized graph, with the same references the circuit tests
 * compare against. It produces the float-free circuit output and every private input of the
 * witness: a user supplies only the model input; the weights come from the model.
 */
import type { QGraph, QNode } from '../quantize/types.js';
import { type IntTensor, nest, flat, type Nested } from '../tensor.js';
import { ZkmlError } from '../errors.js';
import { flatParams, type WeightsVisibility } from '../codegen/index.js';
import { dense } from './dense.js';
import { conv2d } from './conv2d.js';
import { conv1d } from './conv1d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { pointwiseConv2d } from './pointwise-conv2d.js';
import { batchNorm } from './batch-norm.js';
import { rescale } from './rescale.js';
import { rescaleRelu } from './rescale-relu.js';
import { relu } from './relu.js';
import { leakyRelu } from './leaky-relu.js';
import { clip } from './clip.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { poly } from './poly.js';
import { maxPooling2d } from './max-pooling2d.js';
import { sumPooling2d } from './sum-pooling2d.js';
import { averagePooling2d } from './average-pooling2d.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { globalMaxPooling2d } from './global-max-pooling2d.js';
import { upSampling2d } from './upsampling2d.js';
import { zeroPadding2d } from './zero-padding2d.js';
import { add } from './add.js';
import { concatenate } from './concatenate.js';
import { argMax } from './arg-max.js';

import { InputShapeError, InputRangeError } from './errors.js';
import { inputDescriptorOf, isByteInput, wireOfFloat, fixedOfWire, wireOfFixed } from '../commit/input-descriptor.js';
export { InputShapeError, InputRangeError };

type N3 = bigint[][][];
const n = (t: IntTensor) => nest(t) as never;
const w = (q: QNode, k: string) => (q.weights[k] ? nest({ shape: q.weights[k].shape, data: q.weights[k].data }) : null) as never;
const p = (q: QNode, k: string) => Number(q.params[k]);
const pad = (q: QNode) => (p(q, 'PADDING') ? 'same' : 'valid') as 'same' | 'valid';
const pool = (q: QNode) => ({ PH: p(q, 'PH'), PW: p(q, 'PW'), STRIDE_H: p(q, 'STRIDE_H'), STRIDE_W: p(q, 'STRIDE_W'), PADDING: p(q, 'PADDING') });
const map = (t: IntTensor, f: (x: bigint) => bigint) => t.data.map(f);

function step(q: QNode, xs: IntTensor[]): bigint[] {
  const [x] = xs;
  switch (q.kind) {
    case 'dense': return dense(x.data, w(q, 'weights'), (q.weights.bias?.data ?? new Array(p(q, 'N_OUT')).fill(0n)));
    case 'conv2d': return flat(conv2d(n(x), w(q, 'weights'), w(q, 'bias'), { strideH: p(q, 'STRIDE_H'), strideW: p(q, 'STRIDE_W'), padding: pad(q) }));
    case 'conv1d': return flat(conv1d(n(x), w(q, 'weights'), w(q, 'bias'), { stride: p(q, 'STRIDE'), padding: pad(q) }));
    case 'depthwiseConv2d': return flat(depthwiseConv2d(n(x), w(q, 'weights'), w(q, 'bias'), { strideH: p(q, 'STRIDE_H'), strideW: p(q, 'STRIDE_W'), padding: pad(q) }));
    case 'pointwiseConv2d': return flat(pointwiseConv2d(n(x), w(q, 'weights'), w(q, 'bias')));
    case 'batchNorm': return flat(batchNorm(nest({ shape: [p(q, 'N'), p(q, 'C')], data: x.data }) as bigint[][], q.weights.scale.data, q.weights.shift.data));
    case 'rescale': return map(x, (v) => rescale(v + BigInt(q.params.OFFSET), p(q, 'B'), p(q, 'S')));
    case 'rescaleRelu': return map(x, (v) => rescaleRelu(v + BigInt(q.params.OFFSET), p(q, 'B'), p(q, 'S')));
    case 'relu': return map(x, (v) => relu(v, p(q, 'B')));
    case 'leakyRelu': return map(x, (v) => leakyRelu(v, p(q, 'B'), BigInt(q.params.ALPHA_NUM), p(q, 'ALPHA_SHIFT')));
    case 'clip': return map(x, (v) => clip(v, p(q, 'B'), BigInt(q.params.LO), BigInt(q.params.HI)));
    case 'hardSigmoid': return map(x, (v) => hardSigmoid(v, p(q, 'B'), p(q, 'S')));
    case 'poly': return map(x, (v) => poly(v, BigInt(q.params.N)));
    case 'maxPool2d': return flat(maxPooling2d(n(x) as N3, { ...pool(q), B: p(q, 'B'), BR: p(q, q.params.BR === undefined ? 'B' : 'BR') }));
    case 'sumPool2d': return flat(sumPooling2d(n(x) as N3, pool(q)));
    case 'avgPool2d': return flat(averagePooling2d(n(x) as N3, { ...pool(q), B: p(q, 'B') }));
    case 'globalAvgPool2d': return globalAveragePooling2d(n(x) as N3, p(q, 'B'));
    case 'globalSumPool2d': { const C = p(q, 'C'); const out = new Array<bigint>(C).fill(0n); x.data.forEach((v, i) => { out[i % C] += v; }); return out; }
    case 'globalMaxPool2d': return globalMaxPooling2d(n(x) as N3, p(q, 'B'));
    case 'upSampling2d': return flat(upSampling2d(n(x) as N3, p(q, 'SH'), p(q, 'SW')));
    case 'zeroPadding2d': return flat(zeroPadding2d(n(x) as N3, p(q, 'TOP'), p(q, 'BOTTOM'), p(q, 'LEFT'), p(q, 'RIGHT')));
    case 'flatten': case 'reshape': return x.data;
    case 'scaleUp': return map(x, (v) => v << BigInt(q.params.K));
    case 'add': return add(xs[0].data, xs[1].data);
    case 'concatenate': {
      const [H, W, C1, C2] = [p(q, 'H'), p(q, 'W'), p(q, 'C1'), p(q, 'C2')];
      return flat(concatenate(nest({ shape: [H, W, C1], data: xs[0].data }) as N3, nest({ shape: [H, W, C2], data: xs[1].data }) as N3));
    }
    case 'argmax': return [BigInt(argMax(x.data, p(q, 'B')).index)];
    case 'input': return x.data;
  }
}

/**
 * Quantize a float input (nested in the model's input shape, no batch dimension) to the model's
 * fixed-point integers (what `infer` takes). A byte-input model (range [0, 1], PROTOCOL §3) reads x as
 * the byte v = round(255 · x) and gives round(v · 2^F / 255): a picture's pixel / 255 gives exactly
 * round(x · 2^F), as an interval-encoded model would.
 */
export function quantizeInput(g: QGraph, input: unknown): bigint[] {
  const values: number[] = [];
  const walk = (v: unknown, dim: number, path: string) => {
    if (dim === g.inputShape.length) {
      if (Array.isArray(v)) throw new InputShapeError(`input has the wrong shape: input${path} is an array, expected shape [${g.inputShape.join(', ')}] (no batch dimension)`, { details: { expected: g.inputShape } });
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputShapeError(`input${path} is ${JSON.stringify(v)}, expected a finite number`);
      values.push(v); return;
    }
    if (!Array.isArray(v) || v.length !== g.inputShape[dim]) {
      throw new InputShapeError(`input has the wrong shape at input${path}: expected shape [${g.inputShape.join(', ')}] (no batch dimension)`, { details: { expected: g.inputShape } });
    }
    v.forEach((x, i) => walk(x, dim + 1, `${path}[${i}]`));
  };
  walk(input, 0, '');
  const d = inputDescriptorOf(g);
  return values.map((v, i) => {
    const w = wireOfFloat(d, v);
    if (w === undefined) {
      throw new InputRangeError(`input value ${v} at flat index ${i} is outside the range [${g.inputRange.join(', ')}] the circuit was built for`, { details: { index: i, value: v, range: g.inputRange } });
    }
    return fixedOfWire(d, w);
  });
}

export interface InferenceResult {
  /** every tensor's integers by node id */
  tensors: Map<string, IntTensor>;
  /** the circuit output: the class index, or the raw logits */
  output: bigint[];
  /** the output as floats (logits divided by their scale; the class index as is) */
  outputFloat: number[];
}

export function infer(g: QGraph, inputInts: bigint[]): InferenceResult {
  const tensors = new Map<string, IntTensor>();
  tensors.set('in', { shape: g.inputShape, data: inputInts });
  for (const q of g.nodes) {
    if (q.kind === 'input') continue;
    const xs = q.inputs.map((i) => tensors.get(i)!);
    const data = step(q, xs);
    for (const v of data) {
      if (v < q.lo || v > q.hi) throw new ZkmlError(`internal: ${q.id} produced ${v}, outside its worst-case bounds [${q.lo}, ${q.hi}]`);
    }
    tensors.set(q.id, { shape: q.shape, data });
  }
  const last = g.nodes.find((q) => q.id === g.output)!;
  const output = tensors.get(g.output)!.data;
  const outputFloat = last.kind === 'argmax' ? output.map(Number) : output.map((v) => Number(v) / 2 ** last.scale);
  return { tensors, output, outputFloat };
}

/** The weights mode a graph was transpiled with (quantization.json keeps the transpile options); `private` when unrecorded. */
export function weightsModeOf(g: QGraph): WeightsVisibility {
  return (g.options as { weights?: unknown }).weights === 'public' ? 'public' : 'private';
}

/**
 * The circuit's `in` wires for the model's fixed-point input integers: the bytes of a byte-input model
 * (throws InputRangeError for an integer that no byte gives), the integers themselves otherwise.
 */
export function inputWires(g: QGraph, inputInts: readonly bigint[]): bigint[] {
  const d = inputDescriptorOf(g);
  return isByteInput(d) ? inputInts.map((x) => wireOfFixed(d, x)) : [...inputInts];
}

/**
 * The complete witness input for the generated circuit: `in`, `weights`, `biases`, as decimal strings.
 * `inputInts` are the model's fixed-point integers (quantizeInput); `in` is their wires (inputWires).
 * A public model's circuit (`weights: 'public'`) holds its parameters as constants: only `in`.
 */
export function witnessInput(g: QGraph, inputInts: bigint[], weightsMode: WeightsVisibility = weightsModeOf(g)): Record<string, string[]> {
  const str = (xs: bigint[]) => xs.map((x) => x.toString());
  const wires = inputWires(g, inputInts);
  if (weightsMode === 'public') return { in: str(wires) };
  const { weights, biases } = flatParams(g);
  return { in: str(wires), weights: str(weights), ...(biases.length ? { biases: str(biases) } : {}) };
}

export type { Nested };
