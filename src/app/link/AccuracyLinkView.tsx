/**
 * What an accuracy link ("my accuracy on bounty X", src/core/share/accuracy-link.ts) opens: the proof checked
 * in this browser against the key the link carries, every shown number bound to its public signal, and — when
 * the chain is reachable — whether that key is one of the bounty's registered accuracy circuits and the proved
 * testRoot the bounty's (./accuracy-chain.ts). Until the chain confirms it, the count is a claim about the
 * link's own circuit. Malformed or tampered links show "invalid" with the reason; nothing throws.
 */
import { createResource, For, Show } from 'solid-js';
import { decodeAccuracyLink, verifyAccuracyLink, type AccuracyLinkPayload, type AccuracyLinkVerification } from '../../core/share/accuracy-link.js';
import { errorMessage } from '../lib/files.js';
import { checkAccuracyOnChain } from './accuracy-chain.js';

interface Outcome { payload?: AccuracyLinkPayload; verification: AccuracyLinkVerification }

async function check(hash: string): Promise<Outcome> {
  let payload: AccuracyLinkPayload;
  try {
    payload = decodeAccuracyLink(hash);
  } catch (e) {
    return { verification: { valid: false, reason: `the link is malformed: ${errorMessage(e)}`, unbound: [] } };
  }
  return { payload, verification: await verifyAccuracyLink(payload) };
}

const short = (s: string | undefined) => (s && s.length > 24 ? `${s.slice(0, 10)}…${s.slice(-10)}` : s ?? '—');

export function AccuracyLinkView(props: { hash: string; onClose: () => void }) {
  const [outcome] = createResource(() => props.hash, check);
  const [chain] = createResource(() => { const o = outcome(); return o?.payload && o.verification.valid ? o.payload : undefined; }, (p) => checkAccuracyOnChain(p));
  const bound = () => chain()?.status === 'bound';
  return (
    <main class="page verify-page" data-testid="proof-view">
      <header class="hero small">
        <img src="/icon.svg" alt="" width="40" height="40" />
        <div><h1>ZKML</h1><p class="tagline">Accuracy proof verification, in your browser</p></div>
      </header>
      <Show when={!outcome.loading} fallback={<p class="busy-label" data-testid="proof-checking">Checking the proof…</p>}>
        <Show when={outcome()}>
          {(o) => (
            <>
              <div class="big-verdict" classList={{ ok: o().verification.valid && chain()?.status !== 'mismatch' }} data-testid="proof-verdict" role="status">
                {o().verification.valid && chain()?.status !== 'mismatch' ? 'valid' : 'invalid'}
              </div>
              <Show when={!o().verification.valid}><p class="reason" data-testid="proof-reason">{o().verification.reason}</p></Show>
              <Show when={o().payload}>
                {(p) => (
                  <section class="card claims" data-testid="accuracy-claims">
                    <h2>{bound() ? `Proven on bounty ${p().meta.bountyId}` : o().verification.valid ? 'What the link claims (valid for its own circuit)' : 'What the link claims (not proven)'}</h2>
                    <dl>
                      <Show when={p().meta.title}><dt>Title <span class="unverified">unverified</span></dt><dd class="text">{p().meta.title}</dd></Show>
                      <dt>Correct in this batch</dt>
                      <dd class="big" data-testid="accuracy-correct">{p().meta.correct} of {p().meta.batchSize}</dd>
                      <dt>Batch</dt><dd data-testid="accuracy-batch">{p().meta.batchIndex + 1}{p().meta.batches ? ` of ${p().meta.batches}` : ''}</dd>
                      <dt>Bounty</dt><dd data-testid="accuracy-bounty">#{p().meta.bountyId}{p().meta.chainId !== undefined ? ` on chain ${p().meta.chainId}` : ''}</dd>
                      <dt>Hunter (beneficiary)</dt><dd class="mono wrap">{p().meta.beneficiary}</dd>
                      <dt>Model commitment</dt><dd class="mono wrap">{p().meta.modelCommitment}</dd>
                      <dt>Test set root</dt><dd class="mono wrap">{short(p().meta.testRoot)}</dd>
                      <Show when={o().verification.vkeyFingerprint}><dt>Verification key</dt><dd class="mono">sha256 {short(o().verification.vkeyFingerprint)}</dd></Show>
                      <dt>Made <span class="unverified">unverified</span></dt><dd>{new Date(p().meta.createdAt).toLocaleString()}</dd>
                    </dl>
                    <For each={o().verification.unbound.filter((u) => !['meta.title', 'meta.createdAt'].includes(u))}>{(u) => <p class="muted small">{u}: not covered by the proof</p>}</For>
                  </section>
                )}
              </Show>
              <Show when={o().verification.valid}>
                <section class="card" data-testid="accuracy-chain">
                  <h2>Which circuit?</h2>
                  <Show when={!chain.loading} fallback={<p class="busy-label">Asking the chain for bounty {o().payload!.meta.bountyId}…</p>}>
                    <p data-testid="accuracy-chain-status" data-status={chain()?.status}>
                      {chain()?.status === 'bound'
                        ? `The link's key is one of bounty ${o().payload!.meta.bountyId}'s registered accuracy circuits, and the proof is about the bounty's test set: the count is proven for the committed model.`
                        : chain()?.status === 'unavailable'
                          ? `Not checked on chain (${(chain() as { reason: string }).reason}): the proof is valid for the circuit the link brings, so the count is a claim until that key is shown to be the bounty's.`
                          : (chain() as { reason?: string } | undefined)?.reason}
                    </p>
                  </Show>
                </section>
              </Show>
            </>
          )}
        </Show>
      </Show>
      <p><button class="btn" onClick={() => props.onClose()} data-testid="open-studio">Open the proving studio</button></p>
    </main>
  );
}
