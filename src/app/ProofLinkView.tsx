/**
 * What a proof link opens: the proof checked in this browser, "valid" or "invalid" in plain words,
 * and what was proven. Anything malformed or tampered shows "invalid" with the reason; nothing throws.
 * The link is decoded here (cheap, bounded) and verified in the snark worker (curve points, pairings,
 * Poseidon for the input picture), so the page stays responsive whatever the link holds.
 */
import { createResource, For, Show } from 'solid-js';
import { decodeProofLink, type ProofLinkPayload, type ProofLinkVerification } from '../core/share/proof-link.js';
import { useClients } from './context.js';
import type { SnarkClient } from './clients/index.js';
import { GrayCanvas } from './ui/GrayCanvas.js';
import { errorMessage } from './lib/files.js';
import { ChainClaim } from './chain/ChainClaim.js';

interface Outcome { payload?: ProofLinkPayload; verification: ProofLinkVerification }

async function check(hash: string, snark: SnarkClient): Promise<Outcome> {
  let payload: ProofLinkPayload;
  try {
    payload = decodeProofLink(hash);
  } catch (e) {
    return { verification: { valid: false, reason: `the link is malformed: ${errorMessage(e)}`, unbound: [] } };
  }
  try {
    const { ms: _ms, ...verification } = await snark.verifyLink(payload);
    return { payload, verification };
  } catch (e) {
    // only a dead or cancelled worker gets here (bad content is `valid: false`)
    return { payload, verification: { valid: false, reason: `the proof could not be checked: ${errorMessage(e)}`, unbound: [] } };
  }
}

/** How the input picture relates to the proof, for its label: verified, or an unverified picture and why. */
interface InputLabel { text: string; bound: boolean; why?: string }
function inputLabel(v: ProofLinkVerification, publicInput: boolean): InputLabel {
  if (v.valid && v.input?.status === 'committed') return { text: 'verified', bound: true, why: 'it matches the proved input commitment' };
  if (v.valid && v.input?.status === 'public') return { text: 'verified', bound: true, why: 'it equals the proved public input' };
  const why = !v.valid ? 'the proof is not valid' : v.input?.reason ?? (publicInput ? 'not compared with the public input' : 'not covered by the proof');
  return { text: 'unverified picture', bound: false, why };
}

const short = (s: string | undefined) => (s && s.length > 24 ? `${s.slice(0, 10)}…${s.slice(-10)}` : s ?? '—');

export function ProofLinkView(props: { hash: string; onClose: () => void }) {
  const clients = useClients();
  const [outcome] = createResource(() => props.hash, (h) => check(h, clients.snark));
  const image = () => {
    const input = outcome()?.payload?.meta.input;
    if (!input) return undefined;
    const [h, w, c = 1] = input.shape;
    if (!h || !w || c !== 1 || input.shape.length > 3 || input.data.length !== h * w) return undefined;
    const scale = input.scale ?? 1;
    const vals = input.data.map((v) => v * scale);
    const hi = Math.max(1e-9, ...vals);
    return { width: w, height: h, pixels: vals.map((v) => Math.round((Math.max(0, v) / hi) * 255)) };
  };
  const label = (p: ProofLinkPayload): InputLabel => {
    const v = outcome()?.verification;
    return v ? inputLabel(v, p.meta.publicSignalNames.some((n) => n.startsWith('in['))) : { text: 'unverified picture', bound: false };
  };
  return (
    <main class="page verify-page" data-testid="proof-view">
      <header class="hero small">
        <img src="/icon.svg" alt="" width="40" height="40" />
        <div><h1>ZKML</h1><p class="tagline">Proof verification, in your browser</p></div>
      </header>
      <Show when={!outcome.loading} fallback={<p class="busy-label" data-testid="proof-checking">Checking the proof…</p>}>
        <Show when={outcome()}>
          {(o) => (
            <>
              <div class="big-verdict" classList={{ ok: o().verification.valid }} data-testid="proof-verdict" role="status">
                {o().verification.valid ? 'valid' : 'invalid'}
              </div>
              <Show when={!o().verification.valid}><p class="reason" data-testid="proof-reason">{o().verification.reason}</p></Show>
              <Show when={o().payload}>
                {(p) => (
                  <section class="card claims">
                    <h2>{o().verification.valid ? 'What was proven' : 'What the link claims (not proven)'}</h2>
                    <dl>
                      <Show when={p().meta.title}><dt>Title <span class="unverified">unverified</span></dt><dd>{p().meta.title}</dd></Show>
                      <Show when={p().meta.outputClass !== undefined}><dt>Output class</dt><dd class="big" data-testid="proof-class">{p().meta.outputClass}</dd></Show>
                      <dt>Model commitment</dt><dd class="mono wrap" data-testid="proof-model">{p().meta.modelCommitment}</dd>
                      <Show when={p().meta.inputCommitment}><dt>Input commitment</dt><dd class="mono wrap" data-testid="proof-input-commitment">{p().meta.inputCommitment}</dd></Show>
                      <Show when={p().meta.input}>
                        <dt>Input{' '}
                          <span classList={{ unverified: !label(p()).bound, verified: label(p()).bound }} data-testid="proof-input-status">{label(p()).text}</span>
                          <Show when={label(p()).why}><span class="muted small" data-testid="proof-input-why"> ({label(p()).why})</span></Show>
                        </dt>
                        <dd>
                          <Show when={image()} fallback={<span class="mono">[{p().meta.input!.shape.join('×')}] {p().meta.input!.data.slice(0, 12).join(', ')}{p().meta.input!.data.length > 12 ? ', …' : ''}</span>}>
                            <GrayCanvas {...image()!} class="preview big" testid="proof-input" />
                          </Show>
                        </dd>
                      </Show>
                      <dt>Proving system</dt><dd>{p().scheme}, {p().publicSignals.length} public signals</dd>
                      <Show when={o().verification.vkeyFingerprint}><dt>Verification key</dt><dd class="mono" title={o().verification.vkeyFingerprint} data-testid="proof-vkey">sha256 {short(o().verification.vkeyFingerprint)}</dd></Show>
                      <Show when={p().meta.createdAt}><dt>Made <span class="unverified">unverified</span></dt><dd>{new Date(p().meta.createdAt).toLocaleString()}</dd></Show>
                    </dl>
                    <p class="muted small">
                      The link carries its own verification key: compare its fingerprint with the key of the model you expect. Fields marked unverified are not covered by the proof.
                    </p>
                    <For each={o().verification.unbound.filter((u) => !['meta.title', 'meta.createdAt', 'meta.input', 'meta.inputEncoding'].includes(u))}>{(u) => <p class="muted small">{u}: not covered by the proof</p>}</For>
                  </section>
                )}
              </Show>
            </>
          )}
        </Show>
      </Show>
      <ChainClaim hash={props.hash} />
      <p><button class="btn" onClick={() => props.onClose()} data-testid="open-studio">Open the proving studio</button></p>
    </main>
  );
}
