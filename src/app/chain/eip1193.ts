/**
 * The injected browser wallet (EIP-1193, `window.ethereum`): accounts, and the chain it is on, checked
 * and switched (EIP-3326 wallet_switchEthereumChain, EIP-3085 wallet_addEthereumChain when the wallet
 * does not know the chain). Wallet refusals become WalletError with a kind; a wallet that stays on
 * another chain is a WrongChainError.
 */
import { ZkmlError } from '../../core/errors.js';
import { WrongChainError } from '../../chain/errors.js';
import { WalletError } from './errors.js';
import type { Eip1193Provider, Hex0x } from './types.js';

export { isEip1193Provider, type Eip1193Provider } from './types.js';

/** EIP-1193 / JSON-RPC error code of a wallet error (also when nested in `data.originalError`, as some wallets do). */
export function walletErrorCode(e: unknown): number | undefined {
  const o = e as { code?: unknown; data?: { originalError?: { code?: unknown } }; cause?: unknown } | undefined;
  if (typeof o?.code === 'number' && o.code !== -32603) return o.code;
  const nested = o?.data?.originalError?.code;
  if (typeof nested === 'number') return nested;
  if (o?.cause && o.cause !== e) return walletErrorCode(o.cause);
  return typeof o?.code === 'number' ? o.code : undefined;
}

/** A wallet's error for `what` (e.g. "the account request") as a typed error. */
export function toWalletError(e: unknown, what: string): ZkmlError {
  if (e instanceof ZkmlError) return e;
  const code = walletErrorCode(e);
  if (code === 4001) return new WalletError('rejected', `${what} was rejected in the wallet`, { cause: e, details: { code } });
  if (code === -32002) return new WalletError('pending', `${what} is already waiting in the wallet: open the wallet to answer it`, { cause: e, details: { code } });
  const m = e instanceof Error ? e.message : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : String(e);
  return new WalletError('switch-failed', `${what} failed in the wallet: ${m}`, { cause: e, details: { code } });
}

const hexChainId = (id: number): Hex0x => `0x${id.toString(16)}`;

/** The chain the wallet is on now. */
export async function walletChainId(p: Eip1193Provider): Promise<number> {
  let r: unknown;
  try { r = await p.request({ method: 'eth_chainId' }); } catch (e) { throw toWalletError(e, 'reading the wallet\'s chain'); }
  const n = typeof r === 'string' ? Number.parseInt(r, 16) : typeof r === 'number' ? r : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new WalletError('switch-failed', `the wallet reported an invalid chain id ${JSON.stringify(r)}`);
  return n;
}

const isAddress = (a: unknown): a is Hex0x => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a);

/** The accounts the wallet shares: without asking (`eth_accounts`), or asking the user (`eth_requestAccounts`). */
export async function walletAccounts(p: Eip1193Provider, opts: { ask: boolean }): Promise<Hex0x[]> {
  let r: unknown;
  try { r = await p.request({ method: opts.ask ? 'eth_requestAccounts' : 'eth_accounts' }); } catch (e) { throw toWalletError(e, 'the account request'); }
  return Array.isArray(r) ? r.filter(isAddress) : [];
}

export interface WalletChainTarget {
  chainId: number;
  /** for wallet_addEthereumChain when the wallet does not know the chain */
  rpcUrl?: string;
  chainName: string;
}

/**
 * Puts the wallet on `target.chainId`: nothing when it is there, else asks it to switch; when the
 * wallet does not know the chain (error 4902) adds it and switches again. Throws WalletError (rejected, pending,
 * switch-failed) or WrongChainError when the wallet still reports another chain.
 */
export async function ensureWalletChain(p: Eip1193Provider, target: WalletChainTarget): Promise<void> {
  const current = await walletChainId(p);
  if (current === target.chainId) return;
  const what = `switching the wallet from chain ${current} to chain ${target.chainId}`;
  try {
    await p.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: hexChainId(target.chainId) }] });
  } catch (e) {
    if (walletErrorCode(e) !== 4902) throw toWalletError(e, what);
    if (!target.rpcUrl) throw new WalletError('switch-failed', `the wallet does not know chain ${target.chainId} and no RPC URL is configured to add it`, { cause: e });
    try {
      await p.request({
        method: 'wallet_addEthereumChain',
        params: [{ chainId: hexChainId(target.chainId), chainName: target.chainName, rpcUrls: [target.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }],
      });
    } catch (e2) {
      throw toWalletError(e2, `adding chain ${target.chainId} (${target.rpcUrl}) to the wallet`);
    }
    // EIP-3085 lets a wallet add a chain without switching to it (some switch, some only ask): switch now.
    if ((await walletChainId(p)) !== target.chainId) {
      try {
        await p.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: hexChainId(target.chainId) }] });
      } catch (e3) {
        throw toWalletError(e3, what);
      }
    }
  }
  const now = await walletChainId(p);
  if (now !== target.chainId) throw new WrongChainError(target.chainId, now);
}

/** Asks for an account and puts the wallet on the target chain. */
export async function connectWallet(p: Eip1193Provider, target: WalletChainTarget): Promise<{ address: Hex0x; chainId: number }> {
  const [address] = await walletAccounts(p, { ask: true });
  if (!address) throw new WalletError('no-account', 'the wallet shared no account: unlock it and allow this site');
  await ensureWalletChain(p, target);
  return { address, chainId: target.chainId };
}
