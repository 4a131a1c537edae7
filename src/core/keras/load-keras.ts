/**
 * Keras 3 `.keras` archives: a zip (usually stored, not deflated) of `metadata.json` (`keras_version`,
 * `date_saved`), `config.json` (the serialised model: `{module, class_name, config, registered_name,
 * build_config, compile_config}`) and `model.weights.h5`, whose variables sit at
 * `layers/<snake_case class name>[_<n>]/vars/<i>` — the n-th layer of a class in the model's layer list gets
 * suffix `_n` (n ≥ 1), nested models nest (`layers/sequential/layers/dense/vars/0`), and `<i>` follows the
 * layer's Keras weight order (Dense: kernel, bias; BatchNormalization: gamma, beta, moving_mean, moving_variance).
 */
import { unzipSync } from 'fflate';
import { MissingWeightsError, ModelFormatError, UnsupportedModelError } from './errors.js';
import { withH5File } from './h5.js';
import { parseJsonText, weightsProvider } from './load-h5.js';
import { buildModel, guardAsync, isObject } from './topology.js';
import type { KerasModel } from './types.js';

let crcTable: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 of each entry, from the zip's central directory (fflate does not check them). */
function centralCrcs(zip: Uint8Array, file: string): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ModelFormatError(file, 'not a valid zip archive: no end-of-central-directory record (truncated or not a .keras file)');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, number>();
  const dec = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== 0x02014b50) {
      if (count === 0xffff || p === 0xffffffff) break; // zip64: leave the checks to fflate
      throw new ModelFormatError(file, 'not a valid zip archive: corrupt central directory');
    }
    const crc = view.getUint32(p + 16, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    out.set(dec.decode(zip.subarray(p + 46, p + 46 + nameLen)), crc);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Unzips and checks every entry's CRC-32. */
export function unzipChecked(zip: Uint8Array, file: string): Record<string, Uint8Array> {
  const crcs = centralCrcs(zip, file);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw new ModelFormatError(file, `not a valid zip archive: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  for (const [name, data] of Object.entries(entries)) {
    const want = crcs.get(name);
    if (want !== undefined && crc32(data) !== want) {
      throw new ModelFormatError(file, `corrupt zip archive: entry '${name}' fails its CRC-32 check`, { details: { entry: name } });
    }
  }
  return entries;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Loads a Keras 3 model from its parts (also used for loose `config.json` + `model.weights.h5`). */
export async function loadKerasParts(
  parts: { config: Uint8Array | string; weights: Uint8Array; metadata?: Uint8Array | string },
  names: { config: string; weights: string; metadata?: string },
): Promise<KerasModel> {
  return guardAsync(names.weights, async () => {
    const configText = typeof parts.config === 'string' ? parts.config : text(parts.config);
    const modelConfig = parseJsonText(configText, names.config, names.config);
    let kerasVersion: string | undefined;
    if (parts.metadata !== undefined) {
      const md = parseJsonText(typeof parts.metadata === 'string' ? parts.metadata : text(parts.metadata), names.metadata ?? 'metadata.json', 'metadata.json');
      if (isObject(md) && typeof md.keras_version === 'string') kerasVersion = md.keras_version;
    }
    return withH5File(parts.weights, names.weights, (f) => {
      const { provider } = weightsProvider(f, names.weights);
      return buildModel({ format: 'keras', file: names.weights, modelConfig, weights: provider, kerasVersion });
    });
  });
}

/** Loads a Keras 3 `.keras` archive from its bytes. */
export async function loadKerasModel(bytes: Uint8Array, opts: { fileName?: string } = {}): Promise<KerasModel> {
  const file = opts.fileName ?? 'model.keras';
  return guardAsync(file, async () => {
    const entries = unzipChecked(bytes, file);
    const find = (n: string) => entries[n] ?? Object.entries(entries).find(([k]) => k.split('/').pop() === n)?.[1];
    const config = find('config.json');
    if (!config) {
      throw new ModelFormatError(file, `no config.json in the archive (entries: ${Object.keys(entries).join(', ') || 'none'}): not a Keras 3 .keras file`);
    }
    const weights = find('model.weights.h5');
    if (!weights) {
      if (find('model.weights.npz')) throw new UnsupportedModelError(`${file}: weights saved as npz (weights_format='npz'); save with the default h5 weights`);
      throw new MissingWeightsError(`${file}: no model.weights.h5 in the archive`, { file, expected: 'model.weights.h5' });
    }
    return loadKerasParts(
      { config, weights, metadata: find('metadata.json') },
      { config: `${file}/config.json`, weights: `${file}/model.weights.h5`, metadata: `${file}/metadata.json` },
    );
  });
}
