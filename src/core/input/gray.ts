/**
 * Grayscale image → model input: resize (area average), optional inversion, normalisation to a range,
 * laid out in the model's input shape. Pure and isomorphic; the browser decoding (PNG, JPEG, … via
 * OffscreenCanvas) is in src/app/input/image.ts, PGM parsing in ./pgm.ts.
 *
 *   const input = grayToModelInput(parsePgm(bytes), { shape: [28, 28, 1] });   // pixel / 255, as MNIST
 *   witness(quantization, input.nested);
 */
import { ZkmlError } from '../errors.js';
import type { GrayImage } from './pgm.js';

/** The model's input shape cannot take an image. */
export class InputShapeForImageError extends ZkmlError {
  override name = 'InputShapeForImageError';
}

export interface ToModelInputOptions {
  /**
   * The model's input shape without the batch dimension: [H, W], [H, W, C] (C = 1, or 3 with the gray
   * value repeated), or [N] (flattened; N must be a square, or give `size`).
   */
  shape: readonly number[];
  /** [height, width] to resize to when `shape` is flat and N is not a square */
  size?: readonly [number, number];
  /** values for black and white; default [0, 1] (pixel / 255) */
  range?: readonly [number, number];
  /**
   * Make dark-on-light images light-on-dark (MNIST digits are white on black): true, false (default),
   * or 'auto' — invert when the image's border is mostly light.
   */
  invert?: boolean | 'auto';
}

/** Nested arrays in the model's input shape, as `witnessFromPlan` takes them. */
export type Nested = number | Nested[];

export interface ModelInput {
  /** row-major values (H × W × C) */
  data: Float32Array;
  shape: number[];
  /** `data` nested in `shape` */
  nested: Nested;
  /** whether the image was inverted */
  inverted: boolean;
  /** the resized gray levels, 0..255, for a preview */
  preview: { width: number; height: number; pixels: Uint8ClampedArray };
}

/** The image size and channel count an input shape wants. */
export function imageLayout(shape: readonly number[], size?: readonly [number, number]): { height: number; width: number; channels: number } {
  const bad = (m: string): never => { throw new InputShapeForImageError(`an image cannot fill input shape [${shape.join(', ')}]: ${m}`, { details: { shape: [...shape] } }); };
  if (!shape.every((d) => Number.isInteger(d) && d >= 1)) bad('dimensions must be positive integers');
  if (shape.length === 3) {
    const [h, w, c] = shape as [number, number, number];
    if (c !== 1 && c !== 3) bad(`${c} channels (1 or 3 expected)`);
    return { height: h, width: w, channels: c };
  }
  if (shape.length === 2) return { height: shape[0]!, width: shape[1]!, channels: 1 };
  if (shape.length === 1) {
    const n = shape[0]!;
    if (size) {
      if (size[0] * size[1] !== n) bad(`size ${size[0]}×${size[1]} is not ${n} values`);
      return { height: size[0], width: size[1], channels: 1 };
    }
    const s = Math.round(Math.sqrt(n));
    if (s * s !== n) bad(`${n} is not a square number of pixels; give the image size`);
    return { height: s, width: s, channels: 1 };
  }
  return bad(`rank ${shape.length} (1, 2 or 3 expected)`);
}

/** Resampling weights along one axis: each target cell averages the source cells it covers (by overlap). */
function axisWeights(src: number, dst: number): { start: number; w: Float64Array }[] {
  const scale = src / dst;
  const out: { start: number; w: Float64Array }[] = [];
  for (let i = 0; i < dst; i++) {
    let a = i * scale;
    let b = (i + 1) * scale;
    if (scale < 1) {
      // upscaling: a cell narrower than a source pixel takes the pixel under its centre (sharp, no blur)
      const c = Math.min(src - 1, Math.floor((i + 0.5) * scale));
      a = c; b = c + 1;
    }
    const start = Math.floor(a);
    const end = Math.min(src, Math.ceil(b));
    const w = new Float64Array(end - start);
    for (let j = start; j < end; j++) w[j - start] = Math.min(b, j + 1) - Math.max(a, j);
    const sum = w.reduce((x, y) => x + y, 0);
    for (let j = 0; j < w.length; j++) w[j]! /= sum;
    out.push({ start, w });
  }
  return out;
}

/** Area-average resize of row-major values (identity when the size is unchanged). */
export function resizeGray(src: ArrayLike<number>, width: number, height: number, toWidth: number, toHeight: number): Float64Array {
  if (src.length !== width * height) throw new InputShapeForImageError(`image data has ${src.length} values, not ${width}×${height}`);
  if (width === toWidth && height === toHeight) return Float64Array.from(src);
  const wx = axisWeights(width, toWidth);
  const wy = axisWeights(height, toHeight);
  const rows = new Float64Array(height * toWidth); // horizontal pass
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < toWidth; x++) {
      const { start, w } = wx[x]!;
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * src[y * width + start + k]!;
      rows[y * toWidth + x] = s;
    }
  }
  const out = new Float64Array(toWidth * toHeight);
  for (let y = 0; y < toHeight; y++) {
    const { start, w } = wy[y]!;
    for (let x = 0; x < toWidth; x++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * rows[(start + k) * toWidth + x]!;
      out[y * toWidth + x] = s;
    }
  }
  return out;
}

/** Mean brightness (0..1) of the outermost pixel ring. */
export function borderMean(values: ArrayLike<number>, width: number, height: number): number {
  let s = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) { s += values[y * width + x]!; n++; }
    }
  }
  return n ? s / n : 0;
}

/** Nests flat row-major `data` in `shape`. */
export function nest(data: ArrayLike<number>, shape: readonly number[]): Nested {
  const n = shape.reduce((a, b) => a * b, 1);
  if (data.length !== n) throw new InputShapeForImageError(`${data.length} values do not fill shape [${shape.join(', ')}]`);
  const build = (offset: number, dim: number): Nested => {
    if (dim === shape.length) return data[offset]!;
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[dim]! }, (_, i) => build(offset + i * stride, dim + 1));
  };
  return shape.length === 0 ? data[0]! : build(0, 0);
}

/**
 * A gray image as the model's input: resized to the shape's H×W (area average), optionally inverted,
 * mapped to `range` (default [0, 1]), with the gray value repeated over 3 channels when the shape asks.
 * A 28×28 maxval-255 image into [28, 28, 1] gives exactly pixel / 255; with the range [0, 1] every value
 * is a byte / 255 (the resized, inverted picture rounded to 8 bits, as `preview` shows it).
 */
export function grayToModelInput(image: GrayImage, opts: ToModelInputOptions): ModelInput {
  const { height, width, channels } = imageLayout(opts.shape, opts.size);
  const [lo, hi] = opts.range ?? [0, 1];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new InputShapeForImageError('range must be two finite numbers');
  const plain = lo === 0 && hi === 1;
  const unit = Float64Array.from(image.pixels, (v) => v / image.maxval);
  const resized = resizeGray(unit, image.width, image.height, width, height);
  const inverted = opts.invert === 'auto' ? borderMean(resized, width, height) > 0.5 : opts.invert === true;
  const data = new Float32Array(width * height * channels);
  const preview = new Uint8ClampedArray(width * height);
  for (let i = 0; i < width * height; i++) {
    const u = inverted ? 1 - resized[i]! : resized[i]!;
    preview[i] = Math.round(u * 255);
    // [0, 1]: the picture at 8 bits, exactly its preview's byte / 255 (a byte-input model reads that byte,
    // docs/PROTOCOL.md §3; a share link shows the same bytes, so the two never differ by a rounding)
    const v = plain ? preview[i]! / 255 : lo + u * (hi - lo);
    for (let c = 0; c < channels; c++) data[i * channels + c] = v;
  }
  const shape = [...opts.shape];
  return { data, shape, nested: nest(data, shape), inverted, preview: { width, height, pixels: preview } };
}
