/**
 * Folding a Keras BatchNormalization layer (inference mode, normalising the last axis) into the per-channel
 * affine map the `BatchNorm(N, C)` circuit evaluates:
 *
 *   y = gamma·(x − mean)/sqrt(var + epsilon) + beta  =  x·scale + shift,
 *   scale[c] = gamma[c] / sqrt(var[c] + epsilon),    shift[c] = beta[c] − mean[c]·scale[c].
 *
 * Pure float math (float64; Keras itself runs in float32, so results agree to about 1e-7 relative).
 * Quantising to the circuit's integers is the caller's step: scale at s_bn, shift at s_in + s_bn.
 */
import { ZkmlError } from '../errors.js';

export interface BatchNormWeights {
  /** Per-channel gamma; omitted when the layer has scale=False (gamma ≡ 1). */
  gamma?: ArrayLike<number> | null;
  /** Per-channel beta; omitted when the layer has center=False (beta ≡ 0). */
  beta?: ArrayLike<number> | null;
  movingMean: ArrayLike<number>;
  movingVariance: ArrayLike<number>;
  /** Keras's default is 1e-3. */
  epsilon?: number;
}

export interface FoldedBatchNorm {
  scale: number[];
  shift: number[];
}

export const KERAS_BN_EPSILON = 1e-3;

export function foldBatchNorm({ gamma, beta, movingMean, movingVariance, epsilon = KERAS_BN_EPSILON }: BatchNormWeights): FoldedBatchNorm {
  const C = movingMean.length;
  const check = (name: string, a: ArrayLike<number> | null | undefined) => {
    if (a == null) return;
    if (a.length !== C) throw new ZkmlError(`foldBatchNorm: ${name} has ${a.length} channels, moving_mean has ${C}`, { details: { name } });
    for (let c = 0; c < C; c++) {
      if (!Number.isFinite(a[c])) throw new ZkmlError(`foldBatchNorm: ${name}[${c}] is not a finite number (${a[c]})`, { details: { name, channel: c } });
    }
  };
  check('gamma', gamma); check('beta', beta); check('moving_mean', movingMean); check('moving_variance', movingVariance);
  if (!Number.isFinite(epsilon) || epsilon < 0) throw new ZkmlError(`foldBatchNorm: epsilon must be a finite number ≥ 0 (got ${epsilon})`);
  const scale: number[] = [];
  const shift: number[] = [];
  for (let c = 0; c < C; c++) {
    const denom = movingVariance[c] + epsilon;
    if (!(denom > 0)) {
      throw new ZkmlError(`foldBatchNorm: moving_variance[${c}] + epsilon = ${denom} must be positive`, { details: { name: 'moving_variance', channel: c } });
    }
    const s = (gamma ? gamma[c] : 1) / Math.sqrt(denom);
    scale.push(s);
    shift.push((beta ? beta[c] : 0) - movingMean[c] * s);
  }
  return { scale, shift };
}
