/**
 * scripts/chain.ts against real anvil: a recorded deployment is reused only when the node still
 * has it, and the port probe's typed error.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPublicClient, http, keccak256 } from 'viem';
import { getBlockNumber } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeployments } from '../src/chain/deployments.js';
import { ChainError } from '../src/chain/errors.js';
import { ZkmlError } from '../src/core/errors.js';
import { deployOrReuse, expectedRegistryCode, freePort, PortInUseError, readDeployments, startAnvil, writeDeployments, type AnvilInstance } from './chain.js';

let tmp: string;
let a: AnvilInstance;
let b: AnvilInstance;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-chain-script-'));
  [a, b] = await Promise.all([startAnvil(), startAnvil()]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('deployOrReuse', () => {
  it('deploys without a record, reuses a record the node still has, and redeploys when the node does not have it', async () => {
    const record = path.join(tmp, 'deployments.json');
    const first = await deployOrReuse({ url: a.url, record });
    expect(first.reused).toBe(false);
    expect(first.redeployedBecause).toBeUndefined();
    expect(first.deployments).toMatchObject({ chainId: 31337, rpcUrl: a.url, development: true });
    writeDeployments(first.deployments, [record]);
    expect(readDeployments(record)).toEqual(first.deployments);

    const client = createPublicClient({ transport: http(a.url, { retryCount: 0 }) });
    const block = await getBlockNumber(client, { cacheTime: 0 });
    const again = await deployOrReuse({ url: a.url, record });
    expect(again).toEqual({ deployments: first.deployments, reused: true, codeHash: first.codeHash });
    expect(first.codeHash).toBe(keccak256(await expectedRegistryCode(a.url)));
    expect(await getBlockNumber(client, { cacheTime: 0 })).toBe(block);

    // another node (as after an anvil restart): same deterministic address, but no code there yet
    const other = await deployOrReuse({ url: b.url, record });
    expect(other.reused).toBe(false);
    expect(other.redeployedBecause).toMatch(/no code at 0x/);
    expect(other.deployments.contracts.VerifierRegistry).toBe(first.deployments.contracts.VerifierRegistry);
    expect(other.deployments.rpcUrl).toBe(b.url);
  });

  it('does not reuse a record whose block is not where the registry was created, whose code differs, or whose chain differs', async () => {
    const record = path.join(tmp, 'shifted.json');
    const d = (await deployOrReuse({ url: a.url })).deployments;
    writeDeployments({ ...d, blockNumber: d.blockNumber + 1 }, [record]);
    // mine one more block so that the shifted block exists
    await fetch(a.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_mine', params: [] }) });
    const r = await deployOrReuse({ url: a.url, record });
    expect(r.reused).toBe(false);
    expect(r.redeployedBecause).toMatch(/was not created in block/);

    // the recorded address holds other code (an older build of the contracts, say)
    writeDeployments(d, [record]);
    await fetch(a.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_setCode', params: [d.contracts.VerifierRegistry, '0x6000600055'] }) });
    const changed = await deployOrReuse({ url: a.url, record });
    expect(changed.reused).toBe(false);
    expect(changed.redeployedBecause).toMatch(/is not this build's VerifierRegistry \(keccak256 0x[0-9a-f]{16}…, this build's 0x[0-9a-f]{16}…\)/);
    expect(changed.deployments.contracts.VerifierRegistry).not.toBe(d.contracts.VerifierRegistry);

    writeDeployments({ ...d, chainId: 1 }, [record]);
    const c = await deployOrReuse({ url: a.url, record });
    expect(c.reused).toBe(false);
    expect(c.redeployedBecause).toMatch(/made on chain 1, this node is chain 31337/);
  });

  it('treats a missing or malformed record as no record', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"chainId": "x"');
    expect(readDeployments(bad)).toBeUndefined();
    expect(readDeployments(path.join(tmp, 'missing.json'))).toBeUndefined();
    const r = await deployOrReuse({ url: a.url, record: bad });
    expect(r.reused).toBe(false);
    expect(r.redeployedBecause).toBeUndefined();
  });
});

describe('parseDeployments: development flag', () => {
  const base = { chainId: 31337, deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', blockNumber: 1, contracts: { VerifierRegistry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } };
  it('keeps it, leaves it out when absent, and rejects a non-boolean', () => {
    expect(parseDeployments({ ...base, development: true }).development).toBe(true);
    expect('development' in parseDeployments(base)).toBe(false);
    expect(() => parseDeployments({ ...base, development: 'yes' })).toThrow(/development must be a boolean/);
  });
});

describe('startAnvil on a port held by something else', () => {
  it('reuses a node of the expected chain, and throws a PortInUseError for a node of another chain', async () => {
    const other = await startAnvil({ args: ['--chain-id', '1337'] });
    try {
      const e = await startAnvil({ port: other.port, expectChainId: 31337 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PortInUseError);
      expect((e as PortInUseError).details).toMatchObject({ port: other.port, chainId: 1337, expectedChainId: 31337 });
      expect((e as Error).message).toMatch(new RegExp(`port ${other.port} on 127\\.0\\.0\\.1 is in use by .*anvil.*an Ethereum node of chain 1337, not the expected chain 31337`));
      const same = await startAnvil({ port: other.port, expectChainId: 1337 });
      expect(same).toMatchObject({ reused: true, chainId: 1337, url: other.url });
    } finally {
      await other.stop();
    }
  });

  it('throws a PortInUseError naming the port', async () => {
    const port = await freePort();
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    try {
      const e = await startAnvil({ port }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PortInUseError);
      expect(e).toBeInstanceOf(ChainError);
      expect(e).toBeInstanceOf(ZkmlError);
      expect((e as PortInUseError).details).toMatchObject({ port, host: '127.0.0.1' });
      expect((e as Error).message).toContain(`port ${port} on 127.0.0.1 is in use by`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
