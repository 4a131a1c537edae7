/**
 * Open in studio (./open-in-studio.ts) in Node: the tiny model, quantized, rebuilt as the provider receives it
 * (rebuiltModelFiles: tfjs files carrying the transpile options), transpiled by the function the transpile worker
 * runs (transpileFiles) into a project in the studio's layout that commits to the winner's commitment; a
 * received model that does not give the commitment back is an OpenInStudioError and nothing is saved. The
 * store here only records what it is given (the IndexedDB store and the studio reopening it are
 * tests/e2e/open-in-studio.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { loadModel } from '../../core/keras/load-model.js';
import { transpile } from '../../core/transpile.js';
import { transpileFiles } from '../../core/transpile-files.js';
import { rebuiltModelFiles } from '../../core/handover/rebuild.js';
import { modelCommitment } from '../../core/commit/model.js';
import { parseQGraph } from '../../core/quantize/serialize.js';
import { ZkmlError } from '../../core/errors.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import type { ProjectInput, ProjectSummary } from '../store/projects.js';
import { openReceivedInStudio, receivedProjectName, receivedTranspileOptions, OpenInStudioError, type OpenInStudioDeps } from './open-in-studio.js';

describe('open a received model in the studio', () => {
  const recorder = () => {
    const puts: ProjectInput[] = [];
    const store = { put: async (p: ProjectInput): Promise<ProjectSummary> => { puts.push(p); return { ...p, id: `p${puts.length}`, createdAt: 'c', updatedAt: 'u', sizes: {}, totalBytes: 0 }; } };
    const calls: unknown[] = [];
    const deps: OpenInStudioDeps = { transpile: { transpile: (files, opts) => { calls.push(opts); return transpileFiles(files, opts); } }, store: async () => store };
    return { puts, calls, deps };
  };

  it('transpiles with the recorded options into a project that commits to the winner\'s model', async () => {
    // a model quantized with non-default options (as a hunter might have), so the defaults would not give it back
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1], actBits: 12, weightBits: 6 }).q;
    const commitment = modelCommitment(q);
    const f = await rebuiltModelFiles(q);
    expect(f.record.transpile).toMatchObject({ inputRange: [0, 1], weightBits: 6, actBits: 12 });
    const { puts, calls, deps } = recorder();
    const stages: string[] = [];
    const r = await openReceivedInStudio(deps, { modelJson: f.modelJson, weightsBin: f.weightsBin, commitment, record: f.record }, 7n, (s) => stages.push(s));
    expect(r).toMatchObject({ projectId: 'p1', name: 'Bounty #7 — received model' });
    expect(receivedProjectName(7n)).toBe(r.name);
    expect(stages).toEqual(['transpiling the received model for the studio', 'saving it as a studio project']);
    expect(calls).toEqual([receivedTranspileOptions(f.record)]);
    expect(calls[0]).toMatchObject({ ...f.record.transpile, input: 'hashed', weights: 'private' });

    expect(puts).toHaveLength(1);
    const p = puts[0];
    expect(p.name).toBe(r.name);
    expect(p.model).toEqual({ name: expect.any(String), format: 'tfjs', inputShape: [3, 3, 1] });
    expect(p.artifacts.modelFiles!.map((x) => x.name)).toEqual(['model.json', 'weights.bin']);
    expect(Array.from(p.artifacts.modelFiles![1].bytes)).toEqual(Array.from(f.weightsBin));
    expect(modelCommitment(parseQGraph(p.artifacts.quantization!))).toBe(commitment);
    expect(p.artifacts.circuitSource).toMatch(/component main/);
    // the studio's open() needs these to show the transpiled model (studio.ts transpiledProjectInput)
    const extra = p.extra as { settings: unknown; transpile: { model: { inputShape: number[] }; publicSignals: string[]; input: string; weights: string }; bounty: unknown };
    // all the recorded options, so that the studio's "Transpile again" gives the committed model back too
    expect(extra.settings).toEqual({ ...f.record.transpile, input: 'hashed', weights: 'private' });
    expect(extra.transpile).toMatchObject({ model: { inputShape: [3, 3, 1] }, input: 'hashed', weights: 'private' });
    expect(extra.transpile.publicSignals).toEqual(p.publicSignalNames);
    expect(extra.bounty).toEqual({ bountyId: '7', commitment: commitment.toString() });

    // the same files under the studio's default options give another model: the recorded options matter
    const plain = await transpileFiles([{ name: 'model.json', bytes: f.modelJson }, { name: 'weights.bin', bytes: f.weightsBin }], { inputRange: [0, 1] });
    expect(modelCommitment(parseQGraph(plain.quantization))).not.toBe(commitment);
  });

  it('a model that does not give the commitment back is an OpenInStudioError; nothing is saved', async () => {
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q;
    const f = await rebuiltModelFiles(q);
    const { puts, deps } = recorder();
    const wrong = modelCommitment(q) + 1n;
    const e = await openReceivedInStudio(deps, { modelJson: f.modelJson, weightsBin: f.weightsBin, commitment: wrong, record: f.record }, 3n).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenInStudioError);
    expect(e).toBeInstanceOf(ZkmlError);
    expect((e as OpenInStudioError).message).toMatch(/does not transpile back to the model the winner committed/);
    expect((e as OpenInStudioError).details).toMatchObject({ expected: wrong.toString(), got: modelCommitment(q).toString() });
    expect(puts).toEqual([]);
  });
});
