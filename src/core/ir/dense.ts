import { type IrLayerDef, node, activationName, activationNodes } from './layer.js';

export const dense: IrLayerDef = {
  classes: ['Dense'],
  build(ctx) {
    const inShape = ctx.inShape;
    if (inShape.length !== 1) ctx.shapeError(`Dense needs a flat input, got shape [${inShape.join(', ')}]; add a Flatten layer before it`);
    const units = ctx.cfg<number>('units');
    const useBias = ctx.cfg('use_bias', true);
    const weights = { kernel: ctx.weight(0, [inShape[0], units], 'kernel'), ...(useBias ? { bias: ctx.weight(1, [units], 'bias') } : {}) };
    return [node('dense', { units, useBias }, [units], weights), ...activationNodes(activationName(ctx.cfg('activation')), [units], ctx)];
  },
};
