/**
 * `zkml keys new [-o key.json] [--passphrase …]`: a BabyJubJub key pair (docs/PROTOCOL.md §7) in the
 * passphrase-protected key file of src/core/handover/keys.ts (PBKDF2-SHA-256 + AES-GCM); prints the
 * public key to publish with a bounty. The passphrase comes from --passphrase or ZKML_PASSPHRASE.
 */
import * as fs from 'node:fs';
import { generateKeyPair, exportKeyFile, DEFAULT_KDF_ITERATIONS } from '../../src/core/handover/keys.js';
import type { Point } from '../../src/core/handover/babyjub.js';
import { writeFile } from '../fs.js';
import { rel } from '../project.js';
import { type Io, silent } from '../format.js';
import { UsageError, FileError } from '../errors.js';

export interface KeysNewOptions extends Io {
  out?: string;
  passphrase?: string;
  /** PBKDF2 iterations (default DEFAULT_KDF_ITERATIONS; tests use fewer) */
  iterations?: number;
  force?: boolean;
}

/** The passphrase from the option or ZKML_PASSPHRASE; a UsageError naming both when neither is set. */
export function passphraseOf(given: string | undefined, what: string): string {
  const p = given ?? process.env.ZKML_PASSPHRASE;
  if (p === undefined || p === '') throw new UsageError(`${what} needs a passphrase: --passphrase <text> or the ZKML_PASSPHRASE environment variable`);
  return p;
}

export const formatPublicKey = (p: Point) => `${p[0]},${p[1]}`;

export async function keysNewCommand(opts: KeysNewOptions): Promise<{ file: string; publicKey: Point }> {
  const out = opts.print ?? silent;
  const file = opts.out ?? 'key.json';
  const passphrase = passphraseOf(opts.passphrase, 'keys new');
  if (fs.existsSync(file) && !opts.force) throw new FileError(`${file} exists: a key file is never overwritten (choose another -o, or --force)`, { details: { file } });
  const kp = generateKeyPair();
  const text = await exportKeyFile(kp, passphrase, { iterations: opts.iterations ?? DEFAULT_KDF_ITERATIONS });
  writeFile(file, text);
  try { fs.chmodSync(file, 0o600); } catch { /* not every file system has modes */ }
  out(`wrote ${rel(file)} (BabyJubJub secret key, encrypted with the passphrase)`);
  out(`public key: ${formatPublicKey(kp.pub)}`);
  return { file, publicKey: kp.pub };
}
