import { type IrLayerDef, node, pair, padding, channelsLast, noDilation, windowOut, activationName, activationNodes } from './layer.js';

export const depthwiseConv2d: IrLayerDef = {
  classes: ['DepthwiseConv2D'],
  build(ctx) {
    channelsLast(ctx); noDilation(ctx);
    const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`DepthwiseConv2D needs an H×W×C input, got [${ctx.inShape.join(', ')}]`);
    const depthMultiplier = ctx.cfg<number>('depth_multiplier', 1);
    const kernel = pair(ctx.cfg('kernel_size'), 'kernel_size', ctx);
    const strides = pair(ctx.cfg('strides', 1), 'strides', ctx);
    const pad = padding(ctx);
    const useBias = ctx.cfg('use_bias', true);
    const OH = windowOut(H, kernel[0], strides[0], pad), OW = windowOut(W, kernel[1], strides[1], pad);
    if (OH < 1 || OW < 1) ctx.shapeError(`a ${kernel[0]}×${kernel[1]} kernel does not fit a ${H}×${W} input with valid padding`);
    const shape = [OH, OW, C * depthMultiplier];
    const weights = { kernel: ctx.weight(0, [kernel[0], kernel[1], C, depthMultiplier], 'depthwise_kernel'), ...(useBias ? { bias: ctx.weight(1, [C * depthMultiplier], 'bias') } : {}) };
    return [node('depthwiseConv2d', { depthMultiplier, kernel, strides, padding: pad, useBias }, shape, weights), ...activationNodes(activationName(ctx.cfg('activation')), shape, ctx)];
  },
};
