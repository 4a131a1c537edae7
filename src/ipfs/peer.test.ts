/**
 * The data layer end to end in Node, for real: a local peer (Helia over blockstore-fs + the HTTP
 * server), client A adds a dataset and publishes it (kubo dag/import), client B (another blockstore)
 * fetches it by CID through the trustless gateway — as one CAR, and block by block through Helia's
 * trustless-gateway broker — and reads the same samples. Tampered bytes give CidMismatchError; a
 * missing block without a peer fails at once (no hang); every socket opened goes to a loopback
 * address. Uses ../shared/fixtures/mnist-train-pgm when present (generated PGMs otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import diagnostics from 'node:diagnostics_channel';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { encodePgm } from '../core/input/pgm.js';
import { prepareDataset, type DatasetFile } from '../core/dataset/index.js';
import { dagToCar } from './car.js';
import { hashOnly } from './cid.js';
import { addDataset, loadDataset } from './dataset.js';
import { BlockNotFoundError, CidMismatchError, PublicNetworkError } from './errors.js';
import { isLoopbackHost } from './network.js';
import { createNodeIpfs } from './node.js';
import { servePeer, type RunningPeer } from './peer.js';
import type { IpfsStore } from './store.js';

const MNIST = join(process.cwd(), '../shared/fixtures/mnist-train-pgm');
const N = 60;

function datasetFiles(): DatasetFile[] {
  if (existsSync(join(MNIST, 'labels.json'))) {
    const labels = (JSON.parse(readFileSync(join(MNIST, 'labels.json'), 'utf8')) as number[]).slice(0, N);
    return [
      ...labels.map((_, i) => ({ path: `${i}.pgm`, content: new Uint8Array(readFileSync(join(MNIST, `${i}.pgm`))) })),
      { path: 'labels.json', content: new TextEncoder().encode(JSON.stringify(labels)) },
    ];
  }
  return [
    ...Array.from({ length: N }, (_, i) => ({ path: `${i}.pgm`, content: encodePgm({ width: 28, height: 28, maxval: 255, pixels: Uint8Array.from({ length: 784 }, (_, j) => (i * 31 + j) & 0xff) }) })),
    { path: 'labels.json', content: new TextEncoder().encode(JSON.stringify(Array.from({ length: N }, (_, i) => i % 10))) },
  ];
}

/** Every outgoing TCP connection of this process, by remote address (net.client.socket channel). */
const dialled: string[] = [];
const onSocket = (msg: unknown) => {
  const s = (msg as { socket: Socket }).socket;
  s.once('connect', () => dialled.push(String(s.remoteAddress)));
};

describe('local IPFS peer: browser-like client A → peer → client B', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-ipfs-'));
  let peerStore: IpfsStore, a: IpfsStore, b: IpfsStore, c: IpfsStore;
  let peer: RunningPeer;
  let root: CID;
  const files = datasetFiles();

  beforeAll(async () => {
    diagnostics.subscribe('net.client.socket', onSocket);
    peerStore = await createNodeIpfs({ dir: join(tmp, 'peer') });
    peer = await servePeer(peerStore, { port: 0 });
    const config = { gateway: peer.url, api: peer.url };
    a = await createNodeIpfs({ dir: join(tmp, 'a'), peer: config });
    b = await createNodeIpfs({ dir: join(tmp, 'b'), peer: config });
    c = await createNodeIpfs({ dir: join(tmp, 'c'), peer: config });
  });
  afterAll(async () => {
    diagnostics.unsubscribe('net.client.socket', onSocket);
    await peer?.close();
    for (const s of [a, b, c, peerStore]) await s?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('A adds the dataset: kubo CIDs for every file, the directory pinned, storage counted', async () => {
    const prepared = await prepareDataset(files);
    const added = await addDataset(a, prepared);
    root = added.cid;
    expect(root.toString()).toMatch(/^bafybei/);
    for (const f of added.files) expect(f.cid.toString()).toBe((await hashOnly(prepared.files.find((p) => p.path === f.path)!.content)).toString());
    if (existsSync(join(MNIST, '0.pgm'))) expect(added.files.find((f) => f.path === '0.pgm')?.cid.toString()).toBe('bafkreig42jyiawthjkmskza765hn6krgqs7uk7cmtjmggb6mgnjql7dqje');
    expect((await a.pins()).map((p) => p.cid.toString())).toContain(root.toString());
    expect((await a.pins()).find((p) => p.cid.equals(root))?.metadata).toMatchObject({ kind: 'zkml-dataset', count: N });
    const use = await a.storageUse();
    expect(use.blocks).toBe(N + 3); // samples, labels.json, dataset.json, the directory
  });

  it('the peer refuses nothing it should take and answers the version', async () => {
    expect(await a.peerVersion()).toMatch(/zkml-peer/);
    await expect(b.fetchFromPeer(root)).rejects.toBeInstanceOf(BlockNotFoundError); // not published yet
  });

  it('A publishes (kubo /api/v0/dag/import); B fetches the CAR by CID and reads the same samples offline', async () => {
    const sent = await a.publish(root);
    expect(sent.blocks).toBe(N + 3);
    expect(await peerStore.hasLocally(root)).toBe(true);
    expect((await peerStore.pins()).some((p) => p.cid.equals(root))).toBe(true);
    const progress: number[] = [];
    await b.fetchFromPeer(root, { onProgress: (p) => progress.push(p.done) });
    expect(progress.length).toBeGreaterThan(0);
    const fromA = await loadDataset(a, root, { offline: true });
    const fromB = await loadDataset(b, root, { offline: true });
    expect(fromB.manifest).toEqual(fromA.manifest);
    expect(fromB.samples.map((s) => [s.name, s.label, s.cid.toString()])).toEqual(fromA.samples.map((s) => [s.name, s.label, s.cid.toString()]));
    expect(fromB.samples[5]!.raw).toEqual(files[5]!.content.subarray(13));
    expect(fromB.samples[5]!.input.data[400]).toBeCloseTo(files[5]!.content[13 + 400]! / 255, 6);
  });

  it('C fetches block by block through Helia\'s trustless-gateway broker (?format=raw)', async () => {
    expect(await c.hasLocally(root)).toBe(false);
    const d = await loadDataset(c, root);
    expect(d.samples.length).toBe(N);
    expect(await c.hasLocally(root)).toBe(true);
  });

  it('the gateway speaks the trustless spec: raw, car, 406 without a format, 404, 400 for a bad CID', async () => {
    const leaf = (await a.ls(root, { offline: true })).find((e) => e.name === '0.pgm')!.cid;
    const r = await fetch(`${peer.url}/ipfs/${leaf}?format=raw`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(CID.createV1(raw.code, await sha256.digest(new Uint8Array(await r.arrayBuffer()))).equals(leaf)).toBe(true);
    const car = await fetch(`${peer.url}/ipfs/${root}`, { headers: { accept: 'application/vnd.ipld.car' } });
    expect(car.headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car/);
    expect(new Uint8Array(await car.arrayBuffer())).toEqual(await a.exportCar(root));
    expect((await fetch(`${peer.url}/ipfs/${root}`)).status).toBe(406);
    expect((await fetch(`${peer.url}/ipfs/${await hashOnly(new Uint8Array([1, 2, 3]))}?format=raw`)).status).toBe(404);
    expect((await fetch(`${peer.url}/ipfs/not-a-cid?format=raw`)).status).toBe(400);
    const put = new FormData();
    put.append('file', new Blob([new Uint8Array([9, 9, 9])]));
    const key = await (await fetch(`${peer.url}/api/v0/block/put?cid-codec=raw`, { method: 'POST', body: put })).json() as { Key: string };
    expect(key.Key).toBe((await hashOnly(new Uint8Array([9, 9, 9]))).toString());
  });

  it('a CAR whose block does not match its CID is refused by the peer (400 CidMismatchError) and by a client', async () => {
    const leaf = (await a.ls(root, { offline: true })).find((e) => e.name === '3.pgm')!.cid;
    const car = await dagToCar(root, async (cid) => {
      const bytes = await a.localBlock(cid);
      if (!cid.equals(leaf)) return bytes;
      const bad = bytes.slice(); bad[100]! ^= 0xff; return bad;
    });
    const form = new FormData();
    form.append('file', new Blob([car as Uint8Array<ArrayBuffer>]));
    const res = await fetch(`${peer.url}/api/v0/dag/import`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CidMismatchError/);
    const fresh = await createNodeIpfs({ dir: join(tmp, 'fresh') });
    try {
      await expect(fresh.importCar(car)).rejects.toBeInstanceOf(CidMismatchError);
    } finally {
      await fresh.stop();
    }
  });

  it('a stored block that does not hash to its CID makes loadDataset throw CidMismatchError naming the file', async () => {
    const d = await createNodeIpfs({ dir: join(tmp, 'd') });
    try {
      const leaf = (await a.ls(root, { offline: true })).find((e) => e.name === '7.pgm')!.cid;
      for await (const blk of (await import('./car.js')).walkDag(root, (x) => a.localBlock(x))) {
        const bytes = blk.cid.equals(leaf) ? Uint8Array.from(blk.bytes, (v, i) => (i === 500 ? v ^ 1 : v)) : blk.bytes;
        await d.helia.blockstore.put(blk.cid, bytes);
      }
      const e = await loadDataset(d, root, { offline: true }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CidMismatchError);
      expect((e as CidMismatchError).details).toMatchObject({ expected: leaf.toString(), what: '7.pgm' });
    } finally {
      await d.stop();
    }
  });

  it('without a peer, a missing block fails at once with BlockNotFoundError (no hang)', async () => {
    const lone = await createNodeIpfs({ dir: join(tmp, 'lone') });
    try {
      await expect(lone.cat(await hashOnly(new Uint8Array([4, 5, 6])))).rejects.toBeInstanceOf(BlockNotFoundError);
      await expect(loadDataset(lone, root)).rejects.toBeInstanceOf(BlockNotFoundError);
    } finally {
      await lone.stop();
    }
  });

  it('no public network: a non-loopback peer is refused unless allowPublic, and every socket went to loopback', async () => {
    await expect(createNodeIpfs({ dir: join(tmp, 'pub'), peer: { gateway: 'https://trustless-gateway.link', api: 'https://trustless-gateway.link' } })).rejects.toBeInstanceOf(PublicNetworkError);
    await expect(servePeer(peerStore, { host: '0.0.0.0' })).rejects.toBeInstanceOf(PublicNetworkError);
    expect(dialled.length).toBeGreaterThan(0);
    expect(dialled.filter((addr) => !isLoopbackHost(addr.replace(/^::ffff:/, '')))).toEqual([]);
  });
});
