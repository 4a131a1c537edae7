/**
 * HDF5 through h5wasm, the same way in the browser, in a web worker and in Node.
 *
 * h5wasm's ESM build (`import 'h5wasm'`, resolved by the package's `exports` to `dist/esm/hdf5_hl.js`) embeds its
 * WebAssembly binary in the JS file, so it needs no fetch, no file URL and no Node API: it is imported lazily
 * here (a ~4 MB chunk the app only downloads when an HDF5 file is opened). Files are read from bytes by writing
 * them into h5wasm's in-memory Emscripten file system (MEMFS) under a unique name, opened, and unlinked after.
 * HDF5's own error stack is turned into exceptions (`activate_throwing_error_handler`) instead of being
 * printed to stderr, and summarised into `ModelFormatError`s.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors.js';

type H5wasm = (typeof import('h5wasm'))['default'];
type H5Module = Awaited<H5wasm['ready']>;

let lib: Promise<{ h5: H5wasm; M: H5Module }> | undefined;

async function getH5(): Promise<{ h5: H5wasm; M: H5Module }> {
  lib ??= (async () => {
    const mod = await import('h5wasm');
    const h5 = mod.default;
    const M = await h5.ready;
    M.activate_throwing_error_handler();
    return { h5, M };
  })();
  return lib;
}

let counter = 0;
const tempName = () => `/zkml-${Date.now().toString(36)}-${(counter++).toString(36)}.h5`;

export const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Offset of the HDF5 superblock (0, 512, 1024, 2048, ...), or -1 when the bytes are not HDF5. */
export function hdf5SuperblockOffset(bytes: Uint8Array): number {
  for (let off = 0; off + 8 <= bytes.length; off = off === 0 ? 512 : off * 2) {
    if (HDF5_SIGNATURE.every((b, i) => bytes[off + i] === b)) return off;
  }
  return -1;
}

/** The last, most specific message of an HDF5 error stack. */
export function summariseH5Error(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = [...text.matchAll(/#\d+: .*? in ([\w]+)\(\): (.*)/g)];
  const last = lines.length > 0 ? lines[lines.length - 1][2].trim() : text.split('\n')[0].trim();
  const trunc = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(last);
  if (trunc) return `truncated: the file has ${trunc[1]} bytes but its HDF5 superblock says ${trunc[2]}`;
  return last;
}

/** Opens `bytes` as an HDF5 file and runs `body` on it; the file is closed and freed afterwards. */
export async function withH5File<T>(bytes: Uint8Array, file: string, body: (f: H5File) => T): Promise<T> {
  if (hdf5SuperblockOffset(bytes) < 0) throw new ModelFormatError(file, 'not an HDF5 file (no HDF5 signature)');
  const { h5, M } = await getH5();
  const path = tempName();
  M.FS.writeFile(path, bytes);
  let f: H5File;
  try {
    f = new h5.File(path, 'r');
  } catch (e) {
    try {
      M.FS.unlink(path);
    } catch {
      /* already gone */
    }
    throw new ModelFormatError(file, `corrupt HDF5 file: ${summariseH5Error(e)}`, { cause: e });
  }
  try {
    return body(f);
  } catch (e) {
    if (e instanceof Error && /HDF5-DIAG/.test(e.message)) throw new ModelFormatError(file, `corrupt HDF5 file: ${summariseH5Error(e)}`, { cause: e });
    throw e;
  } finally {
    try {
      f.close();
    } catch {
      /* ignore */
    }
    try {
      M.FS.unlink(path);
    } catch {
      /* ignore */
    }
  }
}

/** Creates an HDF5 file in memory, lets `body` fill it, and returns its bytes (for fixtures and tests). */
export async function writeH5(body: (f: H5File) => void): Promise<Uint8Array> {
  const { h5, M } = await getH5();
  const path = tempName();
  const f = new h5.File(path, 'w');
  try {
    body(f);
  } finally {
    f.close();
  }
  const bytes = M.FS.readFile(path);
  M.FS.unlink(path);
  return new Uint8Array(bytes);
}

export function isGroup(x: unknown): x is Group {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'Group';
}

export function isDataset(x: unknown): x is Dataset {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'Dataset';
}

/** An attribute's value, or `undefined` when absent. */
export function attr(obj: Group | Dataset, name: string): unknown {
  const names = Object.keys(obj.attrs);
  if (!names.includes(name)) return undefined;
  return obj.get_attribute(name, false);
}

const textDecoder = new TextDecoder();

/** A string attribute (h5py writes them as variable- or fixed-length strings, sometimes as bytes). */
export function attrString(obj: Group | Dataset, name: string): string | undefined {
  const v = attr(obj, name);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** A list-of-strings attribute such as `weight_names`; h5wasm returns an empty numeric array for `[]`. */
export function attrStrings(obj: Group | Dataset, name: string): string[] | undefined {
  const v = attr(obj, name);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.map((x) => (x instanceof Uint8Array ? textDecoder.decode(x) : String(x)));
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 0) return [];
  return undefined;
}

/** A numeric dataset as float32 with its shape; `undefined` if the dataset is not numeric. */
export function readFloatDataset(d: Dataset): { shape: number[]; data: Float32Array } | undefined {
  const shape = d.shape ?? [];
  const meta = d.metadata;
  const v = d.value;
  let data: Float32Array;
  if (meta.type === 1 /* H5T_FLOAT */ && meta.size === 2 && (v instanceof Uint16Array || (ArrayBuffer.isView(v) && !(v instanceof Float32Array)))) {
    const u = new Uint16Array((v as Uint16Array).buffer, (v as Uint16Array).byteOffset, (v as Uint16Array).byteLength / 2);
    data = Float32Array.from(u, halfBits);
  } else if (v instanceof Float32Array) data = v;
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    data = new Float32Array(arr.length);
    for (let i = 0; i < arr.length; i++) data[i] = Number(arr[i]);
  } else if (typeof v === 'number') data = Float32Array.of(v);
  else return undefined;
  return { shape, data };
}

function halfBits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}
