/**
 * The local IPFS peer (npm run ipfs, npm start): a Helia node in Node (blockstore on disk) behind an
 * HTTP server on 127.0.0.1 that speaks two standard interfaces, nothing home-made:
 *
 * - the trustless gateway (IPFS HTTP Gateway spec): `GET|HEAD /ipfs/<cid>?format=raw` (one block,
 *   application/vnd.ipld.raw) and `?format=car` (the whole DAG, application/vnd.ipld.car); also by
 *   `Accept`. It serves only what it stores (no recursion to other peers);
 * - kubo's RPC for uploads: `POST /api/v0/dag/import` (a CAR in multipart/form-data, or a bare CAR
 *   body; roots pinned), `POST /api/v0/block/put` (one block; `cid-codec=raw|dag-pb`), and
 *   `POST /api/v0/version`.
 *
 * Every uploaded block is checked against its CID before it is stored (CidMismatchError → 400). CORS
 * is open (`*`): the data is content-addressed and the server is loopback-only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as dagPb from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { CAR_CONTENT_TYPE, RAW_CONTENT_TYPE } from './car.js';
import { parseCid } from './cid.js';
import { BlockNotFoundError, CidMismatchError, InvalidCidError, IpfsError, PublicNetworkError } from './errors.js';
import { isLoopbackHost } from './network.js';
import type { IpfsStore } from './store.js';

export const PEER_VERSION = 'zkml-peer/1 (helia)';
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export interface RunningPeer {
  /** http://127.0.0.1:<port> (gateway and API) */
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_UPLOAD_BYTES) throw new HttpError(413, `upload larger than ${MAX_UPLOAD_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The first file part of a multipart/form-data body (what kubo's RPC clients send), or the body itself. */
export function firstPart(body: Buffer, contentType: string | undefined): Uint8Array {
  const m = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const start = body.indexOf(boundary);
  if (start < 0) throw new HttpError(400, 'multipart body without its boundary');
  const headersEnd = body.indexOf('\r\n\r\n', start);
  if (headersEnd < 0) throw new HttpError(400, 'multipart part without headers');
  const dataStart = headersEnd + 4;
  const end = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), dataStart);
  if (end < 0) throw new HttpError(400, 'multipart part not terminated');
  return new Uint8Array(body.buffer, body.byteOffset + dataStart, end - dataStart);
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, accept, range',
  'access-control-expose-headers': 'content-length, content-type, x-ipfs-roots, x-ipfs-path',
};

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}, head = false) {
  res.writeHead(status, { ...CORS, 'content-type': type, 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length), ...extra });
  res.end(head ? undefined : body);
}

/** Serves `store` on 127.0.0.1:`port` (0: a free port). */
export async function servePeer(store: IpfsStore, opts: { port?: number; host?: string; log?: (m: string) => void } = {}): Promise<RunningPeer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new PublicNetworkError(`the local IPFS peer listens on loopback only (got ${host})`);
  const log = opts.log ?? (() => {});

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') { res.writeHead(204, CORS); res.end(); return; }

    const gw = /^\/ipfs\/([^/?#]+)\/?$/.exec(url.pathname);
    if (gw && (method === 'GET' || method === 'HEAD')) {
      const cid = parseCid(decodeURIComponent(gw[1]!));
      const accept = req.headers.accept ?? '';
      const format = url.searchParams.get('format') ?? (accept.includes(CAR_CONTENT_TYPE) ? 'car' : accept.includes(RAW_CONTENT_TYPE) ? 'raw' : '');
      const scope = url.searchParams.get('dag-scope') ?? 'all';
      if (format === 'raw') {
        const block = await store.localBlock(cid);
        send(res, 200, block, RAW_CONTENT_TYPE, { 'cache-control': 'public, max-age=29030400, immutable', 'x-ipfs-roots': cid.toString(), etag: `"${cid}.raw"` }, method === 'HEAD');
        return;
      }
      if (format === 'car') {
        if (scope !== 'all' && scope !== 'entity') throw new HttpError(400, `dag-scope=${scope} is not supported (all, entity)`);
        const car = await store.exportCar(cid);
        send(res, 200, car, `${CAR_CONTENT_TYPE}; version=1; order=dfs; dups=n`, { 'cache-control': 'public, max-age=29030400, immutable', 'x-ipfs-roots': cid.toString(), etag: `"${cid}.car"` }, method === 'HEAD');
        return;
      }
      throw new HttpError(406, 'this is a trustless gateway: ask for ?format=raw or ?format=car (or Accept: application/vnd.ipld.raw | application/vnd.ipld.car)');
    }

    if (url.pathname.startsWith('/api/v0/')) {
      if (method !== 'POST') throw new HttpError(405, 'the RPC API takes POST');
      const cmd = url.pathname.slice('/api/v0/'.length);
      if (cmd === 'version' || cmd === 'id') {
        send(res, 200, JSON.stringify({ Version: PEER_VERSION, System: 'node', Golang: '', Repo: '' }), 'application/json');
        return;
      }
      if (cmd === 'dag/import') {
        const car = firstPart(await readBody(req), req.headers['content-type']);
        const { roots, blocks } = await store.importCar(car);
        const pin = url.searchParams.get('pin-roots') !== 'false';
        const lines: string[] = [];
        for (const r of roots) {
          let err = '';
          if (pin) { try { await store.pin(r, { kind: 'upload', added: Date.now() }); } catch (e) { err = e instanceof Error ? e.message : String(e); } }
          lines.push(JSON.stringify({ Root: { Cid: { '/': r.toString() }, PinErrorMsg: err } }));
        }
        lines.push(JSON.stringify({ Stats: { BlockCount: blocks, BlockBytesCount: car.length } }));
        log(`imported ${blocks} blocks (${roots.map(String).join(', ')})`);
        send(res, 200, `${lines.join('\n')}\n`, 'application/json');
        return;
      }
      if (cmd === 'block/put') {
        const bytes = firstPart(await readBody(req), req.headers['content-type']);
        const codec = url.searchParams.get('cid-codec') ?? url.searchParams.get('format') ?? 'raw';
        const mh = url.searchParams.get('mhtype') ?? 'sha2-256';
        if (mh !== 'sha2-256') throw new HttpError(400, `mhtype ${mh} is not supported (sha2-256)`);
        const code = codec === 'raw' ? raw.code : codec === 'dag-pb' || codec === 'protobuf' ? dagPb.code : undefined;
        if (code === undefined) throw new HttpError(400, `cid-codec ${codec} is not supported (raw, dag-pb)`);
        if (code === dagPb.code) { try { dagPb.decode(bytes); } catch { throw new HttpError(400, 'not a dag-pb block'); } }
        const cid = CID.createV1(code, await sha256.digest(bytes));
        await store.helia.blockstore.put(cid, bytes);
        send(res, 200, JSON.stringify({ Key: cid.toString(), Size: bytes.length }), 'application/json');
        return;
      }
      throw new HttpError(404, `unknown RPC command ${cmd}`);
    }
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, `${PEER_VERSION}: trustless gateway at /ipfs/<cid>?format=raw|car, uploads at POST /api/v0/dag/import\n`, undefined, {}, method === 'HEAD');
      return;
    }
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status
        : e instanceof InvalidCidError || e instanceof CidMismatchError ? 400
          : e instanceof BlockNotFoundError ? 404
            : e instanceof IpfsError ? 400 : 500;
      const message = e instanceof Error ? `${e instanceof IpfsError ? `${e.name}: ` : ''}${e.message}` : String(e);
      if (status >= 500) log(`error on ${req.method} ${req.url}: ${message}`);
      if (!res.headersSent) send(res, status, `${message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
