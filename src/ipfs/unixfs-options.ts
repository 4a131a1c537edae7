/**
 * The UnixFS import parameters that make our CIDs equal kubo's (`ipfs add --cid-version=1`), set
 * explicitly rather than taken from library defaults (Helia's default chunk is 1 MiB, which gives
 * other CIDs):
 *
 * - CIDv1, sha2-256, base32 (`bafy…` for dag-pb nodes, `bafkrei…` for raw blocks);
 * - raw leaves; a file of one chunk is that raw block itself (`reduceSingleLeafToSelf`);
 * - fixed-size chunks of 256 KiB (kubo's `size-262144`);
 * - balanced DAG, at most 174 links per node (kubo's default);
 * - plain UnixFS directories, HAMT-sharded only past kubo's 256 KiB threshold (links-bytes estimate).
 */
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import type { ImporterOptions } from 'ipfs-unixfs-importer';

export const CHUNK_SIZE = 262_144;
export const MAX_CHILDREN_PER_NODE = 174;
export const SHARD_SPLIT_THRESHOLD_BYTES = 262_144;

export function kuboImporterOptions(): Omit<ImporterOptions, 'onProgress'> {
  return {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN_PER_NODE }),
    shardSplitThresholdBytes: SHARD_SPLIT_THRESHOLD_BYTES,
    shardSplitStrategy: 'links-bytes',
    wrapWithDirectory: false,
  };
}
