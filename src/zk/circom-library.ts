/**
 * Browser side of the isomorphic compiler's library (Vite only): the same keys as
 * ./circom-node.ts, from glob imports. Our own circuits are small and bundled eagerly; each
 * circomlib file is its own lazily fetched chunk (poseidon_constants.circom alone is 1.9 MB),
 * so a compile only downloads what its includes reach.
 */
import { collectIncludes } from './circom.js';

const own = import.meta.glob<string>('../circuits/*.circom', { query: '?raw', import: 'default', eager: true });
const circomlib = import.meta.glob<string>('../../node_modules/circomlib/circuits/**/*.circom', {
  query: '?raw', import: 'default', exhaustive: true,
});

function keyed<T>(entries: Record<string, T>, marker: string): Map<string, T> {
  return new Map(Object.entries(entries).map(([p, v]) => [p.slice(p.lastIndexOf(marker) + marker.length), v]));
}

const ownByKey = keyed(own, '/circuits/');
const circomlibByKey = keyed(circomlib, '/node_modules/');

/** Every include key this build can serve (own circuits and circomlib). */
export const libraryKeys: readonly string[] = [...ownByKey.keys(), ...circomlibByKey.keys()].sort();

/** One library file by include key; undefined if there is no such file. */
export async function readLibraryFile(key: string): Promise<string | undefined> {
  return ownByKey.get(key) ?? (await circomlibByKey.get(key)?.());
}

/** Every src/circuits/*.circom, by file name (bundled eagerly). */
export function ownCircuitFiles(): Record<string, string> {
  return Object.fromEntries(ownByKey);
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
