import { type IrLayerDef, node, single, padding, channelsLast, noDilation, windowOut, activationName, activationNodes } from './layer.js';

export const conv1d: IrLayerDef = {
  classes: ['Conv1D', 'Convolution1D'],
  build(ctx) {
    channelsLast(ctx); noDilation(ctx);
    if ((ctx.cfg<number>('groups', 1)) !== 1) ctx.unsupported('groups ≠ 1');
    const [L, C] = ctx.inShape.length === 2 ? ctx.inShape : ctx.shapeError(`Conv1D needs a length×channels input, got [${ctx.inShape.join(', ')}]`);
    const filters = ctx.cfg<number>('filters');
    const kernel = single(ctx.cfg('kernel_size'), 'kernel_size', ctx);
    const stride = single(ctx.cfg('strides', 1), 'strides', ctx);
    const pad = padding(ctx);
    if (pad !== 'valid' && pad !== 'same') ctx.unsupported(`padding ${pad}`);
    const useBias = ctx.cfg('use_bias', true);
    const OL = windowOut(L, kernel, stride, pad);
    if (OL < 1) ctx.shapeError(`a kernel of ${kernel} does not fit a length-${L} input with valid padding`);
    const shape = [OL, filters];
    const weights = { kernel: ctx.weight(0, [kernel, C, filters], 'kernel'), ...(useBias ? { bias: ctx.weight(1, [filters], 'bias') } : {}) };
    return [node('conv1d', { filters, kernel, stride, padding: pad, useBias }, shape, weights), ...activationNodes(activationName(ctx.cfg('activation')), shape, ctx)];
  },
};
