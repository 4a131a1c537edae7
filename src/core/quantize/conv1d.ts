import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear, pad } from './linear.js';

export function conv1d(node: IrNode<'conv1d'>, ctx: QContext) {
  const [L, C_IN] = node.inShapes[0];
  const a = node.attrs;
  const params = { L, C_IN, C_OUT: a.filters, K: a.kernel, STRIDE: a.stride, PADDING: pad(a.padding), USE_BIAS: node.weights.bias ? 1 : 0 };
  return linear(node, ctx, 'conv1d', params, { kernel: 'weights', bias: 'bias' }, a.filters);
}
