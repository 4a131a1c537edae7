import * as tf from '@tensorflow/tfjs';

/**
 * The polynomial activation x² + n·x as a tfjs layer, registered under the class name `Poly` with
 * the config key `n` (see docs/POLY-ACTIVATION.md), so that models using it load and predict.
 */
export class Poly extends tf.layers.Layer {
  static className = 'Poly';
  readonly n: number;
  constructor(config: { n?: number; name?: string; trainable?: boolean } = {}) {
    super(config);
    this.n = config.n ?? 1;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.add(tf.square(x), tf.mul(x, this.n));
    });
  }
  override computeOutputShape(s: tf.Shape | tf.Shape[]) { return s; }
  override getConfig() { return { ...super.getConfig(), n: this.n }; }
}

let registered = false;
export function registerPoly(): void {
  if (registered) return;
  try { tf.serialization.registerClass(Poly); } catch { /* already registered by another copy */ }
  registered = true;
}
