import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment, pad } from './linear.js';
import { bitsFor, min, max } from './bounds.js';
import { maxPoolWidths } from './diff-bounds.js';

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * MaxPooling on whatever width its input has: max commutes with the later rescale, so it runs first.
 * Its comparators are as wide as the spread of a window needs (diff-bounds.ts): for a conv2d's
 * output, by the exact bounds of the difference of two outputs a window compares.
 */
export function maxPool2d(node: IrNode<'maxPool2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0]; const a = node.attrs;
  let conv: Parameters<typeof maxPoolWidths>[4];
  if (x.kind === 'conv2d' && x.weights.weights) {
    const src = ctx.get(x.inputs[0]);
    const same = Number(x.params.PADDING) === 1;
    conv = { kernel: x.weights.weights, SH: Number(x.params.STRIDE_H), SW: Number(x.params.STRIDE_W),
      inLo: same ? min(src.lo, 0n) : src.lo, inHi: same ? max(src.hi, 0n) : src.hi };
  }
  const { B, BR } = maxPoolWidths(x.lo, x.hi, a.pool[0], a.pool[1], conv);
  return ctx.push({ id: node.id, kind: 'maxPool2d', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: x.lo, hi: x.hi,
    params: { H, W, C, PH: a.pool[0], PW: a.pool[1], STRIDE_H: a.strides[0], STRIDE_W: a.strides[1], PADDING: pad(a.padding), B, BR }, weights: {} });
}

/**
 * AveragePooling: with valid padding and a power-of-two window D the average is the window sum read
 * on a scale 2^log2(D) finer: SumPooling, 0 constraints. Otherwise a proven floor division.
 */
export function avgPool2d(node: IrNode<'avgPool2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0]; const a = node.attrs;
  const D = a.pool[0] * a.pool[1];
  const geo = { H, W, C, PH: a.pool[0], PW: a.pool[1], STRIDE_H: a.strides[0], STRIDE_W: a.strides[1], PADDING: pad(a.padding) };
  if (a.padding === 'valid' && isPow2(D)) {
    const d = BigInt(D);
    return ctx.push({ id: node.id, kind: 'sumPool2d', comment: `${comment(node)} as a window sum on scale ×${D}`, inputs: [x.id], shape: node.shape,
      scale: x.scale + Math.log2(D), lo: x.lo * d, hi: x.hi * d, params: geo, weights: {} });
  }
  const B = bitsFor(x.lo * BigInt(D), x.hi * BigInt(D));
  return ctx.push({ id: node.id, kind: 'avgPool2d', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: x.lo, hi: x.hi, params: { ...geo, B }, weights: {} });
}

export function globalAvgPool2d(node: IrNode<'globalAvgPool2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0];
  const D = H * W, d = BigInt(D);
  if (isPow2(D)) {
    return ctx.push({ id: node.id, kind: 'globalSumPool2d', comment: `${comment(node)} as a sum on scale ×${D}`, inputs: [x.id], shape: node.shape,
      scale: x.scale + Math.log2(D), lo: x.lo * d, hi: x.hi * d, params: { H, W, C }, weights: {} });
  }
  return ctx.push({ id: node.id, kind: 'globalAvgPool2d', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: x.lo, hi: x.hi,
    params: { H, W, C, B: bitsFor(x.lo * d, x.hi * d) }, weights: {} });
}

export function globalMaxPool2d(node: IrNode<'globalMaxPool2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0];
  return ctx.push({ id: node.id, kind: 'globalMaxPool2d', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: x.lo, hi: x.hi, params: { H, W, C, B: x.bits }, weights: {} });
}
