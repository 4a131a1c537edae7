import type { IrNode } from '../ir/types.js';
import type { QContext } from './context.js';
import { comment } from './linear.js';
import { min, max } from './bounds.js';

/** Layers that only move values (0 constraints): bounds and scale pass through. */
export function reshapeLike(node: IrNode<'flatten' | 'reshape' | 'upSampling2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0];
  const params: Record<string, number> = node.kind === 'upSampling2d'
    ? { H, W, C, SH: (node as IrNode<'upSampling2d'>).attrs.size[0], SW: (node as IrNode<'upSampling2d'>).attrs.size[1] } : {};
  return ctx.push({ id: node.id, kind: node.kind, comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: x.lo, hi: x.hi, params, weights: {} });
}

export function zeroPadding2d(node: IrNode<'zeroPadding2d'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const [H, W, C] = node.inShapes[0]; const a = node.attrs;
  return ctx.push({ id: node.id, kind: 'zeroPadding2d', comment: comment(node), inputs: [x.id], shape: node.shape, scale: x.scale, lo: min(x.lo, 0n), hi: max(x.hi, 0n),
    params: { H, W, C, TOP: a.top, BOTTOM: a.bottom, LEFT: a.left, RIGHT: a.right }, weights: {} });
}

/** Residual Add: both operands on one scale (a free ×2^k aligns them), one more bit. */
export function add(node: IrNode<'add'>, ctx: QContext) {
  const [a, b] = ctx.align(node.inputs);
  return ctx.push({ id: node.id, kind: 'add', comment: comment(node), inputs: [a.id, b.id], shape: node.shape, scale: a.scale, lo: a.lo + b.lo, hi: a.hi + b.hi,
    params: { N: node.shape.reduce((p, q) => p * q, 1) }, weights: {} });
}

export function concatenate(node: IrNode<'concatenate'>, ctx: QContext) {
  const [a, b] = ctx.align(node.inputs);
  // any rank: the leading axes are read as H×W (a rank-1 tensor is 1×1×C)
  const lead = node.shape.slice(0, -1);
  const H = lead.length >= 1 ? lead[0] : 1, W = lead.slice(1).reduce((p, q) => p * q, 1);
  return ctx.push({ id: node.id, kind: 'concatenate', comment: comment(node), inputs: [a.id, b.id], shape: node.shape, scale: a.scale, lo: min(a.lo, b.lo), hi: max(a.hi, b.hi),
    params: { H, W, C1: a.shape[a.shape.length - 1], C2: b.shape[b.shape.length - 1] }, weights: {} });
}

/** The final softmax: the proven class index (argmax commutes with every monotone rescale, so no rescale first). */
export function argmax(node: IrNode<'argmax'>, ctx: QContext) {
  const x = ctx.get(node.inputs[0]);
  const N = node.inShapes[0][0];
  return ctx.push({ id: node.id, kind: 'argmax', comment: `${comment(node)}: softmax becomes the class index`, inputs: [x.id], shape: [], scale: 0, lo: 0n, hi: BigInt(N - 1), params: { N, B: x.bits }, weights: {} });
}
