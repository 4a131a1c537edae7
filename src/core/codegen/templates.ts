/**
 * Which template of our library each quantized operation becomes, and how its constraints are
 * estimated from the template signatures (the same formulas the circuit tests pin).
 */
import type { TemplateSignature, Params } from '../../circuits/signature.js';
import type { QKind, QNode } from '../quantize/types.js';
import { Dense } from '../../circuits/dense.js';
import { Conv2D } from '../../circuits/conv2d.js';
import { Conv1D } from '../../circuits/conv1d.js';
import { DepthwiseConv2D } from '../../circuits/depthwise-conv2d.js';
import { PointwiseConv2D } from '../../circuits/pointwise-conv2d.js';
import { BatchNorm } from '../../circuits/batch-norm.js';
import { Rescale } from '../../circuits/rescale.js';
import { RescaleReLU } from '../../circuits/rescale-relu.js';
import { ReLU } from '../../circuits/relu.js';
import { LeakyReLU } from '../../circuits/leaky-relu.js';
import { Clip } from '../../circuits/clip.js';
import { HardSigmoid } from '../../circuits/hard-sigmoid.js';
import { Poly } from '../../circuits/poly.js';
import { MaxPooling2D } from '../../circuits/max-pooling2d.js';
import { GlobalMaxPooling2D } from '../../circuits/global-max-pooling2d.js';
import { ArgMax } from '../../circuits/arg-max.js';
import { SumPooling2D } from '../../circuits/sum-pooling2d.js';
import { AveragePooling2D } from '../../circuits/average-pooling2d.js';
import { GlobalAveragePooling2D } from '../../circuits/global-average-pooling2d.js';
import { UpSampling2D } from '../../circuits/upsampling2d.js';
import { ZeroPadding2D } from '../../circuits/zero-padding2d.js';
import { Add } from '../../circuits/add.js';
import { Concatenate } from '../../circuits/concatenate.js';

export interface TemplateUse {
  sig: TemplateSignature<Params>;
  /** a scalar template instantiated once per element (in → out) */
  elementwise?: boolean;
  /** which QNode params the template takes (defaults to sig.params) */
  args?: (q: QNode) => Params;
}

const sig = (s: unknown) => s as TemplateSignature<Params>;
export const TEMPLATES: Partial<Record<QKind, TemplateUse>> = {
  dense: { sig: sig(Dense) },
  conv2d: { sig: sig(Conv2D) },
  conv1d: { sig: sig(Conv1D) },
  depthwiseConv2d: { sig: sig(DepthwiseConv2D) },
  pointwiseConv2d: { sig: sig(PointwiseConv2D) },
  batchNorm: { sig: sig(BatchNorm) },
  rescale: { sig: sig(Rescale), elementwise: true },
  rescaleRelu: { sig: sig(RescaleReLU), elementwise: true },
  relu: { sig: sig(ReLU), elementwise: true },
  leakyRelu: { sig: sig(LeakyReLU), elementwise: true },
  clip: { sig: sig(Clip), elementwise: true },
  hardSigmoid: { sig: sig(HardSigmoid), elementwise: true },
  poly: { sig: sig(Poly), elementwise: true },
  // a plan written before the row width BR existed compares rows at B, as it was quantized for
  maxPool2d: { sig: sig(MaxPooling2D), args: (q) => ({ ...q.params, BR: q.params.BR ?? q.params.B }) },
  sumPool2d: { sig: sig(SumPooling2D) },
  avgPool2d: { sig: sig(AveragePooling2D) },
  globalAvgPool2d: { sig: sig(GlobalAveragePooling2D) },
  globalMaxPool2d: { sig: sig(GlobalMaxPooling2D) },
  upSampling2d: { sig: sig(UpSampling2D) },
  zeroPadding2d: { sig: sig(ZeroPadding2D) },
  add: { sig: sig(Add) },
  concatenate: { sig: sig(Concatenate) },
  argmax: { sig: sig(ArgMax) },
};

export const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function templateParams(q: QNode, use: TemplateUse): Params {
  const p = use.args ? use.args(q) : q.params;
  const out: Params = {};
  for (const k of use.sig.params) {
    if (p[k] === undefined) throw new Error(`internal: ${q.kind} node ${q.id} lacks template parameter ${k}`);
    out[k] = p[k];
  }
  return out;
}

/** Constraints of one quantized node, from the template formulas (0 for pure wiring). */
export function estimateNode(q: QNode): number {
  const use = TEMPLATES[q.kind];
  if (!use) return 0;
  const p = templateParams(q, use);
  const one = use.sig.constraints(p);
  return use.elementwise ? one * elements(q.shape) : one;
}
