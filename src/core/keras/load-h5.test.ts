import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidWeightsError, MissingWeightsError, ModelFormatError } from './errors.js';
import { writeH5 } from './h5.js';
import { loadH5Model } from './load-h5.js';
import { loadTfjsModel } from './load-tfjs.js';
import { caught, comparable, fixtureBytes, fixtureText, hasShared, SHARED_H5 } from './test-helpers.node.js';
import { countParams } from './types.js';

describe.skipIf(!hasShared)(`keras2circom-mnist-cnn.h5 from ../shared${hasShared ? '' : ' (SKIPPED: ../shared/fixtures is absent)'}`, () => {
  const load = () => loadH5Model(new Uint8Array(readFileSync(SHARED_H5)), { fileName: 'keras2circom-mnist-cnn.h5' });

  it('loads the architecture: layers, classes, configs and graph', async () => {
    const m = await load();
    expect(m.format).toBe('h5');
    expect(m.kerasVersion).toBe('2.10.0');
    expect(m.backend).toBe('tensorflow');
    expect(m.name).toBe('model');
    expect(m.inputShape).toEqual([28, 28, 1]);
    expect(m.layers.map((l) => [l.name, l.className])).toEqual([
      ['input_1', 'InputLayer'],
      ['conv2d', 'Conv2D'],
      ['batch_normalization', 'BatchNormalization'],
      ['activation', 'Activation'],
      ['max_pooling2d', 'MaxPooling2D'],
      ['conv2d_1', 'Conv2D'],
      ['re_lu', 'ReLU'],
      ['average_pooling2d', 'AveragePooling2D'],
      ['flatten', 'Flatten'],
      ['dense', 'Dense'],
    ]);
    m.layers.forEach((l, i) => expect(l.inbound).toEqual(i === 0 ? [] : [m.layers[i - 1].name]));
    expect(m.outputs).toEqual(['dense']);
    const by = (n: string) => m.layers.find((l) => l.name === n)!;
    expect(by('conv2d').config).toMatchObject({ filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', use_bias: false });
    expect(by('conv2d_1').config).toMatchObject({ filters: 8, kernel_size: [3, 3], strides: [2, 2], use_bias: true });
    expect(by('batch_normalization').config).toMatchObject({ epsilon: 0.001, center: true, scale: true });
    expect(by('activation').config.activation).toBe('relu');
    expect(by('max_pooling2d').config).toMatchObject({ pool_size: [2, 2], strides: [2, 2] });
    expect(by('average_pooling2d').config).toMatchObject({ pool_size: [2, 2] });
    expect(by('dense').config).toMatchObject({ units: 10, activation: 'softmax' });
    expect(m.layers[0].config.batch_input_shape).toEqual([null, 28, 28, 1]);
  });

  it('loads the weights in Keras order with their shapes, 1,078 parameters in all', async () => {
    const m = await load();
    const shapes = Object.fromEntries(m.layers.filter((l) => l.weights.length).map((l) => [l.name, l.weights.map((w) => `${w.name}:${w.shape.join('x')}`)]));
    expect(shapes).toEqual({
      conv2d: ['kernel:3x3x1x4'],
      batch_normalization: ['gamma:4', 'beta:4', 'moving_mean:4', 'moving_variance:4'],
      conv2d_1: ['kernel:3x3x4x8', 'bias:8'],
      dense: ['kernel:72x10', 'bias:10'],
    });
    expect(countParams(m)).toBe(1078);
    const bn = m.layers[2].weights;
    expect(bn[3].data.every((v) => v > 0)).toBe(true); // moving variance
    for (const l of m.layers) for (const w of l.weights) expect(w.data.every(Number.isFinite)).toBe(true);
  });

  it('reports a truncated file as a ModelFormatError naming the file and the truncation', async () => {
    const bytes = new Uint8Array(readFileSync(SHARED_H5));
    for (const n of [4, 100, 4096, bytes.length - 64]) {
      const e = await caught(() => loadH5Model(bytes.slice(0, n), { fileName: 'cut.h5' }));
      expect(e).toBeInstanceOf(ModelFormatError);
      expect(e.message).toMatch(/^cut\.h5: /);
      expect(e.message).toMatch(n < 8 ? /not an HDF5 file/ : /truncated: the file has \d+ bytes but its HDF5 superblock says \d+/);
    }
  });

  it('reports garbage after a valid signature as a corrupt HDF5 file', async () => {
    const bytes = new Uint8Array(readFileSync(SHARED_H5));
    const junk = new Uint8Array(bytes.length);
    junk.set(bytes.subarray(0, 8));
    const e = await caught(() => loadH5Model(junk, { fileName: 'junk.h5' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^junk\.h5: corrupt HDF5 file/);
  });
});

describe('Keras 2 HDF5 written by make-fixtures (cnn-bn)', () => {
  it('loads and equals the tfjs export of the same model', async () => {
    const h5 = await loadH5Model(fixtureBytes('cnn-bn', 'model.h5'), { fileName: 'model.h5' });
    const tfjs = loadTfjsModel(fixtureText('cnn-bn', 'model.json'), new Map([['weights.bin', fixtureBytes('cnn-bn', 'weights.bin')]]));
    expect(h5.format).toBe('h5');
    expect(h5.kerasVersion).toBe('2.15.0');
    expect(h5.layers[0]).toMatchObject({ name: 'conv2d_input', className: 'InputLayer' });
    expect(comparable(h5)).toEqual(comparable(tfjs));
  });
});

/** A minimal Keras 2 file: Sequential(InputLayer, Dense(units)) with the given kernel/bias. */
async function keras2Dense(kernel: Float32Array | null, bias: Float32Array | null, opts: { modelConfig?: boolean } = {}) {
  const config = {
    class_name: 'Sequential',
    config: {
      name: 'tiny',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], dtype: 'float32', name: 'input_1' } },
        { class_name: 'Dense', config: { name: 'dense', units: 3, activation: 'linear', use_bias: true } },
      ],
    },
  };
  return writeH5((f) => {
    if (opts.modelConfig !== false) f.create_attribute('model_config', JSON.stringify(config));
    f.create_attribute('keras_version', '2.15.0');
    const mw = f.create_group('model_weights');
    mw.create_attribute('layer_names', ['input_1', 'dense']);
    mw.create_group('input_1').create_attribute('weight_names', new Float64Array(0));
    const g = mw.create_group('dense');
    const names = [...(kernel ? ['dense/kernel:0'] : []), ...(bias ? ['dense/bias:0'] : [])];
    g.create_attribute('weight_names', names.length ? names : new Float64Array(0));
    const inner = g.create_group('dense');
    if (kernel) inner.create_dataset({ name: 'kernel:0', data: kernel, shape: [2, 3], dtype: '<f' });
    if (bias) inner.create_dataset({ name: 'bias:0', data: bias, shape: [3], dtype: '<f' });
  });
}

describe('Keras 2 HDF5 errors', () => {
  const k = new Float32Array([1, 2, 3, 4, 5, 6]);
  const b = new Float32Array([0.5, -0.5, 0]);

  it('loads a minimal file', async () => {
    const m = await loadH5Model(await keras2Dense(k, b));
    expect(m.layers[1].weights.map((w) => [w.name, w.shape, Array.from(w.data)])).toEqual([
      ['kernel', [2, 3], [1, 2, 3, 4, 5, 6]],
      ['bias', [3], [0.5, -0.5, 0]],
    ]);
  });

  it('a NaN weight is an InvalidWeightsError naming the layer and the weight', async () => {
    const bad = Float32Array.from(b);
    bad[1] = NaN;
    const e = await caught(async () => loadH5Model(await keras2Dense(k, bad), { fileName: 'nan.h5' }));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect(e.message).toMatch(/nan\.h5: weight 'bias' of layer 'dense' \(Dense\) holds NaN at flat index 1/);
    expect((e as InvalidWeightsError).details).toMatchObject({ layer: 'dense', weight: 'bias', index: 1 });
  });

  it('an infinite weight is an InvalidWeightsError', async () => {
    const bad = Float32Array.from(k);
    bad[5] = -Infinity;
    const e = await caught(async () => loadH5Model(await keras2Dense(bad, b)));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect(e.message).toMatch(/weight 'kernel' of layer 'dense' \(Dense\) holds -Infinity at flat index 5/);
  });

  it('a missing bias is a MissingWeightsError', async () => {
    const e = await caught(async () => loadH5Model(await keras2Dense(k, null)));
    expect(e).toBeInstanceOf(MissingWeightsError);
    expect(e.message).toMatch(/layer 'dense' \(Dense\) needs weights \[kernel, bias\].*missing bias/);
  });

  it('a weights-only file says the architecture is missing', async () => {
    const e = await caught(async () => loadH5Model(await keras2Dense(k, b, { modelConfig: false }), { fileName: 'w.h5' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/w\.h5: no model_config attribute: this HDF5 file holds weights only/);
  });

  it('a file that is not HDF5 at all', async () => {
    const e = await caught(() => loadH5Model(new TextEncoder().encode('hello, world'), { fileName: 'x.h5' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toBe('x.h5: not an HDF5 file (no HDF5 signature)');
  });

  it('a nested Sequential inside a Functional model (Keras 2 layout) is inlined', async () => {
    const config = {
      class_name: 'Functional',
      config: {
        name: 'outer',
        layers: [
          { class_name: 'InputLayer', name: 'inp', config: { batch_input_shape: [null, 2], name: 'inp' }, inbound_nodes: [] },
          {
            class_name: 'Sequential',
            name: 'block',
            config: {
              name: 'block',
              layers: [
                { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], name: 'block_input' } },
                { class_name: 'Dense', config: { name: 'dense', units: 3 } },
                { class_name: 'ReLU', config: { name: 're_lu' } },
              ],
            },
            inbound_nodes: [[['inp', 0, 0, {}]]],
          },
          { class_name: 'Dense', name: 'head', config: { name: 'head', units: 1, use_bias: false }, inbound_nodes: [[['block', 1, 0, {}]]] },
        ],
        input_layers: [['inp', 0, 0]],
        output_layers: [['head', 0, 0]],
      },
    };
    const bytes = await writeH5((f) => {
      f.create_attribute('model_config', JSON.stringify(config));
      const mw = f.create_group('model_weights');
      mw.create_attribute('layer_names', ['inp', 'block', 'head']);
      mw.create_group('inp').create_attribute('weight_names', new Float64Array(0));
      const blk = mw.create_group('block');
      blk.create_attribute('weight_names', ['dense/kernel:0', 'dense/bias:0']);
      const d = blk.create_group('dense');
      d.create_dataset({ name: 'kernel:0', data: k, shape: [2, 3], dtype: '<f' });
      d.create_dataset({ name: 'bias:0', data: b, shape: [3], dtype: '<f' });
      const head = mw.create_group('head');
      head.create_attribute('weight_names', ['head/kernel:0']);
      head.create_group('head').create_dataset({ name: 'kernel:0', data: new Float32Array([1, 2, 3]), shape: [3, 1], dtype: '<f' });
    });
    const m = await loadH5Model(bytes);
    expect(m.layers.map((l) => [l.name, l.className, l.inbound.join('+'), l.weights.map((w) => w.name).join('+')])).toEqual([
      ['inp', 'InputLayer', '', ''],
      ['dense', 'Dense', 'inp', 'kernel+bias'],
      ['re_lu', 'ReLU', 'dense', ''],
      ['head', 'Dense', 're_lu', 'kernel'],
    ]);
    expect(m.outputs).toEqual(['head']);
  });
});
