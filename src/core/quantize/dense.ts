import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { linear } from './linear.js';

export function dense(node: IrNode<'dense'>, ctx: QContext) {
  const [N_IN] = node.inShapes[0];
  const N_OUT = node.attrs.units;
  return linear(node, ctx, 'dense', { N_IN, N_OUT }, { kernel: 'weights', bias: 'bias' }, N_OUT);
}
