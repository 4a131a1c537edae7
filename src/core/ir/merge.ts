import { type IrLayerDef, node } from './layer.js';

export const add: IrLayerDef = {
  classes: ['Add'],
  build(ctx) {
    if (ctx.inShapes.length < 2) ctx.shapeError('Add needs at least two inputs');
    const s = ctx.inShapes[0];
    for (const t of ctx.inShapes) if (t.join() !== s.join()) ctx.shapeError(`Add inputs differ in shape: ${ctx.inShapes.map((x) => `[${x.join(', ')}]`).join(' vs ')}`);
    if (ctx.inShapes.length !== 2) ctx.unsupported('Add of more than two tensors');
    return [node('add', {}, [...s])];
  },
};

export const concatenate: IrLayerDef = {
  classes: ['Concatenate'],
  build(ctx) {
    const axis = ctx.cfg<number>('axis', -1);
    const rank = ctx.inShapes[0].length;
    if (axis !== -1 && axis !== rank) ctx.unsupported(`axis ${axis} (only the channel axis, -1)`);
    if (ctx.inShapes.length !== 2) ctx.unsupported('Concatenate of other than two tensors');
    const [a, b] = ctx.inShapes;
    if (a.length !== b.length || a.slice(0, -1).join() !== b.slice(0, -1).join()) ctx.shapeError(`Concatenate inputs differ outside the channel axis: [${a.join(', ')}] vs [${b.join(', ')}]`);
    return [node('concatenate', {}, [...a.slice(0, -1), a[a.length - 1] + b[b.length - 1]])];
  },
};
