import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment } from './linear.js';

/** Hard sigmoid at the input's scale 2^S; the output lies in [0, 2^S]. */
export function hardSigmoid(node: IrNode<'hardSigmoid'>, ctx: QContext) {
  const x = ctx.narrow(node.inputs[0]);
  const S = Math.max(1, x.scale);
  return ctx.push({ id: node.id, kind: 'hardSigmoid', comment: comment(node), inputs: [x.id], shape: node.shape, scale: S, lo: 0n, hi: 1n << BigInt(S), params: { B: x.bits, S }, weights: {} });
}
