/**
 * Exact rewrites of the IR that make the circuit cheaper without changing what it computes:
 *  - foldBatchNorm: a BatchNormalization right after Dense/Conv is folded into that layer's kernel and bias
 *    (the map is affine per output channel, so the composition is again one linear layer);
 *  - poolBeforeRelu: ReLU followed by MaxPooling becomes MaxPooling followed by ReLU. max and relu
 *    commute (relu is monotone), and so do max and the floor of a rescale, so pooling then happens on
 *    wide accumulators and only the pooled values pay for the rescale and the ReLU;
 *  - dropArgmax: with `raw`, the final softmax is dropped and the logits are the output.
 */
import type { IrGraph, IrNode, FloatTensor } from './types.js';

function consumers(g: IrGraph, id: string): IrNode[] { return g.nodes.filter((n) => n.inputs.includes(id)); }

function replaceUses(g: IrGraph, from: string, to: string) {
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
  if (g.output === from) g.output = to;
}

const FOLDABLE = new Set(['dense', 'conv2d', 'conv1d', 'depthwiseConv2d', 'pointwiseConv2d']);

export function foldBatchNorm(g: IrGraph): IrGraph {
  for (const bn of [...g.nodes]) {
    if (bn.kind !== 'batchNorm') continue;
    const prev = g.nodes.find((n) => n.id === bn.inputs[0]);
    if (!prev || !FOLDABLE.has(prev.kind) || consumers(g, prev.id).length !== 1) continue;
    const scale = bn.weights.scale.data, shift = bn.weights.shift.data;
    const C = scale.length;
    const k = prev.weights.kernel;
    const data = Float64Array.from(k.data);
    // Every kernel layout keeps the output channel last; depthwise kernels end in [C_IN][DEPTH_MULT],
    // whose flattened index is the output channel c_in·DEPTH_MULT + m as well.
    for (let i = 0; i < data.length; i++) data[i] *= scale[i % C];
    const bias = new Float64Array(C);
    const old = prev.weights.bias?.data;
    for (let c = 0; c < C; c++) bias[c] = (old ? old[c] : 0) * scale[c] + shift[c];
    prev.weights = { kernel: { shape: k.shape, data }, bias: { shape: [C], data: bias } as FloatTensor };
    (prev.attrs as { useBias: boolean }).useBias = true;
    prev.kerasName = `${prev.kerasName}+${bn.kerasName}`;
    replaceUses(g, bn.id, prev.id);
    g.nodes = g.nodes.filter((n) => n !== bn);
  }
  return g;
}

export function poolBeforeRelu(g: IrGraph): IrGraph {
  let changed = true;
  while (changed) {
    changed = false;
    for (const relu of g.nodes) {
      if (relu.kind !== 'relu') continue;
      const next = consumers(g, relu.id);
      if (next.length !== 1 || (next[0].kind !== 'maxPool2d' && next[0].kind !== 'globalMaxPool2d')) continue;
      const pool = next[0];
      // before: x → relu → pool → …   after: x → pool → relu → …
      const x = relu.inputs[0];
      const xShape = relu.inShapes[0];
      replaceUses(g, pool.id, relu.id);
      pool.inputs = [x]; pool.inShapes = [xShape];
      relu.inputs = [pool.id]; relu.inShapes = [pool.shape]; relu.shape = [...pool.shape];
      const iR = g.nodes.indexOf(relu), iP = g.nodes.indexOf(pool);
      g.nodes[iR] = pool; g.nodes[iP] = relu;
      changed = true;
      break;
    }
  }
  return g;
}

export function dropArgmax(g: IrGraph): IrGraph {
  const last = g.nodes.find((n) => n.id === g.output);
  if (last?.kind === 'argmax') {
    g.output = last.inputs[0];
    g.nodes = g.nodes.filter((n) => n !== last);
  }
  return g;
}

export interface IrOptions { raw?: boolean }

export function optimize(g: IrGraph, opts: IrOptions = {}): IrGraph {
  if (opts.raw) dropArgmax(g);
  foldBatchNorm(g);
  poolBeforeRelu(g);
  return g;
}
