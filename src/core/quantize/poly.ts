import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment } from './linear.js';
import { min, max } from './bounds.js';

/** The polynomial activation x² + n·x: N = n·2^s on the input scale s, output on scale 2s. */
export function poly(node: IrNode<'poly'>, ctx: QContext) {
  const x = ctx.narrow(node.inputs[0]);
  const N = BigInt(Math.round(node.attrs.n * 2 ** x.scale));
  const f = (v: bigint) => v * v + N * v;
  let lo = min(f(x.lo), f(x.hi)), hi = max(f(x.lo), f(x.hi));
  // the parabola's vertex at −N/2, if it lies inside the input range
  for (const v of [-N / 2n, -N / 2n - 1n, -N / 2n + 1n]) if (v >= x.lo && v <= x.hi) { lo = min(lo, f(v)); hi = max(hi, f(v)); }
  return ctx.push({ id: node.id, kind: 'poly', comment: `${comment(node)}, n ≈ ${N}/2^${x.scale}`, inputs: [x.id], shape: node.shape, scale: 2 * x.scale, lo, hi, params: { N }, weights: {} });
}
