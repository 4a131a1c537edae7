import type { IrNode } from '../ir/types.js';
import type { QKind, QNode } from './types.js';
import type { QContext } from './context.js';

/**
 * Shared by every layer that is linear in its input with private weights (Dense, the convolutions,
 * a stand-alone BatchNormalization): the input is narrowed to the activation budget, the kernel is
 * quantized at its best scale, the bias goes on the accumulator scale, and the output is the exact
 * accumulator with its worst-case bounds.
 */
export function linear(
  node: IrNode, ctx: QContext, kind: QKind, params: Record<string, number>,
  kernelRole: { kernel: string; bias: string }, channels: number,
): QNode {
  const x = ctx.macInput(node.inputs[0], node.shape.reduce((a, b) => a * b, 1));
  const kernel = ctx.weight(node.weights.kernel ?? node.weights.scale);
  const accScale = x.scale + kernel.scale;
  const hasBias = Boolean(node.weights.bias ?? node.weights.shift);
  const bias = hasBias ? ctx.bias(node.weights.bias ?? node.weights.shift, accScale, channels) : null;
  const [lo, hi] = ctx.linearBounds(kernel, bias, channels, x);
  return ctx.push({
    id: node.id, kind, comment: comment(node), inputs: [x.id], shape: node.shape, scale: accScale, lo, hi, params,
    weights: { [kernelRole.kernel]: kernel, ...(bias ? { [kernelRole.bias]: bias } : {}) },
  });
}

export const comment = (n: IrNode): string => `Keras ${n.kerasClass} "${n.kerasName}"`;
const PAD = { valid: 0, same: 1 } as const;
export const pad = (p: 'valid' | 'same'): number => PAD[p];
