/**
 * Node side of the isomorphic compiler: the library's circom sources and circom.wasm, read
 * from disk. The browser build gets the same from ./circom-library.ts (Vite glob imports).
 *
 * Keys are include paths as circuits write them: `rescale.circom` for src/circuits/rescale.circom,
 * `circomlib/circuits/bitify.circom` for node_modules/circomlib/circuits/bitify.circom.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { collectIncludes } from './circom.js';

const require = createRequire(import.meta.url);

export const CIRCUITS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../circuits');
/** The folder that holds `circomlib/`, i.e. what `-l` points at for circomlib includes. */
export const NODE_MODULES_DIR = path.resolve(path.dirname(require.resolve('circomlib/package.json')), '..');

/** Read one library file by include key; undefined if there is no such file. */
export function readLibraryFile(key: string): string | undefined {
  if (key.split('/').includes('..') || path.isAbsolute(key)) return undefined;
  const file = key.startsWith('circomlib/') ? path.join(NODE_MODULES_DIR, key) : path.join(CIRCUITS_DIR, key);
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Every `src/circuits/*.circom`, by file name. */
export function ownCircuitFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(CIRCUITS_DIR).sort()) {
    if (f.endsWith('.circom')) out[f] = fs.readFileSync(path.join(CIRCUITS_DIR, f), 'utf8');
  }
  return out;
}

/**
 * The `files` for `compileCircom`. With `main`, exactly what it includes, transitively. Without,
 * every src/circuits/*.circom plus the circomlib files they include (transitively).
 */
export async function libraryFiles(main?: string): Promise<Record<string, string>> {
  if (main !== undefined) return collectIncludes(main, readLibraryFile);
  const own = ownCircuitFiles();
  const root = Object.keys(own).map((f) => `include "${f}";`).join('\n');
  return { ...own, ...(await collectIncludes(root, readLibraryFile)) };
}

/** node_modules/circom2/circom.wasm. */
export function circomWasmBytes(): Uint8Array {
  return fs.readFileSync(require.resolve('circom2/circom.wasm'));
}
