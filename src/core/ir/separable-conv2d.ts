import { type IrLayerDef, node, pair, padding, channelsLast, noDilation, windowOut, activationName, activationNodes } from './layer.js';

/** SeparableConv2D becomes its two parts: a depthwise conv (no bias) and a pointwise (1×1) conv with the bias. */
export const separableConv2d: IrLayerDef = {
  classes: ['SeparableConv2D', 'SeparableConvolution2D'],
  build(ctx) {
    channelsLast(ctx); noDilation(ctx);
    const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`SeparableConv2D needs an H×W×C input, got [${ctx.inShape.join(', ')}]`);
    const depthMultiplier = ctx.cfg<number>('depth_multiplier', 1);
    const filters = ctx.cfg<number>('filters');
    const kernel = pair(ctx.cfg('kernel_size'), 'kernel_size', ctx);
    const strides = pair(ctx.cfg('strides', 1), 'strides', ctx);
    const pad = padding(ctx);
    const useBias = ctx.cfg('use_bias', true);
    const OH = windowOut(H, kernel[0], strides[0], pad), OW = windowOut(W, kernel[1], strides[1], pad);
    if (OH < 1 || OW < 1) ctx.shapeError(`a ${kernel[0]}×${kernel[1]} kernel does not fit a ${H}×${W} input with valid padding`);
    const mid = C * depthMultiplier;
    const dw = ctx.weight(0, [kernel[0], kernel[1], C, depthMultiplier], 'depthwise_kernel');
    const pw = ctx.weight(1, [1, 1, mid, filters], 'pointwise_kernel');
    const shape = [OH, OW, filters];
    return [
      node('depthwiseConv2d', { depthMultiplier, kernel, strides, padding: pad, useBias: false }, [OH, OW, mid], { kernel: dw }, 'dw'),
      node('pointwiseConv2d', { filters, useBias }, shape, { kernel: { shape: [mid, filters], data: pw.data }, ...(useBias ? { bias: ctx.weight(2, [filters], 'bias') } : {}) }, 'pw'),
      ...activationNodes(activationName(ctx.cfg('activation')), shape, ctx),
    ];
  },
};
