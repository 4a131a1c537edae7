/**
 * BountyManager's deployment next to the registry (scripts/chain.ts, src/chain/deploy-contracts.ts,
 * deployments.json `contracts.BountyManager`) on a real anvil: deployed on the registry, reused only when
 * the recorded BountyManager is this build's on that registry, and watched through its events.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPublicClient, createWalletClient, getAddress, http, type Address, type PublicClient } from 'viem';
import { startAnvil, deployOrReuse, writeDeployments, type AnvilInstance } from '../../scripts/chain.js';
import { bountyManagerAbi } from './abi/bounty-manager.js';
import { parseDeployments } from './deployments.js';
import { withdraw } from './withdraw.js';
import { ContractRevertedError } from './errors.js';

describe('BountyManager deployment', () => {
  let anvil: AnvilInstance;
  let pub: PublicClient;
  let tmp: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    pub = createPublicClient({ transport: http(anvil.url, { retryCount: 0 }) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-bounty-deploy-'));
  });
  afterAll(async () => {
    await anvil?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is deployed on the registry, recorded in deployments.json, reused only when it is this build on that registry', async () => {
    const record = path.join(tmp, 'deployments.json');
    const first = await deployOrReuse({ url: anvil.url, record });
    const d = first.deployments;
    expect(d.contracts.BountyManager).toBeDefined();
    expect(await pub.readContract({ address: d.contracts.BountyManager!, abi: bountyManagerAbi, functionName: 'registry' })).toBe(d.contracts.VerifierRegistry);
    writeDeployments(d, [record]);
    expect(parseDeployments(JSON.parse(fs.readFileSync(record, 'utf8')))).toEqual(d);
    expect((await deployOrReuse({ url: anvil.url, record })).reused).toBe(true);

    // a record from before BountyManager existed
    const { BountyManager: _, ...old } = d.contracts;
    writeDeployments({ ...d, contracts: old }, [record]);
    const r = await deployOrReuse({ url: anvil.url, record });
    expect(r).toMatchObject({ reused: false, redeployedBecause: 'it has no BountyManager' });
    expect(r.deployments.contracts.BountyManager).toBeDefined();

    // other code at the recorded BountyManager
    writeDeployments(d, [record]);
    await pub.request({ method: 'anvil_setCode', params: [d.contracts.BountyManager!, '0x6000600055'] } as never);
    const c = await deployOrReuse({ url: anvil.url, record });
    expect(c.reused).toBe(false);
    expect(c.redeployedBecause).toMatch(/is not this build's BountyManager/);

    expect(() => parseDeployments({ ...d, contracts: { ...d.contracts, BountyManager: 'nope' } })).toThrow(/BountyManager must be an address/);
  });

  it('withdraw with nothing credited is a typed error (NothingToWithdraw)', async () => {
    const d = (await deployOrReuse({ url: anvil.url })).deployments;
    const accounts = ((await pub.request({ method: 'eth_accounts' } as never)) as Address[]).map((a) => getAddress(a));
    const wallet = createWalletClient({ transport: http(anvil.url, { retryCount: 0 }), account: accounts[1] });
    const e = await withdraw(wallet, { manager: d.contracts.BountyManager! }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ContractRevertedError);
    expect((e as ContractRevertedError).errorName).toBe('NothingToWithdraw');
  });
});
