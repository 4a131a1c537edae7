/**
 * The model step's transpile options (studio.ts studioTranspileOptions): "Transpile again" starts from the open
 * project's own stored settings and changes only what the form changed, so a bounty's received model (opened with
 * the options recorded in its files, open-in-studio.ts receivedSettings) transpiles again to the committed model;
 * a new model gets the form's choices and the transpiler's defaults, nothing of the last project's own options.
 * Run with the real transpiler (transpileFiles, what the transpile worker runs) on the tiny model.
 */
import { describe, it, expect } from 'vitest';
import { loadModel } from '../core/keras/load-model.js';
import { transpile } from '../core/transpile.js';
import { transpileFiles } from '../core/transpile-files.js';
import { rebuiltModelFiles } from '../core/handover/rebuild.js';
import { modelCommitment } from '../core/commit/model.js';
import { parseQGraph } from '../core/quantize/serialize.js';
import { tinyModelFiles } from '../../tests/helpers/tiny-model.js';
import { receivedSettings } from './bounty/open-in-studio.js';
import { studioTranspileOptions, formSettings, keptSettings, staleInputEncoding, type TranspileSettings } from './studio.js';

describe('studio transpile options', () => {
  const stored: TranspileSettings = { input: 'hashed', inputRange: [0, 1], weights: 'private', actBits: 12, weightBits: 6, inputBits: 9, constBits: 8, raw: false };

  it('again: the stored options, with what the form changed; a new model: the form only', () => {
    expect(studioTranspileOptions(stored, true)).toEqual({ input: 'hashed', inputRange: [0, 1], weights: 'private', actBits: 12, weightBits: 6, inputBits: 9, constBits: 8, raw: false });
    // the form changed the visibility and the range (as ModelStep's setSettings does: a spread of the settings)
    expect(studioTranspileOptions({ ...stored, input: 'public', inputRange: [-1, 1] }, true)).toEqual({ input: 'public', inputRange: [-1, 1], weights: 'private', actBits: 12, weightBits: 6, inputBits: 9, constBits: 8, raw: false });
    expect(studioTranspileOptions({ ...stored, weights: 'public' }, true)).toMatchObject({ weights: 'public', actBits: 12 });
    expect(studioTranspileOptions(stored, false)).toEqual({ input: 'hashed', inputRange: [0, 1], weights: 'private' });
    // a project saved before the settings held more than the form: the defaults, weights private
    expect(studioTranspileOptions({ input: 'private', inputRange: [0, 255] }, true)).toEqual({ input: 'private', inputRange: [0, 255], weights: 'private' });
    expect(formSettings(stored)).toEqual({ input: 'hashed', inputRange: [0, 1], weights: 'private' });
    expect(keptSettings(stored)).toEqual([['actBits', 12], ['weightBits', 6], ['inputBits', 9], ['constBits', 8], ['raw', false]]);
    expect(keptSettings(formSettings(stored))).toEqual([]);
    // a copy: the options going to a worker never share the settings' range array
    const o = studioTranspileOptions(stored, true);
    expect(o.inputRange).not.toBe(stored.inputRange);
  });

  it('a received model transpiled again with unchanged settings keeps the committed model (the form-only options did not)', async () => {
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1], actBits: 12, weightBits: 6 }).q;
    const commitment = modelCommitment(q);
    const f = await rebuiltModelFiles(q);
    const files = () => [{ name: 'model.json', bytes: f.modelJson.slice() }, { name: 'weights.bin', bytes: f.weightsBin.slice() }];
    const settings = receivedSettings(f.record);
    const again = await transpileFiles(files(), studioTranspileOptions(settings, true));
    expect(modelCommitment(parseQGraph(again.quantization))).toBe(commitment);
    // what "Transpile again" used to pass (input, range and weights only) gives another model
    const before = await transpileFiles(files(), { input: settings.input, inputRange: settings.inputRange, weights: 'private' });
    expect(modelCommitment(parseQGraph(before.quantization))).not.toBe(commitment);
    // a visibility change keeps the model (only the circuit's public signals change)
    const pub = await transpileFiles(files(), studioTranspileOptions({ ...settings, input: 'public' }, true));
    expect(pub.input).toBe('public');
    expect(modelCommitment(parseQGraph(pub.quantization))).toBe(commitment);
  });
});

describe('a stored circuit from before byte inputs (docs/PROTOCOL.md §3)', () => {
  it('is stale when its quantization reads [0, 1] as bytes but its source has no ByteInput; a current one is not', async () => {
    const t = await transpileFiles(tinyModelFiles(), { input: 'hashed', inputRange: [0, 1] });
    expect(t.source).toMatch(/ByteInputCommit\(/);
    expect(staleInputEncoding(t.source, t.quantization)).toBe(false);
    // the circuit an earlier version wrote for the same model: InputCommit over the interval [0, 256]
    const old = t.source.replace(/ByteInputCommit\(/g, 'InputCommit(');
    expect(staleInputEncoding(old, t.quantization)).toBe(true);
    // another range keeps the interval encoding: never stale
    const signed = await transpileFiles(tinyModelFiles(), { input: 'hashed', inputRange: [-1, 1] });
    expect(staleInputEncoding(signed.source, signed.quantization)).toBe(false);
    expect(staleInputEncoding(undefined, t.quantization)).toBe(false);
    expect(staleInputEncoding(old, '{')).toBe(false);
  });
});
