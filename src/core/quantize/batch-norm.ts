import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear } from './linear.js';

/** A BatchNormalization that could not be folded into a preceding layer: a per-channel affine map. */
export function batchNorm(node: IrNode<'batchNorm'>, ctx: QContext) {
  const C = node.shape[node.shape.length - 1];
  const N = node.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return linear(node, ctx, 'batchNorm', { N, C }, { kernel: 'scale', bias: 'shift' }, C);
}
