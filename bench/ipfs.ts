/**
 * IPFS benchmark (run by `npm run bench`): the Datasets page on the built app in headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core) with a local IPFS peer (Helia in this process,
 * src/ipfs/peer.ts), on the 1,000 MNIST PGMs of ../shared/fixtures/mnist-train-pgm:
 *
 *   (a) add through the page, local only (no peer: check + UnixFS import + IndexedDB + pin) and with
 *       the peer (the same, then publish: one CAR to /api/v0/dag/import);
 *   (b) a second browser context (its own IndexedDB) opening the dataset's link: fetched from the
 *       peer (one CAR over the trustless gateway, every block verified), read, decoded, grid shown;
 *       then reopened from its own IndexedDB;
 *   (c) IndexedDB write throughput of blockstore-idb (a test page: 2,000 blocks of 797 B, 64 of 256 KiB);
 *   (d) the bundle size the IPFS part adds (the lazy chunks, gzip), and Node's hashOnly of the folder.
 *
 * Times are wall time from the action (files set, link opened) to the result on the page. Writes
 * bench/ipfs.json and the "ipfs" section of docs/BENCHMARKS.md. Tests never assert on these times.
 *
 *   npx tsx bench/ipfs.ts                  # ZKML_DIST=dist-x to build and serve dist-x/ instead of dist/
 *   npx tsx bench/ipfs.ts --doc-only       # rewrite the docs section from bench/ipfs.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { hasChromium, launch, serveDist, buildTestPage, DIST } from '../tests/e2e/browser.js';
import { addThroughPage, datasetsContext, mnistFolder, openDatasets, openThroughPage, startTestPeer } from '../tests/e2e/datasets-helpers.js';
import { hasShared, SKIP_REASON } from '../tests/helpers/mnist.js';
import { prepareDataset } from '../src/core/dataset/index.js';
import { hashDirectory } from '../src/ipfs/cid.js';
import { ROOT, host, hostLine, writeBenchSection } from './doc.js';

const JSON_OUT = path.join(ROOT, 'bench/ipfs.json');
const N = 1000;

interface Results {
  date: string;
  host: ReturnType<typeof host>;
  samples: number;
  datasetBytes: number;
  addLocalMs: number;
  addPublishMs: number;
  fetchFromPeerMs: number;
  reopenLocalMs: number;
  nodeHashOnlyMs: number;
  idb: { smallBlocks: number; smallBytes: number; smallMs: number; bigBlocks: number; bigBytes: number; bigMs: number };
  bundle: { file: string; bytes: number; gzip: number }[];
}

function bundleSizes(): Results['bundle'] {
  const dir = path.join(DIST, 'assets');
  return fs.readdirSync(dir).filter((f) => /^(ipfs-client|DatasetsPage)-.*\.(js|css)$/.test(f)).map((f) => {
    const b = fs.readFileSync(path.join(dir, f));
    return { file: f.replace(/-[\w-]{8}\./, '.'), bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
  });
}

async function idbThroughput(browser: Awaited<ReturnType<typeof launch>>): Promise<Results['idb']> {
  const tp = await buildTestPage('zkml-bench-idb-', (rel) => `
    import { IDBBlockstore } from ${rel('node_modules/blockstore-idb/dist/src/index.js')};
    import { CID } from ${rel('node_modules/multiformats/dist/src/cid.js')};
    import { sha256 } from ${rel('node_modules/multiformats/dist/src/hashes/sha2-browser.js')};
    async function run(count, size, name) {
      const store = new IDBBlockstore(name);
      await store.open();
      const blocks = [];
      for (let i = 0; i < count; i++) {
        const b = new Uint8Array(size);
        for (let j = 0; j < size; j += 4096) b[j] = (i * 31 + j) & 0xff;
        b[0] = i & 0xff; b[1] = i >> 8;
        blocks.push({ cid: CID.createV1(0x55, await sha256.digest(b)), bytes: b });
      }
      const t0 = performance.now();
      for (const x of blocks) await store.put(x.cid, x.bytes);
      const ms = performance.now() - t0;
      await store.close();
      return { blocks: count, bytes: count * size, ms };
    }
    window.t = { run };
    window.ready = true;
  `);
  try {
    const page = await browser.newPage();
    await page.goto(tp.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const call = (count: number, size: number, name: string) => page.evaluate(([c, s, n]) => (window as unknown as { t: { run(c: number, s: number, n: string): Promise<{ blocks: number; bytes: number; ms: number }> } }).t.run(c, s, n), [count, size, name] as const);
    const small = await call(2000, 797, 'bench-small');
    const big = await call(64, 262144, 'bench-big');
    await page.close();
    return { smallBlocks: small.blocks, smallBytes: small.bytes, smallMs: small.ms, bigBlocks: big.blocks, bigBytes: big.bytes, bigMs: big.ms };
  } finally {
    await tp.close();
  }
}

async function measure(): Promise<Results> {
  if (!hasChromium) throw new Error('Chromium (/usr/bin/chromium) is needed');
  if (!hasShared) throw new Error(SKIP_REASON);
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const mnist = mnistFolder(N);
  const server = await serveDist();
  const peer = await startTestPeer();
  const browser = await launch();
  try {
    const files = mnist.files.map((f) => ({ path: path.basename(f), content: new Uint8Array(fs.readFileSync(f)) }));
    const t0 = performance.now();
    await hashDirectory((await prepareDataset(files)).files);
    const nodeHashOnlyMs = performance.now() - t0;

    const local = await datasetsContext(browser, undefined);
    const pl = await local.newPage();
    await openDatasets(pl, server.url);
    const addLocal = await addThroughPage(pl, mnist.files, 600_000);
    await local.close();
    console.log(`[ipfs] add ${N} PGMs, local only: ${addLocal.ms} ms`);

    const a = await datasetsContext(browser, peer.url);
    const pa = await a.newPage();
    await openDatasets(pa, server.url);
    const addPub = await addThroughPage(pa, mnist.files, 600_000);
    await pa.getByTestId('dataset-published').waitFor({ timeout: 600_000 });
    console.log(`[ipfs] add ${N} PGMs and publish to the peer: ${addPub.ms} ms`);

    const b = await datasetsContext(browser, peer.url);
    const pb = await b.newPage();
    const fetched = await openThroughPage(pb, server.url, addPub.cid, 600_000);
    if (fetched.error || !/fetched from the local peer/.test(fetched.summary)) throw new Error(`B did not fetch from the peer: ${fetched.error ?? fetched.summary}`);
    const reopened = await openThroughPage(pb, server.url, addPub.cid, 600_000);
    if (reopened.error || !/from this browser/.test(reopened.summary)) throw new Error(`B did not reopen locally: ${reopened.error ?? reopened.summary}`);
    console.log(`[ipfs] B: fetch from the peer ${fetched.ms} ms, reopen ${reopened.ms} ms`);
    const idb = await idbThroughput(browser);
    return {
      date: new Date().toISOString(), host: host(), samples: N,
      datasetBytes: files.reduce((s, f) => s + f.content.length, 0),
      addLocalMs: addLocal.ms, addPublishMs: addPub.ms, fetchFromPeerMs: fetched.ms, reopenLocalMs: reopened.ms, nodeHashOnlyMs,
      idb, bundle: bundleSizes(),
    };
  } finally {
    await browser.close();
    await peer.close();
    await server.close();
    mnist.close();
  }
}

function doc(r: Results): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  const mbps = (bytes: number, ms: number) => `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(1)} MiB/s`;
  const gz = r.bundle.reduce((t, b) => t + b.gzip, 0);
  return [
    '## IPFS datasets (Helia, Chromium)',
    '',
    `${r.samples.toLocaleString('en')} MNIST PGMs (${kib(r.datasetBytes)}, ../shared/fixtures/mnist-train-pgm) through the Datasets page of the built app, headless Chromium, a local peer (Helia in Node, blockstore-fs) on 127.0.0.1. Wall time from the action to the result on the page. \`npx tsx bench/ipfs.ts\`, ${r.date.slice(0, 10)}, ${hostLine()}.`,
    '',
    '| step | time |',
    '|---|---|',
    `| add, this browser only (check every sample, UnixFS import with kubo's parameters, IndexedDB, pin) | ${s(r.addLocalMs)} |`,
    `| add and publish to the local peer (the same + one CAR to \`/api/v0/dag/import\`) | ${s(r.addPublishMs)} |`,
    `| second browser opens the link: one CAR from the peer's trustless gateway (every block verified), read, decoded, grid | ${s(r.fetchFromPeerMs)} |`,
    `| the same browser reopens it from its IndexedDB | ${s(r.reopenLocalMs)} |`,
    `| Node: the dataset's CIDs only (\`hashOnly\`, no storage) | ${s(r.nodeHashOnlyMs)} |`,
    '',
    `IndexedDB writes (blockstore-idb, one \`put\` at a time): ${r.idb.smallBlocks.toLocaleString('en')} blocks of 797 B in ${s(r.idb.smallMs)} = ${Math.round(r.idb.smallBlocks / (r.idb.smallMs / 1000)).toLocaleString('en')} blocks/s (${mbps(r.idb.smallBytes, r.idb.smallMs)}); ${r.idb.bigBlocks} blocks of 256 KiB in ${s(r.idb.bigMs)} = ${mbps(r.idb.bigBytes, r.idb.bigMs)}.`,
    '',
    `Bundle added by the IPFS part (lazy chunks, loaded only when the Datasets page is opened; gzip -9): ${r.bundle.map((b) => `\`${b.file}\` ${kib(b.gzip)}`).join(', ')}; **${kib(gz)}** in all (goal ≤ 120 KiB). The first page load does not fetch them.`,
    '',
  ];
}

async function main() {
  let r: Results;
  if (process.argv.includes('--doc-only')) r = JSON.parse(fs.readFileSync(JSON_OUT, 'utf8')) as Results;
  else {
    r = await measure();
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(r, null, 1)}\n`);
  }
  writeBenchSection('ipfs', doc(r));
  console.log(doc(r).join('\n'));
}

main().catch((e: unknown) => { console.error(e instanceof Error ? e.stack ?? e.message : String(e)); process.exit(1); });
