/**
 * The injected-wallet helpers against a scripted EIP-1193 wallet (a test double of the browser
 * extension: its chain, the chains it knows, and what its user answers).
 */
import { describe, it, expect } from 'vitest';
import { connectWallet, ensureWalletChain, toWalletError, walletAccounts, walletChainId, walletErrorCode, type Eip1193Provider } from './eip1193.js';

interface Script { chainId: number; known?: number[]; accounts?: string[]; refuse?: Record<string, number>; ignoreSwitch?: boolean }

function wallet(s: Script): Eip1193Provider & { calls: { method: string; params?: unknown }[]; chain(): number } {
  let chain = s.chainId;
  const known = new Set([chain, ...(s.known ?? [])]);
  const calls: { method: string; params?: unknown }[] = [];
  return {
    calls,
    chain: () => chain,
    async request({ method, params }) {
      calls.push({ method, params });
      const code = s.refuse?.[method];
      if (code !== undefined) throw Object.assign(new Error(`refused ${method}`), { code });
      const p = params as { chainId: string }[];
      switch (method) {
        case 'eth_chainId': return `0x${chain.toString(16)}`;
        case 'eth_accounts': return [];
        case 'eth_requestAccounts': return s.accounts ?? [];
        case 'wallet_switchEthereumChain': {
          const id = Number.parseInt(p[0]!.chainId, 16);
          if (!known.has(id)) throw Object.assign(new Error('Unrecognized chain'), { code: 4902 });
          if (!s.ignoreSwitch) chain = id;
          return null;
        }
        case 'wallet_addEthereumChain': known.add(Number.parseInt(p[0]!.chainId, 16)); return null;
        default: throw new Error(`unexpected ${method}`);
      }
    },
  };
}

const ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const target = { chainId: 31337, chainName: 'Local development chain 31337', rpcUrl: 'http://127.0.0.1:8545' };

describe('EIP-1193 wallet helpers', () => {
  it('on the right chain: nothing is switched', async () => {
    const w = wallet({ chainId: 31337, accounts: [ACCOUNT] });
    expect(await connectWallet(w, target)).toEqual({ address: ACCOUNT, chainId: 31337 });
    expect(w.calls.map((c) => c.method)).toEqual(['eth_requestAccounts', 'eth_chainId']);
  });

  it('on another chain it knows: switches (EIP-3326, hex chain id)', async () => {
    const w = wallet({ chainId: 1, known: [31337], accounts: [ACCOUNT] });
    await connectWallet(w, target);
    expect(w.chain()).toBe(31337);
    expect(w.calls.find((c) => c.method === 'wallet_switchEthereumChain')?.params).toEqual([{ chainId: '0x7a69' }]);
  });

  it('a chain it does not know (4902): added with the RPC URL (EIP-3085), then switched', async () => {
    const w = wallet({ chainId: 1, accounts: [ACCOUNT] });
    await ensureWalletChain(w, target);
    expect(w.chain()).toBe(31337);
    expect(w.calls.find((c) => c.method === 'wallet_addEthereumChain')?.params).toEqual([{ chainId: '0x7a69', chainName: target.chainName, rpcUrls: [target.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }]);
    await expect(ensureWalletChain(wallet({ chainId: 1 }), { ...target, rpcUrl: undefined })).rejects.toMatchObject({ name: 'WalletError', kind: 'switch-failed', message: expect.stringMatching(/does not know chain 31337/) });
  });

  it('refusals: 4001 is "rejected", -32002 is "pending", a wallet that stays put is a WrongChainError', async () => {
    await expect(connectWallet(wallet({ chainId: 31337, refuse: { eth_requestAccounts: 4001 } }), target)).rejects.toMatchObject({ name: 'WalletError', kind: 'rejected', message: 'the account request was rejected in the wallet' });
    await expect(connectWallet(wallet({ chainId: 31337, refuse: { eth_requestAccounts: -32002 } }), target)).rejects.toMatchObject({ kind: 'pending' });
    await expect(connectWallet(wallet({ chainId: 31337, accounts: [] }), target)).rejects.toMatchObject({ kind: 'no-account' });
    await expect(ensureWalletChain(wallet({ chainId: 1, known: [31337], refuse: { wallet_switchEthereumChain: 4001 } }), target)).rejects.toMatchObject({ kind: 'rejected', message: 'switching the wallet from chain 1 to chain 31337 was rejected in the wallet' });
    await expect(ensureWalletChain(wallet({ chainId: 1, refuse: { wallet_addEthereumChain: 4001 } }), target)).rejects.toMatchObject({ kind: 'rejected' });
    await expect(ensureWalletChain(wallet({ chainId: 1, known: [31337], ignoreSwitch: true }), target)).rejects.toMatchObject({ name: 'WrongChainError', expected: 31337, actual: 1 });
  });

  it('error codes nested the way some wallets send them; accounts filtered to addresses; bad chain ids refused', async () => {
    expect(walletErrorCode({ code: -32603, data: { originalError: { code: 4902 } } })).toBe(4902);
    expect(walletErrorCode({ code: -32603 })).toBe(-32603);
    expect(walletErrorCode(Object.assign(new Error('x'), { cause: { code: 4001 } }))).toBe(4001);
    expect(toWalletError({ code: 4001 }, 'x')).toMatchObject({ name: 'WalletError', kind: 'rejected' });
    const w: Eip1193Provider = { request: async ({ method }) => (method === 'eth_accounts' ? ['nope', ACCOUNT] : 'garbage') };
    expect(await walletAccounts(w, { ask: false })).toEqual([ACCOUNT]);
    await expect(walletChainId(w)).rejects.toMatchObject({ name: 'WalletError', message: expect.stringMatching(/invalid chain id "garbage"/) });
  });
});
