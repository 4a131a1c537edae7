import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parsePgm, encodePgm, isPgm, ImageFormatError, type GrayImage } from './pgm.js';
import { grayToModelInput, resizeGray, imageLayout, nest, InputShapeForImageError } from './gray.js';

const te = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | string)[]) => {
  const bs = parts.map((p) => (typeof p === 'string' ? te(p) : p));
  const out = new Uint8Array(bs.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const b of bs) { out.set(b, o); o += b.length; }
  return out;
};
const SAMPLE = join(process.cwd(), 'public/samples/mnist/0.pgm');

describe('parsePgm', () => {
  it('reads P5 8-bit, with comments and any whitespace in the header', () => {
    const px = Uint8Array.from({ length: 6 }, (_, i) => i * 40);
    const img = parsePgm(cat('P5 # a comment\n# another\n3\t2\r\n# maxval next\n255\n', px));
    expect(img).toEqual({ width: 3, height: 2, maxval: 255, pixels: px });
    expect(isPgm(cat('P5\n3 2\n255\n', px))).toBe(true);
    expect(isPgm(te('\x89PNG'))).toBe(false);
  });

  it('reads P5 16-bit big-endian and P2 ASCII', () => {
    const img = parsePgm(cat('P5\n2 1\n65535\n', new Uint8Array([0x12, 0x34, 0xff, 0xff])));
    expect(img.pixels).toBeInstanceOf(Uint16Array);
    expect([...img.pixels]).toEqual([0x1234, 0xffff]);
    const ascii = parsePgm(te('P2\n# ascii\n3 2\n15\n0 1 2\n13 14 15\n'));
    expect(ascii).toMatchObject({ width: 3, height: 2, maxval: 15 });
    expect([...ascii.pixels]).toEqual([0, 1, 2, 13, 14, 15]);
  });

  it('round-trips through encodePgm', () => {
    for (const maxval of [1, 255, 4095]) {
      const img: GrayImage = { width: 5, height: 3, maxval, pixels: maxval < 256 ? Uint8Array.from({ length: 15 }, (_, i) => i % (maxval + 1)) : Uint16Array.from({ length: 15 }, (_, i) => (i * 271) % (maxval + 1)) };
      expect(parsePgm(encodePgm(img))).toEqual(img);
    }
  });

  it('refuses malformed files with an ImageFormatError', () => {
    const bad: [string, Uint8Array][] = [
      ['empty', new Uint8Array()],
      ['PNG', te('\x89PNG\r\n\x1a\n')],
      ['P6 colour', te('P6\n1 1\n255\n\x00\x00\x00')],
      ['P4 bitmap', te('P4\n8 1\n\x00')],
      ['no whitespace after magic', te('P528 28 255 ')],
      ['truncated header', te('P5\n28 28\n')],
      ['no maxval whitespace', cat('P5\n1 1\n255', new Uint8Array([1]))],
      ['zero width', te('P5\n0 28\n255\n')],
      ['maxval 0', te('P5\n1 1\n0\n\x00')],
      ['maxval too large', te('P5\n1 1\n65536\n\x00\x00')],
      ['huge', te('P5\n100000 100000\n255\n')],
      ['truncated pixels', cat('P5\n28 28\n255\n', new Uint8Array(783))],
      ['pixel above maxval', cat('P5\n2 1\n100\n', new Uint8Array([50, 101]))],
      ['ascii pixel missing', te('P2\n2 2\n255\n1 2 3\n')],
      ['ascii garbage', te('P2\n2 1\n255\n1 x\n')],
      ['negative in header', te('P5\n-1 1\n255\n')],
    ];
    for (const [what, bytes] of bad) {
      expect(() => parsePgm(bytes), what).toThrow(ImageFormatError);
    }
    expect(() => parsePgm('P5' as unknown as Uint8Array)).toThrow(ImageFormatError);
  });

  it.skipIf(!existsSync(SAMPLE))('reads the MNIST sample as the tests read MNIST: pixel / 255', () => {
    const bytes = new Uint8Array(readFileSync(SAMPLE));
    const img = parsePgm(bytes);
    expect(img).toMatchObject({ width: 28, height: 28, maxval: 255 });
    const input = grayToModelInput(img, { shape: [28, 28, 1] });
    const expected = Float32Array.from(bytes.subarray(bytes.length - 784), (v) => v / 255);
    expect(input.data).toEqual(expected);
    expect(input.inverted).toBe(false);
    expect(grayToModelInput(img, { shape: [28, 28, 1], invert: 'auto' }).inverted).toBe(false); // black border
    const nested = input.nested as number[][][];
    expect(nested.length).toBe(28);
    expect(nested[5]![14]).toEqual([expected[5 * 28 + 14]]);
  });
});

describe('grayToModelInput', () => {
  const img = (w: number, h: number, f: (x: number, y: number) => number): GrayImage =>
    ({ width: w, height: h, maxval: 255, pixels: Uint8Array.from({ length: w * h }, (_, i) => f(i % w, Math.floor(i / w))) });

  it('resizes by area average, keeps the mean, and is the identity at the same size', () => {
    const src = img(56, 56, (x, y) => ((x >> 1) + (y >> 1)) % 2 ? 255 : 0);
    const r = resizeGray(Float64Array.from(src.pixels), 56, 56, 28, 28);
    expect([...r.slice(0, 4)]).toEqual([0, 255, 0, 255]); // 2×2 blocks collapse exactly
    const down = resizeGray(Float64Array.from(src.pixels), 56, 56, 19, 13);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
    expect(mean(down)).toBeCloseTo(mean(src.pixels), 0);
    expect(resizeGray([1, 2, 3, 4], 2, 2, 2, 2)).toEqual(Float64Array.from([1, 2, 3, 4]));
    expect([...resizeGray([0, 100], 2, 1, 4, 1)]).toEqual([0, 0, 100, 100]); // upscale: sharp
  });

  it('inverts (explicitly or when the border is light), maps to a range, repeats channels', () => {
    const dark = img(4, 4, (x, y) => (x === 1 && y === 1 ? 0 : 255)); // black dot on white
    const a = grayToModelInput(dark, { shape: [4, 4], invert: 'auto' });
    expect(a.inverted).toBe(true);
    expect(a.data[5]).toBe(1);
    expect(a.data[0]).toBe(0);
    const b = grayToModelInput(dark, { shape: [4, 4, 3], range: [-1, 1] });
    expect(b.inverted).toBe(false);
    expect([...b.data.slice(0, 3)]).toEqual([1, 1, 1]);
    expect([...b.data.slice(15, 18)]).toEqual([-1, -1, -1]);
    expect(b.preview).toMatchObject({ width: 4, height: 4 });
    expect(grayToModelInput(dark, { shape: [16] }).data.length).toBe(16);
    expect(grayToModelInput(dark, { shape: [8], size: [2, 4] }).shape).toEqual([8]);
  });

  it('gives a [0, 1] input as bytes / 255: a resized picture is rounded to 8 bits, exactly as its preview', () => {
    // 3 → 2 columns: area averages that land on k + 0.5 (odd sums) and on thirds
    const src = img(3, 2, (x, y) => [0, 1, 255, 7, 100, 201][y * 3 + x]!);
    const m = grayToModelInput(src, { shape: [2, 2] });
    for (let i = 0; i < 4; i++) {
      expect(m.data[i]).toBe(Math.fround(m.preview.pixels[i]! / 255));
      expect(Math.round(m.data[i]! * 255)).toBe(m.preview.pixels[i]);
    }
    // another range keeps the unrounded average
    const r = grayToModelInput(src, { shape: [2, 2], range: [0, 2] });
    expect(r.data[0]).not.toBe(Math.fround((2 * m.preview.pixels[0]!) / 255));
  });

  it('refuses shapes no image fills', () => {
    for (const shape of [[28, 28, 2], [10], [2, 2, 2, 1], [0, 28], []]) {
      expect(() => imageLayout(shape), JSON.stringify(shape)).toThrow(InputShapeForImageError);
    }
    expect(() => imageLayout([10], [3, 3])).toThrow(InputShapeForImageError);
    expect(() => nest([1, 2, 3], [2, 2])).toThrow(InputShapeForImageError);
    expect(nest([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
});
