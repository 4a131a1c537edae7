/**
 * The bounty pages' shared state (Solid signals over the lazy chain connection): the chain, the
 * chosen account, the bounties rebuilt from events, the chain's clock, the account's credit, and the
 * log of every transaction sent from this page (its gas and receipt). Refreshed on new events, after
 * every transaction and every few seconds (the clock).
 */
import { createSignal, type Accessor } from 'solid-js';
import type { Address, Hash, WalletClient } from 'viem';
import type { BountyView } from '../../chain/rebuild-bounties.js';
import { openBountyChain, type AccountChoice, type AccountOption, type BountyChain } from './bounty-chain.js';

export interface TxRecord {
  label: string;
  hash: Hash;
  gasUsed: bigint;
  from: Address;
  at: string;
}

export interface SendContext { client: WalletClient; address: Address; chain: BountyChain }

export interface BountySession {
  chain: Accessor<BountyChain | undefined>;
  problem: Accessor<unknown>;
  options: Accessor<AccountOption[]>;
  choice: Accessor<AccountChoice | undefined>;
  address: Accessor<Address | undefined>;
  setChoice(c: AccountChoice): void;
  views: Accessor<Map<bigint, BountyView>>;
  now: Accessor<bigint | undefined>;
  credit: Accessor<bigint>;
  txs: Accessor<TxRecord[]>;
  refresh(): Promise<void>;
  /** Sends with the chosen account; logs the transaction and refreshes. */
  send<T extends { hash: Hash; gasUsed: bigint }>(label: string, f: (s: SendContext) => Promise<T>): Promise<T>;
  dispose(): void;
}

const CHOICE_KEY = 'zkml-bounty-account';

export function createBountySession(): BountySession {
  const [chain, setChain] = createSignal<BountyChain>();
  const [problem, setProblem] = createSignal<unknown>();
  const [options, setOptions] = createSignal<AccountOption[]>([]);
  const [choice, setChoiceSig] = createSignal<AccountChoice | undefined>((localStorage.getItem(CHOICE_KEY) as AccountChoice | null) ?? undefined);
  const [address, setAddress] = createSignal<Address>();
  const [views, setViews] = createSignal<Map<bigint, BountyView>>(new Map());
  const [now, setNow] = createSignal<bigint>();
  const [credit, setCredit] = createSignal(0n);
  const [txs, setTxs] = createSignal<TxRecord[]>([]);
  let stopWatch: (() => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let refreshing: Promise<void> | undefined;

  const addressOf = (c: AccountChoice | undefined) => options().find((o) => o.id === c)?.address;

  const refresh = (): Promise<void> => {
    refreshing ??= (async () => {
      const c = chain();
      if (!c) return;
      try {
        const [v, t] = await Promise.all([c.bounties(), c.now()]);
        setViews(v); setNow(t);
        const a = address();
        setCredit(a ? await c.credit(a) : 0n);
        setProblem(undefined);
      } catch (e) {
        setProblem(e);
      }
    })().finally(() => { refreshing = undefined; });
    return refreshing;
  };

  void (async () => {
    try {
      const c = await openBountyChain();
      setChain(c);
      const opts = await c.options();
      setOptions(opts);
      if (!opts.some((o) => o.id === choice())) setChoiceSig(opts[0]?.id);
      setAddress(addressOf(choice()));
      await refresh();
      stopWatch = c.watch(() => void refresh());
      timer = setInterval(() => void refresh(), 4000);
    } catch (e) {
      setProblem(e);
    }
  })();

  return {
    chain, problem, options, choice, address, views, now, credit, txs, refresh,
    setChoice(c) {
      setChoiceSig(c);
      localStorage.setItem(CHOICE_KEY, c);
      setAddress(addressOf(c));
      void refresh();
    },
    async send(label, f) {
      const c = chain();
      const ch = choice();
      if (!c || !ch) throw new Error('the chain is not connected or no account is chosen');
      const s = await c.sender(ch);
      if (ch === 'injected') setAddress(s.address);
      const r = await f({ ...s, chain: c });
      setTxs([{ label, hash: r.hash, gasUsed: r.gasUsed, from: s.address, at: new Date().toISOString() }, ...txs()]);
      await refresh();
      return r;
    },
    dispose() { stopWatch?.(); if (timer) clearInterval(timer); },
  };
}
