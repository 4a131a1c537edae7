import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear } from './linear.js';

export function pointwiseConv2d(node: IrNode<'pointwiseConv2d'>, ctx: QContext) {
  const [H, W, C_IN] = node.inShapes[0];
  const params = { H, W, C_IN, C_OUT: node.attrs.filters, USE_BIAS: node.weights.bias ? 1 : 0 };
  return linear(node, ctx, 'pointwiseConv2d', params, { kernel: 'weights', bias: 'bias' }, node.attrs.filters);
}
