import { type IrLayerDef, node, activationName, activationNodes } from './layer.js';

export const activation: IrLayerDef = {
  classes: ['Activation', 'Softmax', 'ReLU', 'LeakyReLU', 'Poly'],
  build(ctx) {
    const shape = [...ctx.inShape];
    switch (ctx.layer.className) {
      case 'Activation': return activationNodes(activationName(ctx.cfg('activation')), shape, ctx);
      case 'Softmax': return activationNodes('softmax', shape, ctx);
      case 'LeakyReLU': return [node('leakyRelu', { alpha: Number(ctx.cfg('negative_slope', ctx.cfg('alpha', 0.3))) }, shape)];
      case 'Poly': return [node('poly', { n: Number(ctx.cfg('n', 1)) }, shape)];
      default: { // ReLU(max_value, negative_slope, threshold)
        const maxValue = ctx.cfg<number | null>('max_value', null);
        const slope = Number(ctx.cfg('negative_slope', 0));
        if (Number(ctx.cfg('threshold', 0)) !== 0) ctx.unsupported('ReLU threshold ≠ 0');
        if (slope !== 0 && maxValue !== null) ctx.unsupported('ReLU with both negative_slope and max_value');
        if (slope !== 0) return [node('leakyRelu', { alpha: slope }, shape)];
        if (maxValue !== null) return [node('clip', { lo: 0, hi: Number(maxValue) }, shape)];
        return [node('relu', {}, shape)];
      }
    }
  },
};
