import { type IrLayerDef, node, pair } from './layer.js';
import { size } from './types.js';

export const flatten: IrLayerDef = {
  classes: ['Flatten'],
  build(ctx) { return [node('flatten', {}, [size(ctx.inShape)])]; },
};

export const reshape: IrLayerDef = {
  classes: ['Reshape'],
  build(ctx) {
    const target = [...ctx.cfg<number[]>('target_shape')];
    const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const n = size(ctx.inShape);
    const full = target.map((d) => (d === -1 ? n / known : d));
    if (target.filter((d) => d === -1).length > 1 || size(full) !== n || !full.every(Number.isInteger)) {
      ctx.shapeError(`cannot reshape [${ctx.inShape.join(', ')}] (${n} values) into [${target.join(', ')}]`);
    }
    return [node('reshape', { target: full }, full)];
  },
};

export const upSampling2d: IrLayerDef = {
  classes: ['UpSampling2D'],
  build(ctx) {
    if (String(ctx.cfg('interpolation', 'nearest')) !== 'nearest') ctx.unsupported(`interpolation ${ctx.cfg('interpolation')} (only nearest)`);
    const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`UpSampling2D needs an H×W×C input`);
    const s = pair(ctx.cfg('size', 2), 'size', ctx);
    return [node('upSampling2d', { size: s }, [H * s[0], W * s[1], C])];
  },
};

export const zeroPadding2d: IrLayerDef = {
  classes: ['ZeroPadding2D'],
  build(ctx) {
    const [H, W, C] = ctx.inShape.length === 3 ? ctx.inShape : ctx.shapeError(`ZeroPadding2D needs an H×W×C input`);
    const p = ctx.cfg<unknown>('padding', 1);
    let t: number, b: number, l: number, r: number;
    if (typeof p === 'number') { t = b = l = r = p; }
    else if (Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number')) { [t, l] = p as number[]; b = t; r = l; }
    else if (Array.isArray(p) && p.length === 2 && p.every(Array.isArray)) { [[t, b], [l, r]] = p as number[][]; }
    else return ctx.unsupported(`padding ${JSON.stringify(p)}`);
    return [node('zeroPadding2d', { top: t, bottom: b, left: l, right: r }, [H + t + b, W + l + r, C])];
  },
};
