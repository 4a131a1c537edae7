/**
 * Quantization: choose the fixed-point scales automatically, per layer, as the largest precision at
 * which no intermediate value can leave the range its range checks assume. The bounds are WORST-CASE
 * bounds, derived by interval arithmetic from the declared input range and the actual quantized
 * weights, so a proof can never fail for an input inside the range, and nothing relies on the
 * calibration data (which is only used to pick the input range when none is given, and to report
 * agreement with the float model).
 *
 * Two budgets drive it: `weightBits` (every kernel value is a signed integer of this width, at the
 * largest power-of-two scale that fits) and `actBits` (every activation that feeds a multiplication
 * is rescaled to fit this many signed bits, at the largest scale that fits its worst case).
 * Accumulators stay exact and as wide as they need; comparisons (max pooling, argmax) run on them
 * directly because max and argmax commute with the monotone rescale.
 */
import type { IrGraph, IrNode } from '../ir/types.js';
import type { QGraph, QNode, QuantizeOptions } from './types.js';
import { QContext } from './context.js';
import { QuantizationError } from './errors.js';
import { bestScale } from './bounds.js';
import { dense } from './dense.js';
import { conv2d } from './conv2d.js';
import { conv1d } from './conv1d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { pointwiseConv2d } from './pointwise-conv2d.js';
import { batchNorm } from './batch-norm.js';
import { relu } from './relu.js';
import { leakyRelu } from './leaky-relu.js';
import { clip } from './clip.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { poly } from './poly.js';
import { maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d } from './pooling2d.js';
import { reshapeLike, zeroPadding2d, add, concatenate, argmax } from './wiring.js';
import { estimateNode } from '../codegen/templates.js';

export const DEFAULT_OPTIONS: Required<QuantizeOptions> = { actBits: 16, weightBits: 8, inputBits: 10, inputRange: null, constBits: 8 };

type Quantizer = (n: IrNode, ctx: QContext) => QNode;
const QUANTIZERS: Record<IrNode['kind'], Quantizer | null> = {
  input: null,
  dense: dense as Quantizer, conv2d: conv2d as Quantizer, conv1d: conv1d as Quantizer,
  depthwiseConv2d: depthwiseConv2d as Quantizer, pointwiseConv2d: pointwiseConv2d as Quantizer, batchNorm: batchNorm as Quantizer,
  relu: relu as Quantizer, leakyRelu: leakyRelu as Quantizer, clip: clip as Quantizer, hardSigmoid: hardSigmoid as Quantizer, poly: poly as Quantizer,
  maxPool2d: maxPool2d as Quantizer, avgPool2d: avgPool2d as Quantizer, globalAvgPool2d: globalAvgPool2d as Quantizer, globalMaxPool2d: globalMaxPool2d as Quantizer,
  upSampling2d: reshapeLike as Quantizer, flatten: reshapeLike as Quantizer, reshape: reshapeLike as Quantizer,
  zeroPadding2d: zeroPadding2d as Quantizer, add: add as Quantizer, concatenate: concatenate as Quantizer, argmax: argmax as Quantizer,
};

/** The float range of the input: declared, or the calibration data's (min, max). */
export function inputRangeOf(opts: QuantizeOptions, calibration?: ArrayLike<number>[]): [number, number] {
  if (opts.inputRange) return opts.inputRange;
  if (calibration?.length) {
    let lo = Infinity, hi = -Infinity;
    for (const x of calibration) for (let i = 0; i < x.length; i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
    return [Math.min(lo, 0), Math.max(hi, 0)];
  }
  return [-1, 1];
}

export function quantize(ir: IrGraph, options: QuantizeOptions = {}, calibration?: ArrayLike<number>[]): QGraph {
  const opts = { ...DEFAULT_OPTIONS, ...options } as Required<QuantizeOptions>;
  for (const k of ['actBits', 'weightBits', 'inputBits'] as const) {
    if (!Number.isInteger(opts[k]) || opts[k] < 2 || opts[k] > 64) throw new QuantizationError(`${k} must be an integer in [2, 64], got ${opts[k]}`, { option: k });
  }
  const range = inputRangeOf(opts, calibration);
  opts.inputRange = range;
  const ctx = new QContext(opts, estimateNode);
  const inputScale = bestScale(Math.max(Math.abs(range[0]), Math.abs(range[1])), opts.inputBits, 16);
  const f = 2 ** inputScale;
  ctx.push({
    id: 'in', kind: 'input', comment: `model input, fixed point 2^-${inputScale}`, inputs: [], shape: ir.inputShape, scale: inputScale,
    lo: BigInt(Math.round(range[0] * f)), hi: BigInt(Math.round(range[1] * f)), params: {}, weights: {}, constraints: 0,
  });
  for (const node of ir.nodes) {
    const q = QUANTIZERS[node.kind];
    if (!q) throw new QuantizationError(`internal: no quantizer for ${node.kind}`);
    q(node, ctx);
  }
  return ctx.graph({ inputShape: ir.inputShape, inputScale, inputRange: range, output: ir.output, options: opts });
}
