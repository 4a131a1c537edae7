import { strToU8, zipSync } from 'fflate';
import type { Group } from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { InvalidWeightsError, MissingWeightsError, ModelFormatError } from './errors.js';
import { writeH5 } from './h5.js';
import { crc32, loadKerasModel } from './load-keras.js';
import { loadTfjsModel } from './load-tfjs.js';
import { toSnakeCase } from './topology.js';
import { caught, comparable, fixtureBytes, fixtureText } from './test-helpers.node.js';

const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const init = (c: string) => ({ module: 'keras.initializers', class_name: c, config: { seed: null }, registered_name: null });
const tensor = (layer: string, shape: (number | null)[]) => ({
  class_name: '__keras_tensor__',
  config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] },
});
const dense = (name: string, units: number, inShape: (number | null)[], inbound?: unknown) => ({
  module: 'keras.layers',
  class_name: 'Dense',
  config: {
    name,
    trainable: true,
    dtype: policy,
    units,
    activation: 'relu',
    use_bias: true,
    kernel_initializer: init('GlorotUniform'),
    bias_initializer: init('Zeros'),
    kernel_regularizer: null,
    bias_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  },
  registered_name: null,
  build_config: { input_shape: inShape },
  ...(inbound ? { name, inbound_nodes: [{ args: inbound, kwargs: {} }] } : {}),
});

/**
 * A Keras 3 functional model as Keras 3 serialises it: input(4) → dense(3) → nested Sequential[dense_1(3)] →
 * Add(dense, sequential) → Concatenate(add, dense) → dense_2(2). Its weights file follows Keras 3's naming:
 * groups by snake_case class name with a per-container counter, so the outer `dense_2` lives at
 * `layers/dense_1` and the nested `dense_1` at `layers/sequential/layers/dense`.
 */
const functionalConfig = {
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: {
    name: 'functional',
    trainable: true,
    layers: [
      {
        module: 'keras.layers',
        class_name: 'InputLayer',
        config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' },
        registered_name: null,
        name: 'input_layer',
        inbound_nodes: [],
      },
      dense('dense', 3, [null, 4], [tensor('input_layer', [null, 4])]),
      {
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          trainable: true,
          dtype: policy,
          layers: [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', sparse: false, name: 'input_layer_1' }, registered_name: null },
            dense('dense_1', 3, [null, 3]),
          ],
          build_input_shape: [null, 3],
        },
        registered_name: null,
        build_config: { input_shape: [null, 3] },
        name: 'sequential',
        inbound_nodes: [{ args: [tensor('dense', [null, 3])], kwargs: { training: false } }],
      },
      {
        module: 'keras.layers',
        class_name: 'Add',
        config: { name: 'add', trainable: true, dtype: policy },
        registered_name: null,
        build_config: { input_shape: [[null, 3], [null, 3]] },
        name: 'add',
        inbound_nodes: [{ args: [[tensor('dense', [null, 3]), tensor('sequential', [null, 3])]], kwargs: {} }],
      },
      {
        module: 'keras.layers',
        class_name: 'Concatenate',
        config: { name: 'concatenate', trainable: true, dtype: policy, axis: -1 },
        registered_name: null,
        build_config: { input_shape: [[null, 3], [null, 3]] },
        name: 'concatenate',
        inbound_nodes: [{ args: [[tensor('add', [null, 3]), tensor('dense', [null, 3])]], kwargs: {} }],
      },
      dense('dense_2', 2, [null, 6], [tensor('concatenate', [null, 6])]),
    ],
    input_layers: [['input_layer', 0, 0]],
    output_layers: [['dense_2', 0, 0]],
  },
  registered_name: 'Functional',
  build_config: { input_shape: null },
  compile_config: null,
};

const seq = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => (from + i) / 8);

async function weightsH5(mutate?: (w: Record<string, Float32Array[]>) => void): Promise<Uint8Array> {
  const w: Record<string, Float32Array[]> = {
    'layers/dense': [seq(12), seq(3, 100)],
    'layers/sequential/layers/dense': [seq(9, 200), seq(3, 300)],
    'layers/dense_1': [seq(12, 400), seq(2, 500)],
  };
  const shapes: Record<string, number[][]> = {
    'layers/dense': [[4, 3], [3]],
    'layers/sequential/layers/dense': [[3, 3], [3]],
    'layers/dense_1': [[6, 2], [2]],
  };
  mutate?.(w);
  return writeH5((f) => {
    const group = (path: string): Group => {
      let g: Group = f;
      for (const part of path.split('/')) g = g.keys().includes(part) ? (g.get(part) as Group) : g.create_group(part);
      return g;
    };
    f.create_group('vars');
    for (const p of ['layers/input_layer', 'layers/sequential', 'layers/add', 'layers/concatenate']) group(`${p}/vars`);
    for (const [p, arrays] of Object.entries(w)) {
      const vars = group(`${p}/vars`);
      arrays.forEach((a, i) => vars.create_dataset({ name: String(i), data: a, shape: shapes[p][i], dtype: '<f' }));
    }
    f.create_group('optimizer').create_group('vars').create_dataset({ name: '0', data: new BigInt64Array([7n]), shape: [], dtype: '<q' });
  });
}

async function kerasZip(config: unknown, weights: Uint8Array | null, extra: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify({ keras_version: '3.6.0', date_saved: '2025-01-01@00:00:00' })),
      'config.json': strToU8(JSON.stringify(config)),
      ...(weights ? { 'model.weights.h5': weights } : {}),
      ...extra,
    },
    { level: 0 },
  );
}

describe('Keras 3 .keras', () => {
  it('the mlp fixture loads and equals the tfjs export of the same model', async () => {
    const k = await loadKerasModel(fixtureBytes('mlp', 'model.keras'), { fileName: 'mlp.keras' });
    const t = loadTfjsModel(fixtureText('mlp', 'model.json'), new Map([['weights.bin', fixtureBytes('mlp', 'weights.bin')]]));
    expect(k.format).toBe('keras');
    expect(k.kerasVersion).toBe('3.6.0');
    expect(k.name).toBe('mlp');
    expect(k.layers[0]).toMatchObject({ name: 'input_layer', className: 'InputLayer', config: { batch_input_shape: [null, 28, 28, 1], dtype: 'float32' } });
    expect(comparable(k)).toEqual(comparable(t));
    // Keras 3 envelopes are simplified: dtype policy → name, initializers → {class_name, config}
    const d = k.layers.find((l) => l.name === 'dense')!;
    expect(d.config.dtype).toBe('float32');
    expect(d.config.kernel_initializer).toMatchObject({ class_name: expect.any(String), config: expect.any(Object) });
    expect(d.config.kernel_initializer).not.toHaveProperty('module');
  });

  it('a functional model with a nested Sequential, Add and Concatenate, weights found by Keras 3 naming', async () => {
    const m = await loadKerasModel(await kerasZip(functionalConfig, await weightsH5()));
    expect(m.inputShape).toEqual([4]);
    expect(m.layers.map((l) => [l.name, l.className, l.inbound.join('+')])).toEqual([
      ['input_layer', 'InputLayer', ''],
      ['dense', 'Dense', 'input_layer'],
      ['dense_1', 'Dense', 'dense'],
      ['add', 'Add', 'dense+dense_1'],
      ['concatenate', 'Concatenate', 'add+dense'],
      ['dense_2', 'Dense', 'concatenate'],
    ]);
    expect(m.outputs).toEqual(['dense_2']);
    const w = (n: string) => m.layers.find((l) => l.name === n)!.weights.map((x) => [x.name, x.shape, x.data[0] * 8]);
    expect(w('dense')).toEqual([['kernel', [4, 3], 0], ['bias', [3], 100]]);
    expect(w('dense_1')).toEqual([['kernel', [3, 3], 200], ['bias', [3], 300]]);
    expect(w('dense_2')).toEqual([['kernel', [6, 2], 400], ['bias', [2], 500]]);
  });

  it('snake_case follows Keras naming', () => {
    expect(['Conv2D', 'BatchNormalization', 'ReLU', 'LeakyReLU', 'DepthwiseConv2D', 'MaxPooling2D', 'InputLayer', 'UpSampling2D', 'Poly'].map(toSnakeCase)).toEqual([
      'conv2d', 'batch_normalization', 're_lu', 'leaky_re_lu', 'depthwise_conv2d', 'max_pooling2d', 'input_layer', 'up_sampling2d', 'poly',
    ]);
  });

  it('a NaN weight is an InvalidWeightsError naming the layer and weight', async () => {
    const h5 = await weightsH5((w) => {
      w['layers/sequential/layers/dense'][0][4] = NaN;
    });
    const e = await caught(async () => loadKerasModel(await kerasZip(functionalConfig, h5), { fileName: 'nan.keras' }));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect(e.message).toMatch(/weight 'kernel' of layer 'dense_1' \(Dense\) holds NaN at flat index 4/);
  });

  it('a missing layer group is a MissingWeightsError', async () => {
    const h5 = await weightsH5((w) => {
      delete w['layers/dense_1'];
    });
    const e = await caught(async () => loadKerasModel(await kerasZip(functionalConfig, h5)));
    expect(e).toBeInstanceOf(MissingWeightsError);
    expect(e.message).toMatch(/layer 'dense_2' \(Dense\)/);
  });

  it('a missing model.weights.h5 is a MissingWeightsError', async () => {
    const e = await caught(async () => loadKerasModel(await kerasZip(functionalConfig, null), { fileName: 'x.keras' }));
    expect(e).toBeInstanceOf(MissingWeightsError);
    expect(e.message).toBe('x.keras: no model.weights.h5 in the archive');
  });

  it('a zip without config.json', async () => {
    const e = await caught(() => loadKerasModel(zipSync({ 'a.txt': strToU8('hi') }), { fileName: 'x.keras' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^x\.keras: no config\.json in the archive \(entries: a\.txt\)/);
  });

  it('malformed config.json', async () => {
    const zip = zipSync({ 'config.json': strToU8('{"class_name": '), 'model.weights.h5': await weightsH5() });
    const e = await caught(() => loadKerasModel(zip, { fileName: 'x.keras' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^x\.keras\/config\.json: malformed JSON in x\.keras\/config\.json/);
  });

  it('a corrupted zip: flipped byte (CRC), truncation, deflate damage', async () => {
    const good = fixtureBytes('mlp', 'model.keras');
    const flipped = good.slice();
    flipped[Math.floor(good.length / 2)] ^= 0xff;
    let e = await caught(() => loadKerasModel(flipped, { fileName: 'bad.keras' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^bad\.keras: corrupt zip archive: entry 'model\.weights\.h5' fails its CRC-32 check/);

    e = await caught(() => loadKerasModel(good.slice(0, good.length - 100), { fileName: 'cut.keras' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^cut\.keras: not a valid zip archive/);

    const deflated = zipSync({ 'config.json': strToU8(JSON.stringify(functionalConfig)) }, { level: 9 });
    const damaged = deflated.slice();
    for (let i = 40; i < 60; i++) damaged[i] = 0xff; // inside the compressed stream
    e = await caught(() => loadKerasModel(damaged, { fileName: 'deflate.keras' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^deflate\.keras: /);
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
  });
});
