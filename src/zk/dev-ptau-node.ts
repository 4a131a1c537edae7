/**
 * Node-only helpers for the DEVELOPMENT powers of tau (see dev-ptau.ts and
 * circuits-prebuilt/dev-ptau/README.md). NOT FOR VALUE: the secret is public.
 *
 * Small powers (2^8..2^12) are committed under circuits-prebuilt/dev-ptau/; larger ones are
 * generated on demand into the git-ignored cache .cache/ptau/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDevPtau, DEV_PTAU_SEED } from './dev-ptau.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Committed development ptau files (powers COMMITTED_DEV_PTAU_POWERS). */
export const DEV_PTAU_COMMITTED_DIR = path.join(REPO_ROOT, 'circuits-prebuilt/dev-ptau');
/** Generated on demand, git-ignored. */
export const DEV_PTAU_CACHE_DIR = path.join(REPO_ROOT, '.cache/ptau');
export const COMMITTED_DEV_PTAU_POWERS = [8, 9, 10, 11, 12] as const;

export function devPtauFileName(power: number): string {
  return `pot${power}_dev.ptau`;
}

/** Where `scripts/dev-ptau.ts <power>` writes by default: committed dir for 8..12, else cache. */
export function defaultDevPtauPath(power: number): string {
  const committed = (COMMITTED_DEV_PTAU_POWERS as readonly number[]).includes(power);
  return path.join(committed ? DEV_PTAU_COMMITTED_DIR : DEV_PTAU_CACHE_DIR, devPtauFileName(power));
}

/** Generate the development ptau for `power` and write it atomically to `file`. */
export async function writeDevPtau(
  power: number,
  file: string,
  opts: { log?: (msg: string) => void } = {},
): Promise<void> {
  const data = await makeDevPtau(power, { seed: DEV_PTAU_SEED, log: opts.log });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Path of the development ptau (default seed) for 2^power constraints: the committed file if
 * there is one, else `.cache/ptau/pot<power>_dev.ptau`, generated there when missing (2^17 takes
 * a minute or two). DEVELOPMENT ONLY — anyone can forge proofs against setups made from it.
 */
export async function ensureDevPtau(power: number, opts: { log?: (msg: string) => void } = {}): Promise<string> {
  const committed = path.join(DEV_PTAU_COMMITTED_DIR, devPtauFileName(power));
  if (fs.existsSync(committed)) return committed;
  const cached = path.join(DEV_PTAU_CACHE_DIR, devPtauFileName(power));
  if (fs.existsSync(cached)) return cached;
  opts.log?.(`dev-ptau: generating ${cached} (development setup, NOT FOR VALUE)`);
  await writeDevPtau(power, cached, opts);
  return cached;
}
