import { describe, it, expect } from 'vitest';
import { droppedFiles, type DropEntry } from './dropped-files.js';

// The walk over the browsers' FileSystem entries, on plain objects of the same shape (Node has no
// drag and drop); readEntries hands a folder out in batches, as Chromium does (100 at a time).
const file = (name: string): DropEntry => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([name], name)) });
function dir(name: string, children: DropEntry[], batch = 2): DropEntry {
  return {
    isFile: false, isDirectory: true, name,
    createReader: () => {
      let i = 0;
      return { readEntries: (ok) => { const b = children.slice(i, i + batch); i += batch; setTimeout(() => ok(b), 0); } };
    },
  };
}
const item = (e: DropEntry) => ({ kind: 'file', webkitGetAsEntry: () => e });

describe('droppedFiles', () => {
  it('a dropped folder brings every file, sub-folders flattened, in natural name order', async () => {
    const folder = dir('mnist', [file('10.pgm'), file('2.pgm'), file('labels.json'), dir('more', [file('1.pgm'), file('dataset.json')]), file('0.pgm')]);
    const got = await droppedFiles({ items: [item(folder)], files: [] });
    expect(got.map((f) => f.name)).toEqual(['0.pgm', '1.pgm', '2.pgm', '10.pgm', 'dataset.json', 'labels.json']);
  });

  it('plain files (no folder) come from dataTransfer.files, as dropped', async () => {
    const files = [new File(['a'], 'b.pgm'), new File(['b'], 'a.pgm')];
    expect(await droppedFiles({ items: files.map((f) => item(file(f.name))), files })).toEqual(files);
    expect(await droppedFiles({ files })).toEqual(files);
  });

  it('a folder that cannot be read rejects (the page shows the error) instead of hanging', async () => {
    const broken: DropEntry = { isFile: false, isDirectory: true, name: 'x', createReader: () => ({ readEntries: (_ok, fail) => fail?.(new Error('NotReadableError')) }) };
    await expect(droppedFiles({ items: [item(broken)], files: [] })).rejects.toThrow(/NotReadableError/);
  });
});
