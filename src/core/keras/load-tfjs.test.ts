import { describe, expect, it } from 'vitest';
import { InvalidWeightsError, MissingWeightsError, ModelFormatError, UnsupportedModelError } from './errors.js';
import { halfToFloat, loadTfjsModel } from './load-tfjs.js';
import { caught, fixtureBytes, fixtureText, TFJS_FIXTURES } from './test-helpers.node.js';
import { countParams, type KerasModel } from './types.js';

const EXPECTED_CLASSES: Record<string, string[]> = {
  mlp: ['InputLayer', 'AveragePooling2D', 'Flatten', 'Dense', 'Dense'],
  'cnn-bn': ['InputLayer', 'AveragePooling2D', 'Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'Conv2D', 'ReLU', 'AveragePooling2D', 'Flatten', 'Dense'],
  poly: ['InputLayer', 'AveragePooling2D', 'Conv2D', 'Poly', 'AveragePooling2D', 'Flatten', 'Dense', 'Poly', 'Dense'],
  residual: ['InputLayer', 'AveragePooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'Conv2D', 'Add', 'ReLU', 'AveragePooling2D', 'Flatten', 'Dense'],
  conv1d: ['InputLayer', 'AveragePooling2D', 'Reshape', 'Conv1D', 'MaxPooling1D', 'Flatten', 'Dense'],
  'same-stride': ['InputLayer', 'AveragePooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'Flatten', 'Dense'],
  zoo: [
    'InputLayer', 'AveragePooling2D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'LeakyReLU', 'ReLU', 'Concatenate', 'MaxPooling2D', 'UpSampling2D',
    'ZeroPadding2D', 'AveragePooling2D', 'Flatten', 'Dense',
  ],
};

function loadFixture(name: string): KerasModel {
  return loadTfjsModel(fixtureText(name, 'model.json'), new Map([['weights.bin', fixtureBytes(name, 'weights.bin')]]), { fileName: `${name}/model.json` });
}

describe('tfjs fixtures', () => {
  it('all seven fixtures are present', () => {
    expect(TFJS_FIXTURES).toEqual(['cnn-bn', 'conv1d', 'mlp', 'poly', 'residual', 'same-stride', 'zoo']);
  });

  for (const name of Object.keys(EXPECTED_CLASSES)) {
    it(`${name} loads with its layers, graph and all its parameters`, () => {
      const m = loadFixture(name);
      const expected = JSON.parse(fixtureText(name, 'expected.json')) as { params: number };
      expect(m.format).toBe('tfjs');
      expect(m.inputShape).toEqual([28, 28, 1]);
      expect(m.layers.map((l) => l.className)).toEqual(EXPECTED_CLASSES[name]);
      expect(countParams(m)).toBe(expected.params);
      expect(m.outputs).toEqual(['dense' + (name === 'mlp' || name === 'poly' ? '_1' : '')]);
      // every layer but the input is fed by earlier layers
      const seen = new Set<string>();
      for (const l of m.layers) {
        expect(l.inbound.every((n) => seen.has(n))).toBe(true);
        seen.add(l.name);
      }
      // weights are exactly the bytes of weights.bin, found by name (tfjs writes all trainable weights first)
      const manifest = (JSON.parse(fixtureText(name, 'model.json')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest[0].weights;
      const bin = fixtureBytes(name, 'weights.bin');
      const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
      let offset = 0;
      const byName = new Map<string, number[]>();
      for (const w of manifest) {
        const n = w.shape.reduce((a, b) => a * b, 1);
        byName.set(w.name, Array.from(all.subarray(offset, offset + n)));
        offset += n;
      }
      expect(offset).toBe(all.length);
      const loaded = new Map(m.layers.flatMap((l) => l.weights.map((w) => [`${l.name}/${w.name}`, Array.from(w.data)] as const)));
      expect(loaded).toEqual(byName);
    });
  }

  it('cnn-bn: BatchNormalization weights in Keras order, kernels in Keras layout', () => {
    const m = loadFixture('cnn-bn');
    const w = (layer: string) => m.layers.find((l) => l.name === layer)!.weights.map((x) => `${x.name}:${x.shape.join('x')}`);
    expect(w('conv2d')).toEqual(['kernel:3x3x1x2', 'bias:2']);
    expect(w('batch_normalization')).toEqual(['gamma:2', 'beta:2', 'moving_mean:2', 'moving_variance:2']);
    expect(w('conv2d_1')).toEqual(['kernel:3x3x2x4', 'bias:4']);
    expect(w('dense')).toEqual(['kernel:16x10', 'bias:10']);
  });

  it('poly: the custom Poly layer keeps its class name and n', () => {
    const m = loadFixture('poly');
    const polys = m.layers.filter((l) => l.className === 'Poly');
    expect(polys.map((p) => [p.name, p.config.n, p.weights.length])).toEqual([
      ['poly', 2, 0],
      ['poly_1', 2, 0],
    ]);
  });

  it('residual: the Add takes both branches', () => {
    const m = loadFixture('residual');
    expect(m.layers.find((l) => l.className === 'Add')!.inbound).toEqual(['max_pooling2d', 'conv2d_2']);
  });

  it('zoo: depthwise, separable, ReLU6, LeakyReLU, padding, upsampling, concatenation', () => {
    const m = loadFixture('zoo');
    const by = (n: string) => m.layers.find((l) => l.name === n)!;
    expect(by('depthwise_conv2d').weights.map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual(['depthwise_kernel:3x3x4x1', 'bias:4']);
    expect(by('separable_conv2d').weights.map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual([
      'depthwise_kernel:3x3x4x1',
      'pointwise_kernel:1x1x4x4',
      'bias:4',
    ]);
    expect(by('re_lu').config.max_value).toBe(6);
    expect(by('leaky_re_lu').config.alpha).toBeCloseTo(0.1);
    expect(by('zero_padding2d').config.padding).toEqual([[0, 2], [1, 1]]);
    expect(by('up_sampling2d').config.size).toEqual([2, 2]);
    expect(by('concatenate').inbound).toEqual(['leaky_re_lu', 're_lu']);
  });
});

/** A hand-written tfjs model: Dense(2 → 2) with the given manifest entries and shard bytes. */
function tiny(weights: object[], shard: Uint8Array, extra: Record<string, unknown> = {}) {
  return {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 't', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, use_bias: true, batch_input_shape: [null, 2] } }] },
      ...extra,
    },
    weightsManifest: [{ paths: ['w.bin'], weights }],
  };
}
const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);
const specs = [
  { name: 'd/kernel', shape: [2, 2], dtype: 'float32' },
  { name: 'd/bias', shape: [2], dtype: 'float32' },
];

describe('tfjs errors and encodings', () => {
  it('malformed JSON is a ModelFormatError naming the file', async () => {
    const e = await caught(() => loadTfjsModel('{"modelTopology": {', new Map(), { fileName: 'broken/model.json' }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^broken\/model\.json: malformed JSON: /);
  });

  it('JSON without modelTopology', async () => {
    const e = await caught(() => loadTfjsModel('{"weightsManifest": []}', new Map()));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/model\.json: no modelTopology/);
  });

  it('a missing shard is a MissingWeightsError naming it', async () => {
    const e = await caught(() => loadTfjsModel(tiny(specs, f32(1, 2, 3, 4, 5, 6)), new Map()));
    expect(e).toBeInstanceOf(MissingWeightsError);
    expect(e.message).toMatch(/weight shard 'w\.bin' listed in weightsManifest was not supplied/);
  });

  it('a truncated shard is a ModelFormatError', async () => {
    const e = await caught(() => loadTfjsModel(tiny(specs, f32()), new Map([['w.bin', f32(1, 2, 3, 4, 5)]])));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/w\.bin: weight shard data is too short: 20 bytes, but 'd\/bias' needs bytes 16\.\.24/);
  });

  it('a NaN weight is an InvalidWeightsError naming layer and weight', async () => {
    const e = await caught(() => loadTfjsModel(tiny(specs, f32()), (p) => (p === 'w.bin' ? f32(1, 2, NaN, 4, 5, 6) : undefined)));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect(e.message).toBe("model.json: weight 'kernel' of layer 'd' (Dense) holds NaN at flat index 2 (shape [2, 2]); weights must be finite numbers");
  });

  it('a NaN in a real fixture is caught too', async () => {
    const bin = fixtureBytes('cnn-bn', 'weights.bin').slice();
    new DataView(bin.buffer).setFloat32(4 * 18, Infinity, true); // conv2d bias[0], after the 3x3x1x2 kernel
    const e = await caught(() => loadTfjsModel(fixtureText('cnn-bn', 'model.json'), new Map([['weights.bin', bin]])));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect((e as InvalidWeightsError).details).toMatchObject({ layer: 'conv2d', weight: 'bias', index: 0, value: Infinity });
  });

  it('a kernel whose shape contradicts units is an InvalidWeightsError', async () => {
    const bad = [{ name: 'd/kernel', shape: [1, 4], dtype: 'float32' }, specs[1]];
    const e = await caught(() => loadTfjsModel(tiny(bad, f32()), new Map([['w.bin', f32(1, 2, 3, 4, 5, 6)]])));
    expect(e).toBeInstanceOf(InvalidWeightsError);
    expect(e.message).toMatch(/weight 'kernel' of layer 'd' \(Dense\) has shape \[1, 4\], expected \[n_in, 2\]/);
  });

  it('a missing bias is a MissingWeightsError', async () => {
    const e = await caught(() => loadTfjsModel(tiny([specs[0]], f32()), new Map([['w.bin', f32(1, 2, 3, 4)]])));
    expect(e).toBeInstanceOf(MissingWeightsError);
    expect((e as MissingWeightsError).details).toMatchObject({ layer: 'd', weight: 'bias' });
  });

  it('decodes float16 and uint8-quantised weights', () => {
    const halfs = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x0000]); // 1, -2, 0.5, 0
    const u8 = new Uint8Array([0, 255]);
    const shard = new Uint8Array(10);
    shard.set(new Uint8Array(halfs.buffer), 0);
    shard.set(u8, 8);
    const m = loadTfjsModel(
      tiny(
        [
          { name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'float16' } },
          { name: 'd/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.01, min: -1 } },
        ],
        shard,
      ),
      new Map([['./w.bin', shard]]),
    );
    expect(Array.from(m.layers[1].weights[0].data)).toEqual([1, -2, 0.5, 0]);
    expect(Array.from(m.layers[1].weights[1].data).map((v) => +v.toFixed(5))).toEqual([-1, 1.55]);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
  });

  it('shards are found by base name and concatenated across paths', () => {
    const json = tiny(specs, f32());
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    const m = loadTfjsModel(json, new Map([['some/dir/group1-shard1of2.bin', f32(1, 2, 3)], ['group1-shard2of2.bin', f32(4, 5, 6)]]));
    expect(m.layers[1].weights.flatMap((w) => Array.from(w.data))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a tensorflowjs_converter-style topology (model_config inside modelTopology) loads', () => {
    const json = {
      modelTopology: {
        keras_version: '2.15.0',
        backend: 'tensorflow',
        model_config: { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 2] } }] } },
      },
      weightsManifest: [{ paths: ['w.bin'], weights: specs }],
    };
    const m = loadTfjsModel(json, new Map([['w.bin', f32(1, 2, 3, 4, 5, 6)]]));
    expect(m).toMatchObject({ kerasVersion: '2.15.0', backend: 'tensorflow', inputShape: [2], outputs: ['d'] });
    expect(m.layers[0]).toMatchObject({ name: 'd_input', className: 'InputLayer', inbound: [] });
  });

  it('a graph model is an UnsupportedModelError', async () => {
    const e = await caught(() => loadTfjsModel({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }, new Map()));
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.message).toMatch(/graph model/);
  });

  it('two inputs are an UnsupportedModelError', async () => {
    const json = {
      modelTopology: {
        class_name: 'Model',
        config: {
          name: 'two',
          layers: [
            { class_name: 'InputLayer', name: 'a', config: { batch_input_shape: [null, 2], name: 'a' }, inbound_nodes: [] },
            { class_name: 'InputLayer', name: 'b', config: { batch_input_shape: [null, 2], name: 'b' }, inbound_nodes: [] },
            { class_name: 'Add', name: 'add', config: { name: 'add' }, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}]]] },
          ],
          input_layers: [['a', 0, 0], ['b', 0, 0]],
          output_layers: [['add', 0, 0]],
        },
      },
      weightsManifest: [],
    };
    const e = await caught(() => loadTfjsModel(json, new Map()));
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.message).toMatch(/the model has 2 inputs \(a, b\); ZKML supports exactly one/);
  });

  it('an unknown input size is an UnsupportedModelError', async () => {
    const json = tiny(specs, f32());
    (json.modelTopology.config.layers[0].config as Record<string, unknown>).batch_input_shape = [null, null];
    const e = await caught(() => loadTfjsModel(json, new Map([['w.bin', f32(1, 2, 3, 4, 5, 6)]])));
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.message).toMatch(/input shape \[None\] is not fully known/);
  });

  it('never lets a raw TypeError escape on odd JSON', async () => {
    const odd: unknown[] = [
      null, 5, '[]', '"x"', {}, { modelTopology: 5 }, { modelTopology: {} }, { modelTopology: { class_name: 'Sequential' } },
      { modelTopology: { class_name: 'Sequential', config: { layers: [null] } }, weightsManifest: [] },
      { modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: null }] } }, weightsManifest: [] },
      { modelTopology: { class_name: 'Functional', config: { layers: [{ class_name: 'Dense', name: 'd', inbound_nodes: [[['nope', 0, 0]]] }] } }, weightsManifest: [] },
      { modelTopology: tiny(specs, f32()).modelTopology, weightsManifest: [{ paths: 'w.bin', weights: specs }] },
      { modelTopology: tiny(specs, f32()).modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: 'x' }] }] },
      { modelTopology: tiny(specs, f32()).modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [2, 2], dtype: 'string' }] }] },
    ];
    for (const j of odd) {
      const e = await caught(() => loadTfjsModel(j as object, new Map([['w.bin', f32(1, 2, 3, 4, 5, 6)]])));
      expect(['ModelFormatError', 'MissingWeightsError', 'UnsupportedModelError', 'InvalidWeightsError'], `${JSON.stringify(j)} → ${e.name}: ${e.message}`).toContain(e.name);
    }
  });
});
