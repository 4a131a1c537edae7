import { type IrLayerDef, type BuildContext, node, pair, padding, channelsLast, windowOut } from './layer.js';

function window(ctx: BuildContext) {
  channelsLast(ctx);
  const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`${ctx.layer.className} needs an H×W×C input, got [${ctx.inShape.join(', ')}]`);
  const pool = pair(ctx.cfg('pool_size', 2), 'pool_size', ctx);
  const strides = pair(ctx.cfg('strides', null) ?? pool, 'strides', ctx);
  const pad = padding(ctx);
  const OH = windowOut(H, pool[0], strides[0], pad), OW = windowOut(W, pool[1], strides[1], pad);
  if (OH < 1 || OW < 1) ctx.shapeError(`a ${pool[0]}×${pool[1]} window does not fit a ${H}×${W} input with valid padding`);
  return { attrs: { pool, strides, padding: pad }, shape: [OH, OW, C] };
}

export const maxPool2d: IrLayerDef = {
  classes: ['MaxPooling2D', 'MaxPool2D'],
  build(ctx) { const w = window(ctx); return [node('maxPool2d', w.attrs, w.shape)]; },
};

export const avgPool2d: IrLayerDef = {
  classes: ['AveragePooling2D', 'AvgPool2D'],
  build(ctx) { const w = window(ctx); return [node('avgPool2d', w.attrs, w.shape)]; },
};

function global(ctx: BuildContext): number[] {
  channelsLast(ctx);
  if (ctx.inShape.length !== 3) ctx.shapeError(`${ctx.layer.className} needs an H×W×C input, got [${ctx.inShape.join(', ')}]`);
  if (ctx.cfg('keepdims', false)) ctx.unsupported('keepdims=True');
  return [ctx.inShape[2]];
}

export const globalAvgPool2d: IrLayerDef = {
  classes: ['GlobalAveragePooling2D', 'GlobalAvgPool2D'],
  build(ctx) { return [node('globalAvgPool2d', {}, global(ctx))]; },
};

export const globalMaxPool2d: IrLayerDef = {
  classes: ['GlobalMaxPooling2D', 'GlobalMaxPool2D'],
  build(ctx) { return [node('globalMaxPool2d', {}, global(ctx))]; },
};
