import type { IrNode } from '../ir/types.js';
import { type QContext, planRescale } from './context.js';
import { comment } from './linear.js';
import { max } from './bounds.js';

/**
 * ReLU. On a tensor wider than the activation budget it fuses with the rescale the next layer
 * needs anyway: RescaleReLU shares one bit decomposition (B+1 constraints) for both.
 */
export function relu(node: IrNode<'relu'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  if (x.bits > ctx.opts.actBits) {
    const r = planRescale(x, ctx.opts.actBits);
    return ctx.push({
      id: node.id, kind: 'rescaleRelu', comment: `${comment(node)}, fused with a rescale by 2^-${r.S} (round half up)`, inputs: [x.id], shape: node.shape,
      scale: x.scale - r.S, lo: max(r.lo, 0n), hi: max(r.hi, 0n), params: { B: r.B, S: r.S, OFFSET: r.OFFSET }, weights: {},
    });
  }
  return ctx.push({ id: node.id, kind: 'relu', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: max(x.lo, 0n), hi: max(x.hi, 0n), params: { B: x.bits }, weights: {} });
}
