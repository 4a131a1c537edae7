import { type IrLayerDef, node } from './layer.js';
import { foldBatchNorm } from '../quantize/fold-batch-norm.js';

/**
 * BatchNormalization at inference is a per-channel affine map: out = in·scale + shift with
 * scale = γ/√(var+ε) and shift = β − mean·scale. A later pass folds it into a preceding Dense or Conv.
 */
export const batchNorm: IrLayerDef = {
  classes: ['BatchNormalization'],
  build(ctx) {
    const shape = ctx.inShape;
    const axis = ctx.cfg<number | number[]>('axis', -1);
    const ax = Array.isArray(axis) ? axis : [axis];
    if (ax.length !== 1 || (ax[0] !== -1 && ax[0] !== shape.length)) ctx.unsupported(`axis ${JSON.stringify(axis)} (only the channel axis, -1)`);
    const C = shape[shape.length - 1];
    const eps = ctx.cfg<number>('epsilon', 1e-3);
    const center = ctx.cfg('center', true), scaleOn = ctx.cfg('scale', true);
    let i = 0;
    const { scale, shift } = foldBatchNorm({
      gamma: scaleOn ? ctx.weight(i++, [C], 'gamma').data : null,
      beta: center ? ctx.weight(i++, [C], 'beta').data : null,
      movingMean: ctx.weight(i++, [C], 'moving_mean').data,
      movingVariance: ctx.weight(i++, [C], 'moving_variance').data,
      epsilon: eps,
    });
    return [node('batchNorm', {}, [...shape], { scale: { shape: [C], data: Float64Array.from(scale) }, shift: { shape: [C], data: Float64Array.from(shift) } })];
  },
};
