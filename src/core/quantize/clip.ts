import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment } from './linear.js';
import { min, max } from './bounds.js';

/** Clip (ReLU6 and ReLU(max_value)): min(max(x, LO), HI) with the bounds on the input's scale. */
export function clip(node: IrNode<'clip'>, ctx: QContext) {
  const x = ctx.narrow(node.inputs[0]);
  const LO = BigInt(Math.round(node.attrs.lo * 2 ** x.scale)), HI = BigInt(Math.round(node.attrs.hi * 2 ** x.scale));
  const lo = min(max(x.lo, LO), HI), hi = max(min(x.hi, HI), LO);
  return ctx.push({ id: node.id, kind: 'clip', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo, hi, params: { B: x.bits, LO, HI }, weights: {} });
}
