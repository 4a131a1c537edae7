/**
 * The chain check of a share link: is the link's claim (its circuit, from the verification key, and
 * its public signals) recorded in the VerifierRegistry, by whom, in which block and transaction?
 * Quiet when there is no chain; independent of (and never delaying) the offline verification.
 * Mounted in ProofLinkView with the link's fragment and its verdict: the chain is asked, and anything
 * shown, only under a VALID verdict (a record matches the key and public signals, not this proof, so
 * next to INVALID it would read as an endorsement of a tampered link).
 */
import { createResource, Match, Show, Switch } from 'solid-js';
import { useServices } from '../context.js';
import { decodeProofLink } from '../../core/share/proof-link.js';
import type { ClaimLookup } from './types.js';
import { shortHex } from './ChainStatusView.js';

async function check(hash: string, lookup: (r: Parameters<ReturnType<typeof useServices>['chain']['lookupClaim']>[0]) => Promise<ClaimLookup>): Promise<ClaimLookup | undefined> {
  let payload: ReturnType<typeof decodeProofLink>;
  try {
    payload = decodeProofLink(hash);
  } catch {
    return undefined; // a malformed link: the verification above says why
  }
  return lookup({ scheme: payload.scheme, vkey: payload.vkey, publicSignals: payload.publicSignals.map(String) });
}

const QUIET: Record<string, string> = {
  'not-configured': 'No local chain configured: not checked on chain.',
  unreachable: 'The local chain is not reachable: not checked on chain.',
  'wrong-chain': 'The node is on another chain than the deployment: not checked on chain.',
  'no-registry': 'The chain has no registry at the configured address: not checked on chain.',
};

/** `valid`: the offline verdict (undefined while it is being checked); nothing is shown unless it is true. */
export function ChainClaim(props: { hash: string; valid: boolean | undefined }) {
  const { chain } = useServices();
  const [claim] = createResource(() => (props.valid === true ? props.hash : undefined), (h) => check(h, (r) => chain.lookupClaim(r)));
  return (
    <Show when={props.valid === true && (claim.loading || claim())}>
      <section class="card chain-claim" data-testid="chain-claim" aria-live="polite">
        <h2>On chain</h2>
        <Switch>
          <Match when={claim.loading}><p class="muted" data-testid="chain-claim-checking">Checking the chain…</p></Match>
          <Match when={claim()?.status === 'recorded' && (claim() as Extract<ClaimLookup, { status: 'recorded' }>)}>
            {(c) => (
              <p class="verdict ok" data-testid="chain-claim-result" data-status="recorded">
                This claim (circuit, public signals) was recorded on chain {c().chainId}
                <Show when={c().txHash} fallback={<> in block {c().blockNumber}</>}>
                  {' '}in tx <span class="mono" title={c().txHash!} data-testid="chain-claim-tx">{shortHex(c().txHash)}</span> (block {c().blockNumber})
                </Show> by <span class="mono" title={c().prover} data-testid="chain-claim-prover">{shortHex(c().prover)}</span>.
              </p>
            )}
          </Match>
          <Match when={claim()?.status === 'not-recorded' && (claim() as Extract<ClaimLookup, { status: 'not-recorded' }>)}>
            {(c) => (
              <p data-testid="chain-claim-result" data-status="not-recorded">
                Not recorded on this chain (chain {c().chainId}, registry <span class="mono">{shortHex(c().registry)}</span>)
                {c().circuitRegistered ? '; its circuit is registered there.' : '; its circuit is not registered there either.'}
              </p>
            )}
          </Match>
          <Match when={claim()?.status === 'unsupported' && (claim() as Extract<ClaimLookup, { status: 'unsupported' }>)}>
            {(c) => <p class="muted small" data-testid="chain-claim-result" data-status="unsupported">{c().reason}.</p>}
          </Match>
          <Match when={claim()?.status === 'unavailable' && (claim() as Extract<ClaimLookup, { status: 'unavailable' }>)}>
            {(c) => <p class="muted small" data-testid="chain-claim-result" data-status="unavailable" data-problem={c().problem} title={c().message}>{QUIET[c().problem] ?? c().message}</p>}
          </Match>
        </Switch>
        <p class="muted small">The verification above, in this browser, does not depend on the chain.</p>
      </section>
    </Show>
  );
}
