/**
 * The provider's private test set from dropped files (pure): either one JSON file
 * `{ "samples": [[byte, …], …], "labels": [n, …] }` (bytes 0–255, row-major, channels last: what the
 * circuit reads, PROTOCOL §4), or gray PGM images whose file name starts with the label
 * (`7-0001.pgm`, `3_cat.pgm`), sorted by name. Every sample must have the model's S bytes.
 */
import { isPgm, parsePgm } from '../../core/input/pgm.js';
import { ZkmlError } from '../../core/errors.js';

export class TestSamplesError extends ZkmlError {
  override name = 'TestSamplesError';
}

export interface LabelledSamples { samples: Uint8Array[]; labels: number[] }

const td = new TextDecoder();

export function parseTestSamples(files: { name: string; bytes: Uint8Array }[]): LabelledSamples {
  if (files.length === 1 && /\.json$/i.test(files[0]!.name)) {
    let o: { samples?: unknown; labels?: unknown };
    try { o = JSON.parse(td.decode(files[0]!.bytes)) as typeof o; } catch { throw new TestSamplesError(`${files[0]!.name} is not JSON`); }
    if (!Array.isArray(o.samples) || !Array.isArray(o.labels)) throw new TestSamplesError('the JSON test set needs "samples" (arrays of bytes) and "labels" (class numbers)');
    const samples = o.samples.map((s, i) => {
      if (!Array.isArray(s) || !s.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) throw new TestSamplesError(`sample ${i} is not a list of bytes (integers 0–255)`);
      return Uint8Array.from(s as number[]);
    });
    const labels = o.labels.map((l, i) => {
      if (!Number.isInteger(l) || (l as number) < 0) throw new TestSamplesError(`label ${i} is not a class number`);
      return l as number;
    });
    return { samples, labels };
  }
  const images = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const samples: Uint8Array[] = [];
  const labels: number[] = [];
  for (const f of images) {
    const m = /^(\d+)[-_ .]/.exec(f.name.split('/').pop() ?? f.name);
    if (!m) throw new TestSamplesError(`${f.name}: the file name must start with its label, e.g. 7-0001.pgm`);
    if (!isPgm(f.bytes)) throw new TestSamplesError(`${f.name} is not a PGM image (drop PGM files, or one JSON test set)`);
    const g = parsePgm(f.bytes);
    samples.push(Uint8Array.from(g.pixels, (v) => Math.round((v * 255) / g.maxval)));
    labels.push(Number(m[1]));
  }
  if (!samples.length) throw new TestSamplesError('no samples');
  return { samples, labels };
}
