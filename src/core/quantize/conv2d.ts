import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear, pad } from './linear.js';

export function conv2d(node: IrNode<'conv2d'>, ctx: QContext) {
  const [H, W, C_IN] = node.inShapes[0];
  const a = node.attrs;
  const params = { H, W, C_IN, C_OUT: a.filters, KH: a.kernel[0], KW: a.kernel[1], STRIDE_H: a.strides[0], STRIDE_W: a.strides[1], PADDING: pad(a.padding), USE_BIAS: node.weights.bias ? 1 : 0 };
  return linear(node, ctx, 'conv2d', params, { kernel: 'weights', bias: 'bias' }, a.filters);
}
