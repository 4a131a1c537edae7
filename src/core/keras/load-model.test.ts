import { readFileSync } from 'node:fs';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from './errors.js';
import { writeH5 } from './h5.js';
import { loadModel, sniff } from './load-model.js';
import { caught, comparable, fixtureBytes, hasShared, SHARED_H5 } from './test-helpers.node.js';
import { countParams } from './types.js';

describe('loadModel: sniffing and dispatch', () => {
  it('sniffs HDF5, zip, JSON and anything else', () => {
    expect(sniff(fixtureBytes('cnn-bn', 'model.h5'))).toBe('hdf5');
    expect(sniff(fixtureBytes('mlp', 'model.keras'))).toBe('zip');
    expect(sniff(fixtureBytes('mlp', 'model.json'))).toBe('json');
    expect(sniff(strToU8('\ufeff \n {"a":1}'))).toBe('json');
    expect(sniff(fixtureBytes('mlp', 'weights.bin'))).toBe('binary');
    expect(sniff(new Uint8Array(0))).toBe('binary');
  });

  it('a tfjs model.json with its shard, in any order and under any file names', async () => {
    const m = await loadModel([
      { name: 'uploads/weights.bin', bytes: fixtureBytes('zoo', 'weights.bin') },
      { name: 'uploads/zoo.json', bytes: fixtureBytes('zoo', 'model.json') },
    ]);
    expect(m.format).toBe('tfjs');
    expect(m.name).toBe('zoo');
  });

  it('a .keras archive', async () => {
    const m = await loadModel([{ name: 'mlp.keras', bytes: fixtureBytes('mlp', 'model.keras') }]);
    expect(m.format).toBe('keras');
    expect(countParams(m)).toBe(970);
  });

  it('a Keras 2 .h5', async () => {
    const m = await loadModel([{ name: 'cnn.h5', bytes: fixtureBytes('cnn-bn', 'model.h5') }]);
    expect(m.format).toBe('h5');
  });

  it('loose config.json + model.weights.h5 (+ metadata.json) of an unzipped .keras', async () => {
    const parts = unzipSync(fixtureBytes('mlp', 'model.keras'));
    const files = Object.entries(parts).map(([name, bytes]) => ({ name, bytes }));
    const m = await loadModel(files);
    const whole = await loadModel([{ name: 'mlp.keras', bytes: fixtureBytes('mlp', 'model.keras') }]);
    expect(m.format).toBe('keras');
    expect(m.kerasVersion).toBe('3.6.0');
    expect(comparable(m)).toEqual(comparable(whole));
  });

  it('a Keras 2 architecture JSON (model.to_json()) + a save_weights HDF5 file', async () => {
    const arch = {
      class_name: 'Sequential',
      config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'dense', units: 2, use_bias: true, batch_input_shape: [null, 3] } }] },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    };
    const weights = await writeH5((f) => {
      f.create_attribute('layer_names', ['dense']);
      f.create_attribute('keras_version', '2.15.0');
      const g = f.create_group('dense');
      g.create_attribute('weight_names', ['dense/kernel:0', 'dense/bias:0']);
      const inner = g.create_group('dense');
      inner.create_dataset({ name: 'kernel:0', data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [3, 2], dtype: '<f' });
      inner.create_dataset({ name: 'bias:0', data: new Float32Array([7, 8]), shape: [2], dtype: '<f' });
    });
    const m = await loadModel([
      { name: 'model.json', bytes: strToU8(JSON.stringify(arch)) },
      { name: 'weights.h5', bytes: weights },
    ]);
    expect(m.format).toBe('h5');
    expect(m.inputShape).toEqual([3]);
    expect(m.layers[1].weights.map((w) => [w.name, Array.from(w.data)])).toEqual([
      ['kernel', [1, 2, 3, 4, 5, 6]],
      ['bias', [7, 8]],
    ]);
  });

  it.skipIf(!hasShared)(`the shared keras2circom h5${hasShared ? '' : ' (SKIPPED: ../shared/fixtures is absent)'}`, async () => {
    const m = await loadModel([{ name: 'model.h5', bytes: new Uint8Array(readFileSync(SHARED_H5)) }]);
    expect(countParams(m)).toBe(1078);
  });

  it('errors name the files and say what is wrong', async () => {
    let e = await caught(() => loadModel([]));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toBe('(no files): no model files were given');

    e = await caught(() => loadModel([{ name: 'notes.txt', bytes: strToU8('just text') }]));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^notes\.txt: not a recognised model file/);

    e = await caught(() => loadModel([{ name: 'model.json', bytes: strToU8('{"modelTopology": [1, 2') }]));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^model\.json: malformed JSON/);

    e = await caught(() => loadModel([{ name: 'data.json', bytes: strToU8('{"hello": 1}') }]));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^data\.json: JSON that is neither a tfjs model\.json/);

    e = await caught(() => loadModel([{ name: 'config.json', bytes: strToU8('{"class_name": "Sequential", "config": {}}') }]));
    expect(e.message).toMatch(/^config\.json: a Keras architecture JSON without weights/);

    e = await caught(() => loadModel([{ name: 'a.keras', bytes: fixtureBytes('mlp', 'model.keras') }, { name: 'b.txt', bytes: strToU8('x') }]));
    expect(e.message).toMatch(/give a \.keras archive on its own/);
  });

  it('never lets a raw TypeError escape on random bytes behind each signature', async () => {
    let state = 12345;
    const rnd = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const heads = [new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), strToU8('PK\x03\x04'), strToU8('{'), new Uint8Array(0)];
    for (let t = 0; t < 24; t++) {
      const head = heads[t % heads.length];
      const bytes = new Uint8Array(head.length + Math.floor(rnd() * 3000));
      bytes.set(head);
      for (let i = head.length; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
      const e = await caught(() => loadModel([{ name: `fuzz${t}`, bytes }]));
      expect(['ModelFormatError', 'MissingWeightsError', 'UnsupportedModelError'], `${e.name}: ${e.message}`).toContain(e.name);
    }
  });
});
