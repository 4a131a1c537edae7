/** checkChain against a real anvil: the chain id, the registry's code, and a node that is gone. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPublicClient, http, type PublicClient } from 'viem';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { checkChain } from './check-chain.js';
import type { Deployments } from './deployments.js';

describe('checkChain', () => {
  let anvil: AnvilInstance;
  let pub: PublicClient;
  let d: Deployments;
  beforeAll(async () => {
    anvil = await startAnvil();
    pub = createPublicClient({ transport: http(anvil.url, { retryCount: 0 }) });
    d = await deploy({ url: anvil.url, out: null });
  });
  afterAll(async () => { await anvil?.stop(); });

  it('passes with the right chain id and a registry that has code', async () => {
    expect(await checkChain(pub, { chainId: anvil.chainId, registry: d.contracts.VerifierRegistry })).toEqual({ chainId: anvil.chainId });
  });

  it('WrongChainError for another chain id, NoRegistryError for an address without code', async () => {
    await expect(checkChain(pub, { chainId: 1 })).rejects.toMatchObject({ name: 'WrongChainError', expected: 1, actual: anvil.chainId });
    const empty = '0x000000000000000000000000000000000000dEaD';
    await expect(checkChain(pub, { chainId: anvil.chainId, registry: empty })).rejects.toMatchObject({
      name: 'NoRegistryError', details: { registry: empty, chainId: anvil.chainId, url: anvil.url },
    });
  });

  it('NoChainError once the node is gone', async () => {
    await anvil.stop();
    await expect(checkChain(pub, { registry: d.contracts.VerifierRegistry })).rejects.toMatchObject({ name: 'NoChainError', details: { url: anvil.url } });
  });
});
