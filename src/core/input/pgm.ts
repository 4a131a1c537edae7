/**
 * PGM (Netpbm grayscale) images: `parsePgm(bytes)` for P5 (binary, 8- or 16-bit big-endian) and P2
 * (ASCII), with `#` comments anywhere in the header, as the Netpbm spec allows. Pure and isomorphic.
 * The MNIST samples are P5 28×28 maxval 255 (a 13-byte header `P5\n28 28\n255\n` and 784 bytes).
 */
import { ZkmlError } from '../errors.js';

/** The image is not a PGM this parser reads (bad magic, header, size, truncated data). */
export class ImageFormatError extends ZkmlError {
  override name = 'ImageFormatError';
}

export interface GrayImage {
  width: number;
  height: number;
  /** row-major gray levels in 0..maxval */
  pixels: Uint8Array | Uint16Array;
  /** the white level (255 for 8-bit images) */
  maxval: number;
}

/** Largest image accepted (pixels): far above any model input, far below a memory problem. */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

export function isPgm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32) && (bytes.length === 2 || isSpace(bytes[2]!) || bytes[2] === 0x23);
}

/** Parses a P5 or P2 PGM. Throws `ImageFormatError` for anything else or anything malformed. */
export function parsePgm(bytes: Uint8Array): GrayImage {
  const fail = (m: string): never => { throw new ImageFormatError(`not a readable PGM image: ${m}`); };
  if (!(bytes instanceof Uint8Array)) fail('expected bytes');
  if (bytes.length < 2 || bytes[0] !== 0x50 || (bytes[1] !== 0x35 && bytes[1] !== 0x32)) {
    fail(bytes[0] === 0x50 && bytes[1] !== undefined && bytes[1] >= 0x31 && bytes[1] <= 0x37
      ? `P${String.fromCharCode(bytes[1])} is not a grayscale PGM (only P5 and P2 are)` : 'missing the "P5" or "P2" magic');
  }
  const binary = bytes[1] === 0x35;
  let pos = 2;

  /** Skips whitespace and comments (a `#` to the end of the line). */
  const skip = () => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] !== 0x23) return;
      while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
    }
  };
  const int = (what: string): number => {
    skip();
    const start = pos;
    let v = 0;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) {
      v = v * 10 + (bytes[pos]! - 0x30);
      if (v > 0xffffffff) fail(`${what} too large`);
      pos++;
    }
    if (pos === start) fail(pos >= bytes.length ? `truncated header (no ${what})` : `expected the ${what} at byte ${pos}`);
    return v;
  };

  if (pos < bytes.length && !isSpace(bytes[pos]!) && bytes[pos] !== 0x23) fail('no whitespace after the magic');
  const width = int('width');
  const height = int('height');
  const maxval = int('maxval');
  if (width < 1 || height < 1) fail(`empty image (${width}×${height})`);
  if (width * height > MAX_IMAGE_PIXELS) fail(`${width}×${height} is too large`);
  if (maxval < 1 || maxval > 65535) fail(`maxval ${maxval} is outside 1..65535`);
  const n = width * height;
  const pixels = maxval < 256 ? new Uint8Array(n) : new Uint16Array(n);

  if (binary) {
    // exactly one whitespace byte after maxval, then the raster
    if (pos >= bytes.length || !isSpace(bytes[pos]!)) fail('no whitespace after maxval');
    pos++;
    const bpp = maxval < 256 ? 1 : 2;
    if (bytes.length - pos < n * bpp) fail(`truncated: ${width}×${height} needs ${n * bpp} bytes of pixels, ${bytes.length - pos} present`);
    for (let i = 0; i < n; i++) {
      const v = bpp === 1 ? bytes[pos + i]! : (bytes[pos + 2 * i]! << 8) | bytes[pos + 2 * i + 1]!;
      if (v > maxval) fail(`pixel ${i} is ${v}, above maxval ${maxval}`);
      pixels[i] = v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = int(`pixel ${i}`);
      if (v > maxval) fail(`pixel ${i} is ${v}, above maxval ${maxval}`);
      pixels[i] = v;
    }
  }
  return { width, height, pixels, maxval };
}

/** A binary (P5) PGM of `image`: the inverse of `parsePgm`. */
export function encodePgm(image: GrayImage): Uint8Array {
  const { width, height, pixels, maxval } = image;
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n${maxval}\n`);
  const bpp = maxval < 256 ? 1 : 2;
  const out = new Uint8Array(header.length + width * height * bpp);
  out.set(header);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i]!;
    if (bpp === 1) out[header.length + i] = v;
    else { out[header.length + 2 * i] = v >> 8; out[header.length + 2 * i + 1] = v & 255; }
  }
  return out;
}
