/**
 * `zkml dataset add` / `zkml dataset get` for real (node bin/zkml.mjs): a folder of MNIST PGMs (from
 * ../shared when present, generated otherwise) is added and published to a local peer started here;
 * a second CLI store gets it back by CID, byte for byte. Bad folders give typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runZkml, ROOT } from '../tests/helpers/cli.js';
import { encodePgm } from '../src/core/input/pgm.js';
import { createNodeIpfs } from '../src/ipfs/node.js';
import { servePeer, type RunningPeer } from '../src/ipfs/peer.js';
import type { IpfsStore } from '../src/ipfs/store.js';

const MNIST = join(ROOT, '../shared/fixtures/mnist-train-pgm');
const N = 25;

const zkml = (args: string[], env: Record<string, string>) => runZkml(args, env);

describe('zkml dataset add | get', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-cli-ds-'));
  const folder = join(tmp, 'mnist');
  let peerStore: IpfsStore;
  let peer: RunningPeer;

  beforeAll(async () => {
    mkdirSync(folder);
    const shared = existsSync(join(MNIST, 'labels.json'));
    const labels = shared ? (JSON.parse(readFileSync(join(MNIST, 'labels.json'), 'utf8')) as number[]).slice(0, N) : Array.from({ length: N }, (_, i) => i % 10);
    labels.forEach((_, i) => writeFileSync(join(folder, `${i}.pgm`), shared ? readFileSync(join(MNIST, `${i}.pgm`)) : encodePgm({ width: 28, height: 28, maxval: 255, pixels: Uint8Array.from({ length: 784 }, (_, j) => (i + j) & 0xff) })));
    writeFileSync(join(folder, 'labels.json'), JSON.stringify(labels));
    peerStore = await createNodeIpfs({ dir: join(tmp, 'peer') });
    peer = await servePeer(peerStore, { port: 0 });
  });
  afterAll(async () => {
    await peer?.close();
    await peerStore?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('add prints every CID and the dataset CID and publishes; get writes the same files back', async () => {
    const add = await zkml(['dataset', 'add', folder, '--peer', peer.url, '--description', 'first 25 MNIST'], { ZKML_IPFS_REPO: join(tmp, 'a') });
    expect(add.stderr).toMatch(/published \d+ blocks to the local IPFS peer/);
    expect(add.code).toBe(0);
    const lines = add.stdout.trim().split('\n');
    expect(lines.length).toBe(N + 3);
    if (existsSync(join(MNIST, '0.pgm'))) expect(lines).toContain('bafkreig42jyiawthjkmskza765hn6krgqs7uk7cmtjmggb6mgnjql7dqje  0.pgm');
    const root = /^(bafy\S+)\s+\(dataset: 25 pgm samples of 28×28×1/.exec(lines.at(-1)!)?.[1];
    expect(root).toBeDefined();

    const out = join(tmp, 'out');
    const get = await zkml(['dataset', 'get', root!, '-o', out, '--peer', peer.url], { ZKML_IPFS_REPO: join(tmp, 'b') });
    expect(get.stderr).toMatch(/fetched \d+ blocks from the local IPFS peer/);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/25 samples \(pgm 28×28×1/);
    for (const f of readdirSync(folder)) expect(readFileSync(join(out, f)), f).toEqual(readFileSync(join(folder, f)));
    const manifest = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'zkml-dataset/1', count: 25, description: 'first 25 MNIST' });
  });

  it('a sample without a label and a bad CID are typed errors (exit 2)', async () => {
    writeFileSync(join(folder, 'extra.pgm'), readFileSync(join(folder, '0.pgm')));
    const add = await zkml(['dataset', 'add', folder, '--no-publish'], { ZKML_IPFS_REPO: join(tmp, 'c') });
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/zkml: DatasetLabelError: extra\.pgm has no label/);
    const get = await zkml(['dataset', 'get', 'not-a-cid', '-o', join(tmp, 'x')], { ZKML_IPFS_REPO: join(tmp, 'c') });
    expect(get.code).toBe(2);
    expect(get.stderr).toMatch(/zkml: InvalidCidError/);
  });
});
