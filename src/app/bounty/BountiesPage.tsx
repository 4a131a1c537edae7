/**
 * #bounties — the open bounties, rebuilt from BountyManager's events (reward, deadlines, data,
 * accepted architecture, state); #bounties/new — create one (provider); #bounty=<id> — one bounty's
 * page, also its share link. The account picker offers anvil's development accounts #0 (provider)
 * and #1 (hunter), labelled not for value, and the injected wallet. Its own lazy chunk (viem, the
 * bounty flows); see docs/ARCHITECTURE.md "The bounty app".
 */
import { createMemo, For, lazy, onCleanup, Show } from 'solid-js';
import { formatEther } from 'viem';
import { createBountySession, type BountySession } from './session.js';
import { parseBountyInfo, describeArchitecture } from './info.js';
import { countdown } from './lifecycle.js';
import { explainBountyError } from './explain.js';
import { BountyPage } from './BountyPage.js';
import type { AccountChoice } from './bounty-chain.js';
import './bounty.css';

const CreateBounty = lazy(() => import('./CreateBounty.js'));

export function Problem(props: { error: unknown; testid?: string }) {
  const x = () => explainBountyError(props.error);
  return (
    <Show when={props.error !== undefined}>
      <div class="error" role="alert" data-testid={props.testid ?? 'bounty-error'}>
        <strong data-testid="error-title">{x().title}</strong>
        <p class="bounty-error-text" data-testid="error-text">{x().message}</p>
        <details><summary>Technical details</summary><pre class="error-message">{x().technical}</pre></details>
      </div>
    </Show>
  );
}

export function AccountPicker(props: { session: BountySession }) {
  const s = props.session;
  const current = () => s.options().find((o) => o.id === s.choice());
  return (
    <div class="bounty-account" data-testid="bounty-account">
      <label>Account{' '}
        <select data-testid="bounty-account-select" value={s.choice() ?? ''} onChange={(e) => s.setChoice(e.currentTarget.value as AccountChoice)}>
          <For each={s.options()}>{(o) => <option value={o.id} selected={o.id === s.choice()}>{o.label}</option>}</For>
        </select>
      </label>
      <Show when={current()}>{(o) => (
        <span class="bounty-account-note">
          <code data-testid="bounty-address">{o().address ?? '(asked when sending)'}</code>
          <span class="bounty-dev-badge" classList={{ warn: o().id !== 'injected' }} data-testid="bounty-account-note">{o().note}</span>
          <span class="muted" data-testid="bounty-credit">credit on the contract: {formatEther(s.credit())} ETH</span>
        </span>
      )}</Show>
    </div>
  );
}

function BountyList(props: { session: BountySession }) {
  const s = props.session;
  const list = createMemo(() => [...s.views().values()].sort((a, b) => Number(b.bountyId - a.bountyId)));
  return (
    <section class="step" aria-label="Bounties" data-testid="bounty-list">
      <div class="bounty-row-head">
        <h2>Bounties on this chain</h2>
        <a class="btn primary" href="#bounties/new" data-testid="bounty-new">Create a bounty</a>
      </div>
      <Show when={list().length} fallback={<p class="muted" data-testid="bounty-none">No bounty yet. A provider creates one with its test set and the architecture it accepts.</p>}>
        <ul class="bounty-cards">
          <For each={list()}>
            {(b) => {
              const info = () => parseBountyInfo(b.datasetCid);
              const next = () => (s.now() !== undefined ? b.terms.commitDeadline - s.now()! : 0n);
              return (
                <li class="bounty-card" data-testid="bounty-card" data-bounty={String(b.bountyId)} data-state={b.state}>
                  <a href={`#bounty=${b.bountyId}`} class="bounty-card-title">Bounty #{String(b.bountyId)}</a>
                  <span class="bounty-state" data-state={b.state}>{b.state}</span>
                  <dl class="bounty-facts">
                    <dt>Reward</dt><dd>{formatEther(b.terms.reward)} ETH</dd>
                    <dt>Threshold</dt><dd>{b.terms.threshold} / {b.terms.n} test samples</dd>
                    <dt>Commits close</dt><dd>{b.state === 'Open' ? countdown(next()) : 'closed'}</dd>
                    <dt>Hunters</dt><dd>{b.hunters.length}</dd>
                    <dt>Training data</dt><dd><Show when={info().dataset} fallback={<span class="muted">none named</span>}><a href={`#dataset=${info().dataset}`}><code>{info().dataset}</code></a></Show></dd>
                    <dt>Architecture</dt><dd><Show when={info().architectures[0]} fallback={<span class="muted">not published</span>}>{(a) => <code>{describeArchitecture(a())}</code>}</Show></dd>
                  </dl>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}

export default function BountiesPage(props: { hash: string; onClose: () => void }) {
  const session = createBountySession();
  onCleanup(() => session.dispose());
  const id = () => { const m = /^#bounty=(\d+)/.exec(props.hash); return m ? BigInt(m[1]!) : undefined; };
  const creating = () => /^#bounties\/new/.test(props.hash);
  return (
    <main class="page bounties" data-testid="bounties">
      <header class="bounty-head">
        <h1>Bounties</h1>
        <nav class="bounty-nav">
          <a class="btn small ghost" href="#bounties" data-testid="nav-bounty-list">All bounties</a>
          <a class="btn small ghost" href="#keys">Keys</a>
          <a class="btn small ghost" href="#datasets">Datasets</a>
          <button class="btn small ghost" onClick={() => props.onClose()}>← Studio</button>
        </nav>
      </header>
      <AccountPicker session={session} />
      <Show when={session.problem() !== undefined && !session.chain()}>
        <Problem error={session.problem()} testid="bounty-chain-problem" />
      </Show>
      <Show when={session.chain()}>
        <Show when={id() !== undefined} fallback={<Show when={creating()} fallback={<BountyList session={session} />}><CreateBounty session={session} /></Show>}>
          <BountyPage session={session} id={id()!} />
        </Show>
        <Show when={session.txs().length}>
          <section class="step" aria-label="Transactions" data-testid="bounty-txs">
            <h2>Transactions from this page</h2>
            <ul class="bounty-txs">
              <For each={session.txs()}>{(t) => (
                <li data-testid="tx" data-label={t.label}><strong>{t.label}</strong> <span class="muted">gas</span> <span data-testid="tx-gas">{t.gasUsed.toLocaleString('en')}</span> <span class="muted">tx</span> <code>{t.hash}</code> <span class="muted">from {t.from.slice(0, 8)}… · {t.at.slice(11, 19)} UTC</span></li>
              )}</For>
            </ul>
          </section>
        </Show>
      </Show>
    </main>
  );
}
