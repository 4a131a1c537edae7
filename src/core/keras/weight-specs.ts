import { InvalidWeightsError, MissingWeightsError, ModelFormatError } from './errors.js';
import type { KerasWeight } from './types.js';

/** A weight as a loader found it, before it is named canonically and checked. */
export interface RawWeight {
  /** The name the file gives it: `kernel`, `conv2d/kernel:0`, or just `0` in a Keras 3 `vars` group. */
  name: string;
  shape: number[];
  data: Float32Array;
}

const CONV = /^Conv([123])D(Transpose)?$/;
const DEPTHWISE = /^DepthwiseConv([12])D$/;
const SEPARABLE = /^SeparableConv([12])D$/;

/** Layers Keras defines without any weight. */
const WEIGHTLESS = new Set([
  'InputLayer', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'Flatten', 'Reshape', 'Permute',
  'RepeatVector', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'GaussianNoise', 'GaussianDropout',
  'AlphaDropout', 'ActivityRegularization', 'Identity', 'Rescaling',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'MaxPool1D', 'MaxPool2D', 'MaxPool3D', 'AvgPool1D', 'AvgPool2D', 'AvgPool3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalMaxPooling3D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D',
  'GlobalAveragePooling3D', 'GlobalMaxPool1D', 'GlobalMaxPool2D', 'GlobalMaxPool3D', 'GlobalAvgPool1D', 'GlobalAvgPool2D',
  'GlobalAvgPool3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D', 'Cropping1D', 'Cropping2D', 'Cropping3D',
  'UpSampling1D', 'UpSampling2D', 'UpSampling3D', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum',
  'Concatenate', 'Dot',
]);

const flag = (config: Record<string, unknown>, key: string): boolean => config[key] !== false;

/**
 * The weights Keras gives a layer of this class and config, in Keras's order, or `undefined` for a class
 * this table does not know (a custom layer such as `Poly`: its weights are taken as the file holds them).
 */
export function expectedWeights(className: string, config: Record<string, unknown>): string[] | undefined {
  if (WEIGHTLESS.has(className)) return [];
  const bias = flag(config, 'use_bias') ? ['bias'] : [];
  if (className === 'Dense' || CONV.test(className)) return ['kernel', ...bias];
  if (DEPTHWISE.test(className)) return ['depthwise_kernel', ...bias];
  if (SEPARABLE.test(className)) return ['depthwise_kernel', 'pointwise_kernel', ...bias];
  if (className === 'BatchNormalization') {
    return [...(flag(config, 'scale') ? ['gamma'] : []), ...(flag(config, 'center') ? ['beta'] : []), 'moving_mean', 'moving_variance'];
  }
  if (className === 'LayerNormalization') return [...(flag(config, 'scale') ? ['gamma'] : []), ...(flag(config, 'center') ? ['beta'] : [])];
  if (className === 'PReLU') return ['alpha'];
  if (className === 'Embedding') return ['embeddings'];
  return undefined;
}

/** Other names the formats use for a canonical weight (Keras 3 calls the depthwise kernel just `kernel`). */
function canonicalName(className: string, short: string): string {
  if (DEPTHWISE.test(className) && short === 'kernel') return 'depthwise_kernel';
  return short;
}

/** `conv2d/kernel:0` → `kernel`. */
export function shortWeightName(name: string): string {
  const last = name.split('/').pop() ?? name;
  return last.replace(/:\d+$/, '');
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Names a layer's raw weights canonically and in Keras order, then checks them: the count the config implies,
 * element counts, shapes consistent with the config (units, filters, channels), and finite values.
 */
export function assignWeights(
  layer: { name: string; className: string; config: Record<string, unknown> },
  raw: RawWeight[],
  file: string,
): KerasWeight[] {
  const expected = expectedWeights(layer.className, layer.config);
  const shorts = raw.map((w) => canonicalName(layer.className, shortWeightName(w.name)));
  let weights: KerasWeight[];
  if (expected === undefined) {
    weights = raw.map((w, i) => ({ name: shorts[i], shape: w.shape, data: w.data }));
  } else {
    const byName = expected.length > 0 && shorts.length === new Set(shorts).size && shorts.every((s) => expected.includes(s));
    if (raw.length < expected.length) {
      const missing = byName ? expected.filter((e) => !shorts.includes(e)) : expected.slice(raw.length);
      throw new MissingWeightsError(
        `${file}: layer '${layer.name}' (${layer.className}) needs weights [${expected.join(', ')}] but the file holds ` +
          `${raw.length === 0 ? 'none' : `only [${raw.map((w) => w.name).join(', ')}]`}; missing ${missing.join(', ')}`,
        { file, layer: layer.name, weight: missing[0], expected, found: raw.map((w) => w.name) },
      );
    }
    if (raw.length > expected.length) {
      throw new ModelFormatError(
        file,
        `layer '${layer.name}' (${layer.className}) should have ${expected.length === 0 ? 'no weights' : `weights [${expected.join(', ')}]`} ` +
          `but the file holds ${raw.length}: [${raw.map((w) => w.name).join(', ')}]`,
        { details: { layer: layer.name, expected, found: raw.map((w) => w.name) } },
      );
    }
    weights = expected.map((name, i) => {
      const w = byName ? raw[shorts.indexOf(name)] : raw[i];
      return { name, shape: w.shape, data: w.data };
    });
  }
  for (const w of weights) {
    if (w.shape.some((d) => !Number.isInteger(d) || d < 0) || product(w.shape) !== w.data.length) {
      throw new ModelFormatError(file, `weight '${layer.name}/${w.name}' has shape [${w.shape.join(', ')}] but ${w.data.length} values`, {
        details: { layer: layer.name, weight: w.name },
      });
    }
    for (let i = 0; i < w.data.length; i++) {
      const v = w.data[i];
      if (!Number.isFinite(v)) {
        throw new InvalidWeightsError(
          `${file}: weight '${w.name}' of layer '${layer.name}' (${layer.className}) holds ${String(v)} at flat index ${i} (shape [${w.shape.join(', ')}]); ` +
            'weights must be finite numbers',
          { layer: layer.name, weight: w.name, index: i, value: v },
        );
      }
    }
  }
  checkShapes(layer, weights, file);
  return weights;
}

function checkShapes(layer: { name: string; className: string; config: Record<string, unknown> }, weights: KerasWeight[], file: string): void {
  const get = (n: string) => weights.find((w) => w.name === n);
  const fail = (w: KerasWeight, want: string) => {
    throw new InvalidWeightsError(
      `${file}: weight '${w.name}' of layer '${layer.name}' (${layer.className}) has shape [${w.shape.join(', ')}], expected ${want}`,
      { layer: layer.name, weight: w.name, shape: w.shape },
    );
  };
  const num = (k: string): number | undefined => (typeof layer.config[k] === 'number' ? (layer.config[k] as number) : undefined);
  const { className } = layer;
  const bias = get('bias');
  const conv = CONV.exec(className);
  if (className === 'Dense') {
    const kernel = get('kernel')!;
    const units = num('units') ?? kernel.shape[kernel.shape.length - 1];
    if (kernel.shape.length !== 2 || kernel.shape[1] !== units) fail(kernel, `[n_in, ${units}] (units = ${units})`);
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== units)) fail(bias, `[${units}]`);
  } else if (conv) {
    const kernel = get('kernel')!;
    const rank = Number(conv[1]) + 2;
    const filters = num('filters') ?? kernel.shape[rank - 1];
    const outAxis = conv[2] ? rank - 2 : rank - 1; // transposed kernels are [..., out, in]
    if (kernel.shape.length !== rank || kernel.shape[outAxis] !== filters) fail(kernel, `rank ${rank} with ${filters} output channels`);
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== filters)) fail(bias, `[${filters}]`);
  } else if (DEPTHWISE.test(className) || SEPARABLE.test(className)) {
    const dw = get('depthwise_kernel')!;
    const rank = Number(/([123])D$/.exec(className)![1]) + 2;
    const dm = num('depth_multiplier') ?? 1;
    if (dw.shape.length !== rank || dw.shape[rank - 1] !== dm) fail(dw, `rank ${rank} ending in depth_multiplier ${dm}`);
    const mid = dw.shape[rank - 2] * dm;
    const pw = get('pointwise_kernel');
    let out = mid;
    if (pw) {
      const filters = num('filters') ?? pw.shape[rank - 1];
      if (pw.shape.length !== rank || pw.shape[rank - 2] !== mid || pw.shape[rank - 1] !== filters || pw.shape.slice(0, rank - 2).some((d) => d !== 1)) {
        fail(pw, `[${Array(rank - 2).fill(1).join(', ')}, ${mid}, ${filters}]`);
      }
      out = filters;
    }
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== out)) fail(bias, `[${out}]`);
  } else if (className === 'BatchNormalization' || className === 'LayerNormalization') {
    const n = weights[0]?.data.length;
    for (const w of weights) if (w.shape.length < 1 || w.data.length !== n) fail(w, `the same length as '${weights[0].name}' (${n})`);
  }
}
