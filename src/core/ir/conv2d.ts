import { type IrLayerDef, node, pair, padding, channelsLast, noDilation, windowOut, activationName, activationNodes } from './layer.js';

export const conv2d: IrLayerDef = {
  classes: ['Conv2D', 'Convolution2D'],
  build(ctx) {
    channelsLast(ctx); noDilation(ctx);
    if ((ctx.cfg<number>('groups', 1)) !== 1) ctx.unsupported('groups ≠ 1');
    const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`Conv2D needs an H×W×C input, got [${ctx.inShape.join(', ')}]`);
    const filters = ctx.cfg<number>('filters');
    const kernel = pair(ctx.cfg('kernel_size'), 'kernel_size', ctx);
    const strides = pair(ctx.cfg('strides', 1), 'strides', ctx);
    const pad = padding(ctx);
    const useBias = ctx.cfg('use_bias', true);
    const OH = windowOut(H, kernel[0], strides[0], pad), OW = windowOut(W, kernel[1], strides[1], pad);
    if (OH < 1 || OW < 1) ctx.shapeError(`a ${kernel[0]}×${kernel[1]} kernel does not fit a ${H}×${W} input with valid padding`);
    const shape = [OH, OW, filters];
    const weights = { kernel: ctx.weight(0, [kernel[0], kernel[1], C, filters], 'kernel'), ...(useBias ? { bias: ctx.weight(1, [filters], 'bias') } : {}) };
    return [node('conv2d', { filters, kernel, strides, padding: pad, useBias }, shape, weights), ...activationNodes(activationName(ctx.cfg('activation')), shape, ctx)];
  },
};
