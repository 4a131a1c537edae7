/**
 * The float model, run by tfjs: the reference the circuit's integer semantics are compared with.
 * Any loaded model (tfjs, .h5, .keras) is rebuilt as a tfjs functional model from its normalised
 * layers and weights, so all three formats predict the same way.
 */
import * as tf from '@tensorflow/tfjs';
import type { KerasModel } from '../keras/types.js';
import { registerPoly } from './poly-layer.js';
import { ZkmlError } from '../errors.js';

export class FloatModelError extends ZkmlError { override name = 'FloatModelError'; }

/**
 * With `logits`, a final softmax is left out (a Softmax layer, an Activation('softmax') or a
 * layer's softmax activation), so the model returns the logits the circuit compares.
 */
export async function buildTfjsModel(model: KerasModel, opts: { logits?: boolean } = {}): Promise<tf.LayersModel> {
  registerPoly();
  const input = model.layers.find((l) => l.className === 'InputLayer');
  if (!input) throw new FloatModelError('the model has no InputLayer');
  let outputs = [...model.outputs];
  let source = model.layers;
  if (opts.logits && outputs.length === 1) {
    const last = source.find((l) => l.name === outputs[0]);
    const isSoftmax = (l: typeof last) => l && (l.className === 'Softmax' || (l.className === 'Activation' && String(l.config.activation).toLowerCase() === 'softmax'));
    if (last && isSoftmax(last)) {
      outputs = [last.inbound[0]];
      source = source.filter((l) => l !== last);
    } else if (last && String((last.config.activation as string | undefined) ?? '').toLowerCase() === 'softmax') {
      source = source.map((l) => (l === last ? { ...l, config: { ...l.config, activation: 'linear' } } : l));
    }
  }
  const layers = source.map((l) => {
    const config: Record<string, unknown> = { ...l.config, name: l.name };
    if (l.className === 'InputLayer') {
      delete config.batch_shape;
      config.batch_input_shape = [null, ...model.inputShape];
    }
    if (typeof config.dtype !== 'string') delete config.dtype;
    return {
      class_name: l.className, name: l.name, config,
      inbound_nodes: l.inbound.length ? [l.inbound.map((n) => [n, 0, 0, {}])] : [],
    };
  });
  const topology = {
    class_name: 'Model',
    config: { name: model.name || 'model', layers, input_layers: [[input.name, 0, 0]], output_layers: outputs.map((o) => [o, 0, 0]) },
  };
  let m: tf.LayersModel;
  try {
    m = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  } catch (e) {
    throw new FloatModelError(`tfjs could not rebuild the model: ${(e as Error).message}`, { cause: e });
  }
  for (const l of source) {
    if (!l.weights.length) continue;
    const layer = m.getLayer(l.name);
    layer.setWeights(l.weights.map((w) => tf.tensor(w.data, w.shape)));
  }
  return m;
}

/** Predict a batch of flat float inputs (each in the model's input shape, row-major). */
export function predict(m: tf.LayersModel, inputShape: number[], inputs: ArrayLike<number>[]): Float32Array[] {
  return tf.tidy(() => {
    const n = inputs.length;
    const size = inputShape.reduce((a, b) => a * b, 1);
    const buf = new Float32Array(n * size);
    inputs.forEach((x, i) => buf.set(Array.from(x), i * size));
    const y = m.predict(tf.tensor(buf, [n, ...inputShape])) as tf.Tensor;
    const out = y.dataSync() as Float32Array;
    const k = out.length / n;
    return Array.from({ length: n }, (_, i) => out.slice(i * k, (i + 1) * k));
  });
}
