/**
 * Image files → model input, in the browser (main thread or a worker). PGM is parsed in JS
 * (src/core/input/pgm.ts); PNG, JPEG, WebP, GIF, BMP, … are decoded by the browser
 * (`createImageBitmap` + OffscreenCanvas). Either way the image becomes 8-bit gray (Rec. 601 luma,
 * transparent pixels over `background`), then `grayToModelInput` resizes it to the model's input
 * shape (area average), optionally inverts it, and normalises it (default pixel / 255).
 *
 *   const input = await imageToModelInput(file, { shape: [28, 28, 1], invert: 'auto' });
 *   const w = await clients.transpile.witness(quantization, input.nested);
 *   canvas.getContext('2d').putImageData(previewImageData(input.preview), 0, 0);
 */
import { parsePgm, isPgm, ImageFormatError, MAX_IMAGE_PIXELS, type GrayImage } from '../../core/input/pgm.js';
import { grayToModelInput, type ModelInput, type ToModelInputOptions } from '../../core/input/gray.js';

export { ImageFormatError, parsePgm, type GrayImage, type ModelInput, type ToModelInputOptions };

export interface ImageInputOptions extends ToModelInputOptions {
  /** what transparent pixels lie on; default 'white' (as a page shows them) */
  background?: 'white' | 'black';
}

type Source = Blob | Uint8Array | ArrayBuffer;

const toBytes = async (s: Source): Promise<Uint8Array> =>
  s instanceof Uint8Array ? s : s instanceof ArrayBuffer ? new Uint8Array(s) : new Uint8Array(await s.arrayBuffer());

function canvas(w: number, h: number): { ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D } {
  if (typeof OffscreenCanvas !== 'undefined') {
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
    if (ctx) return { ctx };
  }
  if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    if (ctx) return { ctx };
  }
  throw new ImageFormatError('this browser cannot decode images here (no OffscreenCanvas or canvas)');
}

/**
 * Decodes an image file to 8-bit gray (16-bit PGMs keep their depth). Throws `ImageFormatError` when it
 * is neither a PGM nor an image the browser can decode.
 */
export async function decodeImage(file: Source, opts: { background?: 'white' | 'black' } = {}): Promise<GrayImage> {
  const bytes = await toBytes(file);
  if (isPgm(bytes)) return parsePgm(bytes);
  let bitmap: ImageBitmap;
  try {
    const blob = file instanceof Blob ? file : new Blob([bytes.slice()]);
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none' });
  } catch (e) {
    throw new ImageFormatError(`not an image this browser can read (PNG, JPEG, WebP, GIF, BMP or PGM): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  try {
    const { width, height } = bitmap;
    if (width < 1 || height < 1) throw new ImageFormatError('empty image');
    if (width * height > MAX_IMAGE_PIXELS) throw new ImageFormatError(`${width}×${height} is too large`);
    const { ctx } = canvas(width, height);
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const bg = opts.background === 'black' ? 0 : 255;
    const pixels = new Uint8Array(width * height);
    for (let i = 0; i < pixels.length; i++) {
      const r = rgba[4 * i]!, g = rgba[4 * i + 1]!, b = rgba[4 * i + 2]!, a = rgba[4 * i + 3]! / 255;
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      pixels[i] = Math.round(y * a + bg * (1 - a));
    }
    return { width, height, maxval: 255, pixels };
  } finally {
    bitmap.close();
  }
}

/** An image file (or an already decoded gray image) as the model's input; see `grayToModelInput`. */
export async function imageToModelInput(file: Source | GrayImage, opts: ImageInputOptions): Promise<ModelInput & { source: GrayImage }> {
  const source = 'pixels' in file && 'maxval' in file ? file : await decodeImage(file, { background: opts.background });
  return { ...grayToModelInput(source, opts), source };
}

/** The preview of a `ModelInput` as ImageData, for `putImageData` (gray, opaque). */
export function previewImageData(preview: ModelInput['preview']): ImageData {
  const rgba = new Uint8ClampedArray(preview.width * preview.height * 4);
  for (let i = 0; i < preview.pixels.length; i++) {
    const v = preview.pixels[i]!;
    rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; rgba[4 * i + 3] = 255;
  }
  return new ImageData(rgba, preview.width, preview.height);
}
