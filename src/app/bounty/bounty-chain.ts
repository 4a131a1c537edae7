/**
 * The bounty page's chain side (a lazy chunk with the page): deployments.json (as the studio's
 * chain service reads it), a public client on the deployment's node, and the sender for the chosen
 * account — anvil's development accounts #0 (provider) and #1 (hunter), signed in the page and only
 * on a development chain, or the injected wallet (window.ethereum) as in the studio. Every bounty
 * action is a src/chain action; this file only picks clients and accounts.
 */
import { createPublicClient, createWalletClient, custom, defineChain, http, toHex, type Account, type Address, type Chain, type PublicClient, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { parseDeployments, type Deployments } from '../../chain/deployments.js';
import { rebuildBounties, type BountyView } from '../../chain/rebuild-bounties.js';
import { getCredit } from '../../chain/get-credit.js';
import { getRevealedTestSet } from '../../chain/get-revealed-test-set.js';
import { watchBounties } from '../../chain/watch-bounties.js';
import { ChainError } from '../../chain/errors.js';
import { fetchDeployments } from '../chain/service.js';
import { connectWallet, walletAccounts } from '../chain/eip1193.js';
import { isEip1193Provider, type Eip1193Provider } from '../chain/types.js';
import { ANVIL_DEV_PRIVATE_KEY, ANVIL_DEV_ADDRESS } from '../chain/dev-account.js';

/** anvil's account #1: its key is printed by every anvil (public, not for value). */
export const ANVIL_DEV_1_PRIVATE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const;
export const ANVIL_DEV_1_ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;

export type AccountChoice = 'dev0' | 'dev1' | 'injected';

export interface AccountOption { id: AccountChoice; label: string; address?: Address; note: string }

export const DEV_NOTE = 'development account, not for value: its key is public';

export class BountyChainUnavailable extends ChainError {
  override name = 'BountyChainUnavailable';
}

export interface BountyChain {
  deployments: Deployments;
  manager: Address;
  registry: Address;
  chain: Chain;
  pub: PublicClient;
  development: boolean;
  /** anvil (chain 31337): the time control is offered */
  anvil: boolean;
  options(): Promise<AccountOption[]>;
  /** A wallet client for the chosen account (asks the injected wallet when chosen). */
  sender(choice: AccountChoice): Promise<{ client: WalletClient; address: Address }>;
  bounties(): Promise<Map<bigint, BountyView>>;
  credit(account: Address): Promise<bigint>;
  revealed(bountyId: bigint): ReturnType<typeof getRevealedTestSet>;
  /** The latest block's timestamp (the contract's clock; anvil's can be moved). */
  now(): Promise<bigint>;
  /** Development only: moves anvil's clock to `to` + 1 s and mines a block. */
  advanceTo(to: bigint): Promise<bigint>;
  watch(onChange: () => void): () => void;
}

let opened: Promise<BountyChain> | undefined;

export function openBountyChain(): Promise<BountyChain> {
  opened ??= open().catch((e: unknown) => { opened = undefined; throw e; });
  return opened;
}

async function open(): Promise<BountyChain> {
  const source = new URL('deployments.json', document.baseURI).href;
  const d = parseDeployments(await fetchDeployments(source));
  const manager = d.contracts.BountyManager;
  if (!manager) throw new BountyChainUnavailable('this deployment has no BountyManager: start the local stack again with npm start (it deploys one)');
  const eth = (globalThis as { ethereum?: unknown }).ethereum;
  const ethereum: Eip1193Provider | undefined = isEip1193Provider(eth) ? eth : undefined;
  const transport = d.rpcUrl ? http(d.rpcUrl, { retryCount: 0, timeout: 20_000 }) : ethereum ? custom(ethereum) : undefined;
  if (!transport) throw new BountyChainUnavailable('deployments.json names no node and there is no browser wallet to read through');
  const chain = defineChain({
    id: d.chainId, name: d.development ? `Local development chain ${d.chainId}` : `Chain ${d.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [d.rpcUrl ?? 'http://127.0.0.1:8545'] } },
  });
  const pub = createPublicClient({ chain, transport, pollingInterval: 500 }) as PublicClient;
  const development = d.development === true;
  const fromBlock = BigInt(d.blockNumber);
  const devAccounts: Record<'dev0' | 'dev1', Account> = { dev0: privateKeyToAccount(ANVIL_DEV_PRIVATE_KEY), dev1: privateKeyToAccount(ANVIL_DEV_1_PRIVATE_KEY) };
  return {
    deployments: d, manager, registry: d.contracts.VerifierRegistry, chain, pub, development, anvil: development && d.chainId === 31337,
    async options() {
      const out: AccountOption[] = [];
      if (development) {
        out.push({ id: 'dev0', label: 'anvil #0 (provider)', address: ANVIL_DEV_ADDRESS, note: DEV_NOTE });
        out.push({ id: 'dev1', label: 'anvil #1 (hunter)', address: ANVIL_DEV_1_ADDRESS, note: DEV_NOTE });
      }
      if (ethereum) {
        const [a] = await walletAccounts(ethereum, { ask: false }).catch(() => [] as Address[]);
        out.push({ id: 'injected', label: 'Browser wallet', ...(a ? { address: a as Address } : {}), note: 'window.ethereum' });
      }
      return out;
    },
    async sender(choice) {
      if (choice === 'injected') {
        if (!ethereum) throw new BountyChainUnavailable('this browser has no wallet (window.ethereum)');
        const { address } = await connectWallet(ethereum, { chainId: chain.id, chainName: chain.name, rpcUrl: d.rpcUrl });
        return { client: createWalletClient({ chain, transport: custom(ethereum), account: address as Address, pollingInterval: 500 }), address: address as Address };
      }
      if (!development) throw new BountyChainUnavailable(`chain ${d.chainId} is not a development chain: the development accounts cannot be used; choose the browser wallet`);
      const account = devAccounts[choice];
      return { client: createWalletClient({ chain, transport, account, pollingInterval: 500 }), address: account.address };
    },
    bounties: () => rebuildBounties(pub, { manager, fromBlock }),
    credit: (account) => getCredit(pub, { manager, account }),
    revealed: (bountyId) => getRevealedTestSet(pub, { manager, bountyId, fromBlock }),
    async now() { return (await pub.getBlock()).timestamp; },
    async advanceTo(to) {
      if (!(development && d.chainId === 31337)) throw new BountyChainUnavailable('only a local anvil chain (31337) lets the page move its clock');
      const now = (await pub.getBlock()).timestamp;
      if (to >= now) await pub.request({ method: 'evm_increaseTime', params: [toHex(to - now + 1n)] } as never);
      await pub.request({ method: 'evm_mine', params: [] } as never);
      return (await pub.getBlock()).timestamp;
    },
    watch(onChange) {
      return watchBounties(pub, { manager, onEvents: () => onChange(), onError: () => {}, pollingInterval: 1000 });
    },
  };
}
