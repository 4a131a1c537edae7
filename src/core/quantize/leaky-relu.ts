import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment } from './linear.js';
import { min, max } from './bounds.js';

/** LeakyReLU with alpha = ALPHA_NUM / 2^ALPHA_SHIFT; the output scale grows by ALPHA_SHIFT. */
export function leakyRelu(node: IrNode<'leakyRelu'>, ctx: QContext) {
  const x = ctx.narrow(node.inputs[0]);
  const AS = ctx.opts.constBits;
  const AN = Math.round(node.attrs.alpha * 2 ** AS);
  if (AN < 0 || AN >= 2 ** AS) throw new RangeError(`LeakyReLU alpha ${node.attrs.alpha} must be in [0, 1)`);
  const f = 1n << BigInt(AS), a = BigInt(AN);
  const lo = min(x.lo * (x.lo < 0n ? a : f), 0n), hi = max(x.hi * (x.hi < 0n ? a : f), 0n);
  return ctx.push({ id: node.id, kind: 'leakyRelu', comment: `${comment(node)}, alpha ≈ ${AN}/2^${AS}`, inputs: [x.id], shape: node.shape, scale: x.scale + AS, lo, hi, params: { B: x.bits, ALPHA_NUM: AN, ALPHA_SHIFT: AS }, weights: {} });
}
