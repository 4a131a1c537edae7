/** Types shared by the chain actions. */
import type { Account, Address, Chain, Client, Transport } from 'viem';
import { ChainError } from './errors.js';

/** Any viem client (public or wallet); writes need an account, on the client or passed in. */
export type ChainClient = Client<Transport, Chain | undefined, Account | undefined>;

/** An account object (local signer) or the address of a JSON-RPC account (wallet, anvil). */
export type AccountLike = Account | Address;

/** The account to send from: the one passed, else the client's. */
export function resolveAccount(client: ChainClient, account?: AccountLike): AccountLike {
  const a = account ?? client.account;
  if (!a) throw new ChainError('no account to send from: pass `account` or use a wallet client with one');
  return a;
}

/** The node URL of an HTTP client, for error messages. */
export function clientUrl(client: ChainClient): string | undefined {
  const v = (client.transport as { url?: unknown }).url;
  return typeof v === 'string' ? v : undefined;
}
