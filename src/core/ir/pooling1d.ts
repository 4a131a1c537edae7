import { type IrLayerDef, type BuildContext, node, single, padding, channelsLast, windowOut } from './layer.js';

/**
 * 1-D pooling is 2-D pooling over an L×1 image: a [L, C] tensor and a [L, 1, C] tensor have the
 * same row-major layout, so the two reshapes around the 2-D node are free wiring.
 */
function window1d(ctx: BuildContext) {
  channelsLast(ctx);
  const [L, C] = ctx.inShape.length === 2 ? ctx.inShape : ctx.shapeError(`${ctx.layer.className} needs a length×channels input, got [${ctx.inShape.join(', ')}]`);
  const pool = single(ctx.cfg('pool_size', 2), 'pool_size', ctx);
  const stride = single(ctx.cfg('strides', null) ?? pool, 'strides', ctx);
  const pad = padding(ctx);
  const OL = windowOut(L, pool, stride, pad);
  if (OL < 1) ctx.shapeError(`a window of ${pool} does not fit a length-${L} input with valid padding`);
  return { L, C, OL, attrs: { pool: [pool, 1] as [number, number], strides: [stride, 1] as [number, number], padding: pad } };
}

function pool1d(kind: 'maxPool2d' | 'avgPool2d'): IrLayerDef['build'] {
  return (ctx) => {
    const w = window1d(ctx);
    return [
      node('reshape', { target: [w.L, 1, w.C] }, [w.L, 1, w.C], undefined, 'as2d'),
      node(kind, w.attrs, [w.OL, 1, w.C], undefined, 'pool'),
      node('reshape', { target: [w.OL, w.C] }, [w.OL, w.C], undefined, 'as1d'),
    ];
  };
}

export const maxPool1d: IrLayerDef = { classes: ['MaxPooling1D', 'MaxPool1D'], build: pool1d('maxPool2d') };
export const avgPool1d: IrLayerDef = { classes: ['AveragePooling1D', 'AvgPool1D'], build: pool1d('avgPool2d') };

function global1d(kind: 'globalMaxPool2d' | 'globalAvgPool2d'): IrLayerDef['build'] {
  return (ctx) => {
    channelsLast(ctx);
    const [L, C] = ctx.inShape.length === 2 ? ctx.inShape : ctx.shapeError(`${ctx.layer.className} needs a length×channels input`);
    if (ctx.cfg('keepdims', false)) ctx.unsupported('keepdims=True');
    return [node('reshape', { target: [L, 1, C] }, [L, 1, C], undefined, 'as2d'), node(kind, {}, [C], undefined, 'pool')];
  };
}

export const globalMaxPool1d: IrLayerDef = { classes: ['GlobalMaxPooling1D', 'GlobalMaxPool1D'], build: global1d('globalMaxPool2d') };
export const globalAvgPool1d: IrLayerDef = { classes: ['GlobalAveragePooling1D', 'GlobalAvgPool1D'], build: global1d('globalAvgPool2d') };
