/** The chain the app talks to (chain id, node, registry, account), or in plain words why there is none. */
import { Match, Show, Switch } from 'solid-js';
import type { ChainStatus } from './types.js';

export const shortHex = (s: string | null | undefined, head = 10, tail = 8): string =>
  !s ? '—' : s.length > head + tail + 1 ? `${s.slice(0, head)}…${s.slice(-tail)}` : s;

const TITLES: Record<string, string> = {
  'not-configured': 'No local chain configured',
  unreachable: 'Chain unreachable',
  'wrong-chain': 'Wrong chain',
  'no-registry': 'No registry on this chain',
  error: 'Chain unavailable',
};

export function ChainStatusView(props: { status: ChainStatus | undefined; loading: boolean; onRetry: () => void }) {
  return (
    <div class="chain-status" data-testid="chain-status" aria-live="polite">
      <Switch>
        <Match when={props.loading && !props.status}><span class="muted">Looking for a chain…</span></Match>
        <Match when={props.status?.state === 'ready' && props.status}>
          {(st) => {
            // an accessor, not a snapshot: a later status of the same state (another wallet, chain) must show
            const s = () => st() as Extract<ChainStatus, { state: 'ready' }>;
            return (
              <dl class="chain-facts" data-testid="chain-ready">
                <dt>Chain</dt>
                <dd><span class="dot ok" aria-hidden="true" /> <span data-testid="chain-id">{s().chainId}</span> <span class="muted">· {s().rpcUrl}</span><Show when={s().development}> <span class="pill">development</span></Show>
                  {' '}<button class="link-btn small" onClick={() => props.onRetry()} disabled={props.loading} data-testid="chain-refresh">{props.loading ? 'checking…' : 'check again'}</button></dd>
                <dt>Registry</dt>
                <dd class="mono wrap" data-testid="chain-registry">{s().registry}</dd>
                <dt>Account</dt>
                <dd data-testid="chain-account">
                  <Switch>
                    <Match when={s().wallet.kind === 'development'}>
                      <span class="badge warn" data-testid="chain-dev-account">{s().wallet.label}</span>
                      <div class="mono small wrap">{(s().wallet as { address: string }).address}</div>
                    </Match>
                    <Match when={s().wallet.kind === 'injected'}>
                      {s().wallet.label}
                      <Show when={(s().wallet as { address?: string }).address} fallback={<div class="muted small">its account is asked for when you verify</div>}>
                        {(a) => <div class="mono small wrap" data-testid="chain-wallet-address">{a()}</div>}
                      </Show>
                      <Show when={(s().wallet as { chainId?: number }).chainId !== undefined && (s().wallet as { chainId?: number }).chainId !== s().chainId}>
                        <div class="small warn-text">The wallet is on chain {(s().wallet as { chainId?: number }).chainId}; it will be asked to switch to chain {s().chainId}.</div>
                      </Show>
                    </Match>
                    <Match when={s().wallet.kind === 'none'}><span class="muted">{s().wallet.label}</span></Match>
                  </Switch>
                </dd>
              </dl>
            );
          }}
        </Match>
        <Match when={props.status?.state === 'unavailable' && props.status}>
          {(st) => {
            const s = () => st() as Extract<ChainStatus, { state: 'unavailable' }>;
            return (
              <div class="chain-off" data-testid="chain-unavailable" data-problem={s().problem}>
                <div><span class="dot" aria-hidden="true" /> <strong>{TITLES[s().problem] ?? TITLES.error}</strong></div>
                <p class="muted small">{s().message}</p>
                <button class="btn small" onClick={() => props.onRetry()} disabled={props.loading} data-testid="chain-retry">{props.loading ? 'Checking…' : 'Check again'}</button>
              </div>
            );
          }}
        </Match>
      </Switch>
    </div>
  );
}
