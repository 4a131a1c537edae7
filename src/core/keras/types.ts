/**
 * The one normalised in-memory form of a Keras model, whatever file it came from
 * (tfjs layers `model.json` + shards, Keras 2 HDF5 `.h5`, Keras 3 `.keras` zip).
 *
 * - Layers are in topological order; the first is always the model's single `InputLayer`
 *   (synthesised, named like Keras does `<first layer>_input`, when a Sequential config has none).
 * - Nested Sequential/Functional sub-models are inlined: their layers appear in the graph directly.
 * - `config` is the layer's Keras config with snake_case keys (as all three formats write them), with
 *   Keras 3 envelopes simplified: a dtype policy becomes its name (`'float32'`), and nested
 *   `{module, class_name, config, registered_name}` objects (initializers, ...) become `{class_name, config}`.
 * - `className` is the Keras class name without any registration package (`'zkml>Poly'` → `'Poly'`).
 * - Weights are in the order Keras defines for the layer, with their canonical short names
 *   (see `weight-specs.ts`), in Keras's own layout (Dense kernel `[in, out]`, Conv2D `[kh, kw, cin, cout]`, ...).
 */
export type ModelFormat = 'tfjs' | 'h5' | 'keras';

export interface KerasWeight {
  /** Canonical short name: `kernel`, `bias`, `gamma`, `depthwise_kernel`, ... */
  name: string;
  shape: number[];
  /** Row-major (C order) values; length is the product of `shape`. */
  data: Float32Array;
}

export interface KerasLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** Names of the layers feeding this one, in call order; empty for the input layer. */
  inbound: string[];
  weights: KerasWeight[];
}

export interface KerasModel {
  format: ModelFormat;
  name: string;
  kerasVersion?: string;
  backend?: string;
  /** Input shape without the batch dimension, e.g. `[28, 28, 1]`. */
  inputShape: number[];
  layers: KerasLayer[];
  /** Names of the output layers. */
  outputs: string[];
}

/** Total number of weight values (Keras's "Total params", trainable and not). */
export function countParams(model: KerasModel): number {
  let n = 0;
  for (const layer of model.layers) for (const w of layer.weights) n += w.data.length;
  return n;
}
