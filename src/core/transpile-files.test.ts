import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transpileFiles, witnessFromPlan, toErrorRecord, reviveError, isErrorRecord } from './transpile-files.js';
import { loadModel } from './keras/load-model.js';
import { transpile } from './transpile.js';
import { serializeQGraph } from './quantize/serialize.js';
import { quantizeInput, witnessInput, infer, InputShapeError } from './witness/run.js';
import { ZkmlError, RangeError_ } from './errors.js';
import { ModelFormatError } from './keras/errors.js';
import { UnsupportedLayerError } from './ir/errors.js';

const MLP = join(process.cwd(), 'tests/fixtures/models/mlp');
const mlpFiles = () => [
  { name: 'model.json', bytes: new Uint8Array(readFileSync(join(MLP, 'model.json'))) },
  { name: 'weights.bin', bytes: new Uint8Array(readFileSync(join(MLP, 'weights.bin'))) },
];
const image = () => Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, x) => [((x * 7 + y * 3) % 11) / 10]));

/** Through structured clone and back, as across a worker boundary. */
const overTheWire = (e: unknown) => reviveError(structuredClone(toErrorRecord(e)));

describe('transpileFiles', () => {
  it('is loadModel + transpile + serializeQGraph, as plain cloneable data', async () => {
    const opts = { inputRange: [0, 1] as [number, number] };
    const r = await transpileFiles(mlpFiles(), opts);
    const direct = transpile(await loadModel(mlpFiles()), opts);
    expect(r.source).toBe(direct.plan.source);
    expect(r.quantization).toBe(serializeQGraph(direct.q));
    expect(r.estimate).toEqual(direct.plan.estimate);
    expect(r.ptauPower).toBe(direct.ptauPower);
    expect(r.publicSignals).toEqual(direct.plan.publicSignals);
    expect(r.model.inputShape).toEqual([28, 28, 1]);
    expect(structuredClone(r)).toEqual(r);

    const w = await witnessFromPlan(r.quantization, image());
    const ints = quantizeInput(direct.q, image());
    expect(w.input).toEqual(witnessInput(direct.q, ints));
    expect(w.output).toEqual(infer(direct.q, ints).output.map(String));
  });

  it('gives the loader error for a malformed model', async () => {
    await expect(transpileFiles([{ name: 'model.json', bytes: new TextEncoder().encode('{"modelTopology": ') }])).rejects.toBeInstanceOf(ModelFormatError);
  });
});

describe('errors across a structured-clone boundary', () => {
  it('keeps class, name, message and details of a ZkmlError', () => {
    const e = new UnsupportedLayerError('lstm', 'LSTM', ['Dense', 'Conv2D']);
    const back = overTheWire(e) as UnsupportedLayerError;
    expect(back).toBeInstanceOf(UnsupportedLayerError);
    expect(back).toBeInstanceOf(ZkmlError);
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe('UnsupportedLayerError');
    expect(back.message).toBe(e.message);
    expect(back.details).toEqual(e.details);
    expect(String(back)).toBe(String(e));

    const f = overTheWire(new ModelFormatError('model.h5', 'truncated')) as ModelFormatError;
    expect(f).toBeInstanceOf(ModelFormatError);
    expect(f.details).toEqual({ file: 'model.h5', problem: 'truncated' });
  });

  it('revives what comlink alone keeps (name and message) into the same class', () => {
    const comlinkStyle = Object.assign(new Error('model.h5: truncated'), { name: 'ModelFormatError' });
    const back = reviveError(comlinkStyle);
    expect(back).toBeInstanceOf(ModelFormatError);
    expect((back as Error).message).toBe('model.h5: truncated');
  });

  it('revives every core error class by name, including the witness and codegen ones', async () => {
    const e = new InputShapeError('input has the wrong shape', { details: { expected: [4] } });
    const plain = overTheWire(e) as ZkmlError;
    expect(plain).toBeInstanceOf(ZkmlError);
    expect(plain).toBeInstanceOf(InputShapeError);
    expect([plain.name, plain.message, plain.details]).toEqual(['InputShapeError', e.message, { expected: [4] }]);
    const typed = reviveError(structuredClone(toErrorRecord(e)), { InputShapeError });
    expect(typed).toBeInstanceOf(InputShapeError);
    expect(reviveError(Object.assign(new Error('x'), { name: 'InputShapeError' }), { InputShapeError })).toBeInstanceOf(InputShapeError);
    // and a witness error from the core itself
    const r = await transpileFiles(mlpFiles(), { inputRange: [0, 1] });
    const thrown = await witnessFromPlan(r.quantization, [1, 2, 3]).catch((x: unknown) => x);
    expect(thrown).toBeInstanceOf(InputShapeError);
    expect(reviveError(structuredClone(toErrorRecord(thrown)), { InputShapeError })).toBeInstanceOf(InputShapeError);
  });

  it('tells our RangeError_ from the built-in one, and leaves other errors plain', () => {
    expect(overTheWire(new RangeError_('out of range'))).toBeInstanceOf(RangeError_);
    const builtin = overTheWire(new RangeError('Invalid array length')) as Error;
    expect(builtin).not.toBeInstanceOf(ZkmlError);
    expect(builtin.name).toBe('RangeError');
    const plain = overTheWire(new TypeError('x is not a function')) as Error;
    expect(plain).not.toBeInstanceOf(ZkmlError);
    expect([plain.name, plain.message]).toEqual(['TypeError', 'x is not a function']);
    expect(overTheWire('a string')).toMatchObject({ name: 'Error', message: 'a string' });
    expect(reviveError(42)).toBe(42);
  });

  it('drops what cannot be cloned from details instead of failing', () => {
    const e = new ZkmlError('odd details', { details: { f: () => 1, n: 3n, s: 'x' } });
    const rec = toErrorRecord(e);
    expect(isErrorRecord(rec)).toBe(true);
    expect(rec.details).toEqual({ n: '3', s: 'x' });
    expect(() => structuredClone(rec)).not.toThrow();
  });
});
