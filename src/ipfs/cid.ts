/**
 * CIDs of bytes, files and directories, as kubo computes them (see unixfs-options.ts), without a
 * node: `hashOnly` imports into a blockstore that keeps nothing. Also the block check every fetched
 * byte goes through (`verifyBlock`).
 */
import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { identity } from 'multiformats/hashes/identity';
import { equals } from 'multiformats/bytes';
import { CidMismatchError, InvalidCidError } from './errors.js';
import { kuboImporterOptions } from './unixfs-options.js';

/** A blockstore that only answers `put` with the CID: for hashing without storing. */
const discard = { put: async (cid: CID) => cid };

export interface HashedEntry {
  /** the path as given (under the directory), '' for the directory itself */
  path: string;
  cid: CID;
  size: bigint;
}

/** The CID of one file's bytes (kubo `ipfs add --cid-version=1 --only-hash`). */
export async function hashOnly(bytes: Uint8Array, opts: Partial<ImporterOptions> = {}): Promise<CID> {
  let last: CID | undefined;
  for await (const r of importer([{ content: bytes }], discard, { ...kuboImporterOptions(), ...opts })) last = r.cid;
  return last!;
}

/**
 * The CIDs of a directory of files (relative paths like `a.pgm` or `sub/b.pgm`), as `ipfs add -r
 * --cid-version=1 --only-hash` of a folder holding them: every file and folder, and the root last
 * (path '').
 */
export async function hashDirectory(files: Iterable<{ path: string; content: Uint8Array }>, opts: Partial<ImporterOptions> = {}): Promise<HashedEntry[]> {
  const out: HashedEntry[] = [];
  const source: ImportCandidate[] = [...files].map((f) => ({ path: `root/${f.path}`, content: f.content }));
  for await (const r of importer(source, discard, { ...kuboImporterOptions(), ...opts })) {
    out.push({ path: (r.path ?? '').replace(/^root\/?/, ''), cid: r.cid, size: r.size });
  }
  return out;
}

/** Parses a CID string, or throws InvalidCidError. */
export function parseCid(value: string): CID {
  try {
    return CID.parse(value.trim());
  } catch (e) {
    throw new InvalidCidError(value, { cause: e });
  }
}

/**
 * Checks that `bytes` is the block `cid` names (sha2-256 or identity multihash); throws
 * CidMismatchError otherwise. Every block received from a peer goes through this.
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array, what = 'block'): Promise<void> {
  const code = cid.multihash.code;
  let digest: Uint8Array;
  if (code === sha256.code) digest = (await sha256.digest(bytes)).digest;
  else if (code === identity.code) digest = identity.digest(bytes).digest;
  else throw new CidMismatchError(cid.toString(), `(unsupported multihash 0x${code.toString(16)})`, what);
  if (!equals(digest, cid.multihash.digest)) {
    throw new CidMismatchError(cid.toString(), CID.create(1, cid.code, await sha256.digest(bytes)).toString(), what);
  }
}
