/** Dataset manifests, labels and samples: what is accepted, and the typed error for each defect. */
import { describe, expect, it } from 'vitest';
import { encodePgm } from '../input/pgm.js';
import {
  DatasetLabelError, DatasetManifestError, DatasetShapeError, decodeSample, parseManifest, prepareDataset, validateManifest,
  type DatasetFile,
} from './index.js';

const te = (s: string) => new TextEncoder().encode(s);
const pgm = (w: number, h: number, seed: number) => encodePgm({ width: w, height: h, maxval: 255, pixels: Uint8Array.from({ length: w * h }, (_, i) => (i * 7 + seed * 13) & 0xff) });
const mnistLike = (n: number): DatasetFile[] => [
  ...Array.from({ length: n }, (_, i) => ({ path: `${i}.pgm`, content: pgm(28, 28, i) })),
  { path: 'labels.json', content: te(JSON.stringify(Array.from({ length: n }, (_, i) => i % 3))) },
];
const errorOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('prepareDataset', () => {
  it('infers the manifest of a folder of PGMs + labels.json and keeps the order 0.pgm, 1.pgm, …', async () => {
    const d = await prepareDataset(mnistLike(12), { description: 'twelve' });
    expect(d.manifest).toEqual({ format: 'zkml-dataset/1', description: 'twelve', count: 12, input: { encoding: 'pgm', shape: [28, 28, 1] }, labels: [0, 1, 2] });
    expect(d.files.map((f) => f.path)).toEqual([...Array.from({ length: 12 }, (_, i) => `${i}.pgm`), 'labels.json', 'dataset.json']);
    expect(parseManifest(d.files.at(-1)!.content)).toEqual(d.manifest);
  });

  it('accepts labels by file name and raw uint8 samples with a dataset.json', async () => {
    const files: DatasetFile[] = [
      { path: 'a.bin', content: new Uint8Array(6).fill(1) },
      { path: 'b.bin', content: new Uint8Array(6).fill(255) },
      { path: 'labels.json', content: te('{"b.bin":"cat","a.bin":"dog"}') },
      { path: 'dataset.json', content: te(JSON.stringify({ format: 'zkml-dataset/1', count: 2, input: { encoding: 'uint8', shape: [2, 3] }, labels: ['cat', 'dog'] })) },
    ];
    const d = await prepareDataset(files);
    expect(d.samples).toEqual([{ name: 'a.bin', label: 'dog' }, { name: 'b.bin', label: 'cat' }]);
    const s = await decodeSample(d.manifest, 'b.bin', files[1]!.content);
    expect([...s.raw]).toEqual([255, 255, 255, 255, 255, 255]);
    expect(s.input.nested).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it('a sample of the wrong size is a DatasetShapeError naming the file', async () => {
    const files = mnistLike(3);
    files[2] = { path: '2.pgm', content: pgm(27, 28, 2) };
    const e = await errorOf(prepareDataset(files));
    expect(e).toBeInstanceOf(DatasetShapeError);
    expect((e as DatasetShapeError).message).toMatch(/2\.pgm: 27×28 image.*28×28/);
    expect((e as DatasetShapeError).details.file).toBe('2.pgm');
    const garbage = mnistLike(2);
    garbage[1] = { path: '1.pgm', content: te('P5 not really') };
    expect(await errorOf(prepareDataset(garbage))).toBeInstanceOf(DatasetShapeError);
  });

  it('a missing label, a label for a missing file, a label outside the set: DatasetLabelError', async () => {
    const extra = [...mnistLike(3), { path: '3.pgm', content: pgm(28, 28, 3) }];
    expect(await errorOf(prepareDataset(extra))).toMatchObject({ name: 'DatasetLabelError', details: { file: '3.pgm' } });
    const missing = mnistLike(3).filter((f) => f.path !== '1.pgm');
    expect(await errorOf(prepareDataset(missing))).toMatchObject({ name: 'DatasetLabelError', details: { file: '1.pgm' } });
    expect(await errorOf(prepareDataset(mnistLike(3).filter((f) => f.path !== 'labels.json')))).toBeInstanceOf(DatasetLabelError);
    const outside = [...mnistLike(3), { path: 'dataset.json', content: te(JSON.stringify({ format: 'zkml-dataset/1', count: 3, input: { encoding: 'pgm', shape: [28, 28, 1] }, labels: [0, 1] })) }];
    expect(await errorOf(prepareDataset(outside))).toMatchObject({ name: 'DatasetLabelError', details: { file: '2.pgm', label: 2 } });
    const badJson = mnistLike(2).map((f) => (f.path === 'labels.json' ? { ...f, content: te('[0, 1') } : f));
    expect(await errorOf(prepareDataset(badJson))).toBeInstanceOf(DatasetLabelError);
  });

  it('a bad manifest is a DatasetManifestError naming the field', async () => {
    const base = { format: 'zkml-dataset/1', count: 3, input: { encoding: 'pgm', shape: [28, 28, 1] }, labels: [0, 1, 2] };
    const cases: [unknown, string][] = [
      [[], '(root)'],
      [{ ...base, format: 'other/1' }, 'format'],
      [{ ...base, count: 0 }, 'count'],
      [{ ...base, count: 2.5 }, 'count'],
      [{ ...base, input: { encoding: 'jpeg', shape: [28, 28] } }, 'input.encoding'],
      [{ ...base, input: { encoding: 'pgm', shape: [28] } }, 'input.shape'],
      [{ ...base, input: { encoding: 'pgm', shape: [28, 28, 2] } }, 'input.shape'],
      [{ ...base, input: { encoding: 'uint8', shape: [0, 3] } }, 'input.shape'],
      [{ ...base, labels: [] }, 'labels'],
      [{ ...base, labels: [1, 1] }, 'labels'],
      [{ ...base, description: 5 }, 'description'],
    ];
    for (const [json, field] of cases) {
      expect(() => validateManifest(json), field).toThrow(DatasetManifestError);
      try { validateManifest(json); } catch (e) { expect((e as DatasetManifestError).details.field, JSON.stringify(json)).toBe(field); }
    }
    expect(() => parseManifest(te('{nope'))).toThrow(DatasetManifestError);
    const wrongCount = [...mnistLike(3), { path: 'dataset.json', content: te(JSON.stringify({ ...base, count: 4 })) }];
    expect(await errorOf(prepareDataset(wrongCount))).toMatchObject({ name: 'DatasetManifestError', details: { field: 'count' } });
    expect(await errorOf(prepareDataset([{ path: 'x.jpg', content: new Uint8Array(3) }, { path: 'labels.json', content: te('[0]') }]))).toMatchObject({ name: 'DatasetManifestError', details: { field: 'input.encoding' } });
  });

  it('samples decode to the raw uint8 tensor and pixel / 255, as the studio reads MNIST', async () => {
    const d = await prepareDataset(mnistLike(1));
    const bytes = d.files[0]!.content;
    const s = await decodeSample(d.manifest, '0.pgm', bytes);
    expect(s.raw).toEqual(bytes.subarray(bytes.length - 784));
    expect(s.input.data).toEqual(Float32Array.from(s.raw, (v) => v / 255));
    expect(s.input.shape).toEqual([28, 28, 1]);
    const png = { ...d.manifest, input: { encoding: 'png' as const, shape: [28, 28, 1] } };
    expect(await errorOf(decodeSample(png, 'x.png', bytes))).toBeInstanceOf(DatasetShapeError); // no decoder in Node
  });
});
