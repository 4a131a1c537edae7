/**
 * Powers of tau for the browser: the DEVELOPMENT files the app ships at `<base>/ptau/` (manifest
 * `ptau/index.json`, written by scripts/vite-plugin-dev-ptau.ts; powers 8..12), and the choice of the
 * smallest sufficient one. The service worker caches each file on first use.
 *
 *   const need = requiredPower('groth16', nConstraints, nPublic);       // src/zk/ptau.ts
 *   const choice = await pickPtau(need);
 *   if (choice.kind === 'dev') ptau = await fetchDevPtau(choice.file);  // NOT FOR VALUE
 *   else show(`bring ${choice.file.name} (${choice.file.url})`);       // a public ceremony file
 *
 * Groth16 development keys need no file at all: `devSetupOffer('groth16', need)` → the snark worker's
 * `devSetup` computes them from the public development secret (NOT FOR VALUE), at any size.
 */
import { DEV_PTAU_MAX_POWER, PUBLIC_PTAU_FILES, publicPtauFor, type PublicPtauFile } from '../../zk/ptau.js';
import { ZkmlError } from '../../core/errors.js';

export interface DevPtauFile { power: number; name: string; path: string; bytes: number; sha256: string }
export interface DevPtauIndex { version: 1; development: true; warning: string; files: DevPtauFile[] }

export class PtauFetchError extends ZkmlError {
  override name = 'PtauFetchError';
}

const baseUrl = (base?: string | URL) => base ?? (typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href);

export async function loadDevPtauIndex(base?: string | URL): Promise<DevPtauIndex> {
  const url = new URL('ptau/index.json', baseUrl(base));
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const index = (await res.json()) as DevPtauIndex;
    if (index.version !== 1 || !Array.isArray(index.files)) throw new Error('unsupported manifest');
    return index;
  } catch (e) {
    throw new PtauFetchError(`cannot read ${url.pathname}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The smallest development file of power ≥ `power`, if the app ships one. */
export function smallestDevPtau(index: DevPtauIndex, power: number): DevPtauFile | undefined {
  return [...index.files].sort((a, b) => a.power - b.power).find((f) => f.power >= power);
}

export type PtauChoice =
  | { kind: 'dev'; file: DevPtauFile; warning: string }
  | { kind: 'public'; file: PublicPtauFile }
  | { kind: 'none'; power: number };

/**
 * What to use for a circuit needing `power`: the smallest bundled development file when one is large
 * enough (fast, offline, NOT FOR VALUE), else the smallest public ceremony file to download.
 * `allowDev: false` skips the development files (anything of value).
 */
export async function pickPtau(power: number, opts: { allowDev?: boolean; base?: string | URL } = {}): Promise<PtauChoice> {
  if (opts.allowDev !== false) {
    const index = await loadDevPtauIndex(opts.base).catch(() => undefined);
    const file = index && smallestDevPtau(index, power);
    if (file) return { kind: 'dev', file, warning: index.warning };
  }
  const pub = publicPtauFor(power);
  return pub ? { kind: 'public', file: pub } : { kind: 'none', power };
}

/**
 * Groth16 DEVELOPMENT keys need no ptau file: the snark worker computes them directly from the public
 * development secret (src/zk/dev-setup.ts), equal to a snarkjs setup from `pot<power>_dev.ptau` plus the
 * public development beacon contribution, at any size up to `DEV_PTAU_MAX_POWER` (2^27). NOT FOR VALUE.
 * PLONK/FFLONK keep the ptau files.
 */
export interface DevSetupOffer {
  /** the development ptau power the key is equivalent to */
  power: number;
  /** how the key is made, shown with the key and stored as its ptau label */
  label: string;
}

/** What the studio offers as its default development setup for `scheme` at `power` (Groth16 only). */
export function devSetupOffer(scheme: string, power: number): DevSetupOffer | undefined {
  if (scheme !== 'groth16' || !Number.isInteger(power) || power < 1 || power > DEV_PTAU_MAX_POWER) return undefined;
  return { power, label: devSetupLabel(power) };
}

/** The label of a key computed from the public dev-ptau secret, e.g. for `keys.ptauLabel`. */
export function devSetupLabel(power: number): string {
  return `computed from the public dev-ptau secret, as pot${power}_dev.ptau (development)`;
}

/** Fetches a bundled development ptau and checks its size and SHA-256. */
export async function fetchDevPtau(file: DevPtauFile, base?: string | URL): Promise<Uint8Array> {
  const url = new URL(file.path, baseUrl(base));
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new PtauFetchError(`cannot fetch ${url.pathname}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const subtle = globalThis.crypto?.subtle;
  const hash = subtle ? Array.from(new Uint8Array(await subtle.digest('SHA-256', bytes)), (x) => x.toString(16).padStart(2, '0')).join('') : undefined;
  if (bytes.length !== file.bytes || (hash !== undefined && hash !== file.sha256)) {
    throw new PtauFetchError(`${file.path} is not the file the manifest lists (${bytes.length} bytes)`, { details: { path: file.path } });
  }
  return bytes;
}

export { PUBLIC_PTAU_FILES };
