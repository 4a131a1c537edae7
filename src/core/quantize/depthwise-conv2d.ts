import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear, pad } from './linear.js';

export function depthwiseConv2d(node: IrNode<'depthwiseConv2d'>, ctx: QContext) {
  const [H, W, C_IN] = node.inShapes[0];
  const a = node.attrs;
  const params = { H, W, C_IN, DEPTH_MULT: a.depthMultiplier, KH: a.kernel[0], KW: a.kernel[1], STRIDE_H: a.strides[0], STRIDE_W: a.strides[1], PADDING: pad(a.padding), USE_BIAS: node.weights.bias ? 1 : 0 };
  return linear(node, ctx, 'depthwiseConv2d', params, { kernel: 'weights', bias: 'bias' }, C_IN * a.depthMultiplier);
}
