/**
 * What a proof link opens: the proof checked in this browser, "valid" or "invalid" in plain words,
 * and what was proven. Anything malformed or tampered shows "invalid" with the reason; nothing throws.
 * The link is decoded here (cheap, bounded) and verified in the snark worker (curve points, pairings,
 * Poseidon for the input picture), so the page stays responsive whatever the link holds.
 *
 * A valid proof is only as good as its circuit, and the link brings its own: the class is shown as
 * proven only for a known circuit (a project in this browser with the same key, or a circuit
 * registered on the connected chain), otherwise as a claim (./link/circuit-trust.ts). The chain's
 * record of the claim is shown only under a valid verdict (./chain/ChainClaim.tsx). An accuracy link (one bounty
 * batch proof, src/core/share/accuracy-link.ts) opens ./link/AccuracyLinkView.tsx instead.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { decodeProofLink, type ProofLinkPayload, type ProofLinkVerification } from '../core/share/proof-link.js';
import { useServices } from './context.js';
import type { SnarkClient } from './clients/index.js';
import type { ProjectStore } from './store/projects.js';
import { GrayCanvas } from './ui/GrayCanvas.js';
import { errorMessage } from './lib/files.js';
import { ChainClaim } from './chain/ChainClaim.js';
import { circuitTrust, findProjectWithKey, type CircuitTrust, type KnownProject } from './link/circuit-trust.js';
import { CircuitTrustView } from './link/CircuitTrustView.js';
import { isAccuracyLink } from '../core/share/accuracy-link.js';
import { AccuracyLinkView } from './link/AccuracyLinkView.js';

interface Outcome {
  payload?: ProofLinkPayload;
  verification: ProofLinkVerification;
  /** the project in this browser whose key is the link's (looked up only for a valid proof) */
  project?: KnownProject;
}

/** The project whose key is the link's, if any; no storage (private mode) is "none". */
async function projectOf(payload: ProofLinkPayload, store: () => Promise<ProjectStore>): Promise<KnownProject | undefined> {
  try {
    return await findProjectWithKey(await store(), payload.vkey);
  } catch {
    return undefined;
  }
}

async function check(hash: string, snark: SnarkClient, store: () => Promise<ProjectStore>): Promise<Outcome> {
  let payload: ProofLinkPayload;
  try {
    payload = decodeProofLink(hash);
  } catch (e) {
    return { verification: { valid: false, reason: `the link is malformed: ${errorMessage(e)}`, unbound: [] } };
  }
  try {
    const { ms: _ms, ...verification } = await snark.verifyLink(payload);
    const project = verification.valid ? await projectOf(payload, store) : undefined;
    return { payload, verification, ...(project ? { project } : {}) };
  } catch (e) {
    // only a dead or cancelled worker gets here (bad content is `valid: false`)
    return { payload, verification: { valid: false, reason: `the proof could not be checked: ${errorMessage(e)}`, unbound: [] } };
  }
}

/** How the input picture relates to the proof, for its label: verified, or an unverified picture and why. */
interface InputLabel { text: string; bound: boolean; why?: string }
function inputLabel(v: ProofLinkVerification, publicInput: boolean, known: boolean): InputLabel {
  if (v.valid && !known && (v.input?.status === 'committed' || v.input?.status === 'public')) {
    // an unknown circuit can output an honest input commitment without reading the input
    return { text: 'matches the claim', bound: false, why: v.input.status === 'committed' ? 'it gives the input commitment this circuit outputs; an unknown circuit need not have read it' : 'it equals the public input of a circuit nobody here knows' };
  }
  if (v.valid && v.input?.status === 'committed') return { text: 'verified', bound: true, why: 'it matches the proved input commitment' };
  if (v.valid && v.input?.status === 'public') return { text: 'verified', bound: true, why: 'it equals the proved public input' };
  const why = !v.valid ? 'the proof is not valid' : v.input?.reason ?? (publicInput ? 'not compared with the public input' : 'not covered by the proof');
  return { text: 'unverified picture', bound: false, why };
}

const short = (s: string | undefined) => (s && s.length > 24 ? `${s.slice(0, 10)}…${s.slice(-10)}` : s ?? '—');

/** A proof link: an accuracy batch proof (./link/AccuracyLinkView.tsx) or a studio proof. */
export function ProofLinkView(props: { hash: string; onClose: () => void }) {
  return (
    <Show when={isAccuracyLink(props.hash)} fallback={<StudioProofLinkView hash={props.hash} onClose={props.onClose} />}>
      <AccuracyLinkView hash={props.hash} onClose={props.onClose} />
    </Show>
  );
}

function StudioProofLinkView(props: { hash: string; onClose: () => void }) {
  const services = useServices();
  const [outcome] = createResource(() => props.hash, (h) => check(h, services.clients.snark, services.store));
  // the chain is asked only for a valid proof whose key no project here has
  const [chainCircuit] = createResource(
    () => { const o = outcome(); return o?.payload && o.verification.valid && !o.project ? o.payload : undefined; },
    (p) => services.chain.lookupCircuit({ scheme: p.scheme, vkey: p.vkey }),
  );
  // a rebuild whose development key matched, for this link
  const [rebuilt, setRebuilt] = createSignal<string | undefined>();
  const trust = (): CircuitTrust | undefined => {
    const o = outcome();
    if (!o?.verification.valid) return undefined;
    return circuitTrust(o.project, chainCircuit.loading ? undefined : chainCircuit(), rebuilt() === props.hash);
  };
  const known = () => { const t = trust(); return t !== undefined && t.kind !== 'claim'; };
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
    return v ? inputLabel(v, p.meta.publicSignalNames.some((n) => n.startsWith('in[')), known()) : { text: 'unverified picture', bound: false };
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
              <Show when={trust()?.kind === 'claim'}>
                <p class="verdict-note" data-testid="proof-verdict-note">Valid for the circuit the link brings, which is not one you know: its class is a claim (see “Which circuit?”).</p>
              </Show>
              <Show when={o().payload}>
                {(p) => (
                  <section class="card claims">
                    <h2 data-testid="claims-heading">{!o().verification.valid ? 'What the link claims (not proven)' : known() ? 'What was proven' : 'What the link claims (valid for its own circuit)'}</h2>
                    <dl>
                      <Show when={p().meta.title}><dt>Title <span class="unverified">unverified</span></dt><dd class="text">{p().meta.title}</dd></Show>
                      <Show when={p().meta.outputClass !== undefined}>
                        <dt>Output class{' '}
                          <Show when={o().verification.valid && trust()}>
                            {(t) => <span classList={{ verified: t().kind !== 'claim', unverified: t().kind === 'claim' }} data-testid="proof-class-status">{t().kind === 'claim' ? 'claimed' : 'proven'}</span>}
                          </Show>
                        </dt>
                        <dd class="big" data-testid="proof-class">{p().meta.outputClass}</dd>
                      </Show>
                      <dt>Model</dt>
                      <dd data-testid="proof-model-kind">
                        <Show when={p().meta.weights === 'public'} fallback={<span class="pill">committed model</span>}>
                          <span class="pill public-model">public model</span>{' '}
                          <span class="muted small">its {fmtCount((p().meta.parameters?.weights.length ?? 0) + (p().meta.parameters?.biases.length ?? 0))} parameters are built into the circuit and carried by this link; the key pins them only if it comes from a setup for this circuit (your project, a registered circuit)</span>
                        </Show>
                      </dd>
                      <dt>Model commitment{p().meta.weights === 'public' ? ' (of the carried parameters)' : ''}</dt><dd class="mono wrap" data-testid="proof-model">{p().meta.modelCommitment}</dd>
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
                      The link carries its own verification key{o().verification.valid ? ' (see “Which circuit?” below)' : ''}. Fields marked unverified are not covered by the proof.
                    </p>
                    <For each={o().verification.unbound.filter((u) => !['meta.title', 'meta.createdAt', 'meta.input', 'meta.inputEncoding', 'meta.architecture'].includes(u))}>{(u) => <p class="muted small">{u}: not covered by the proof</p>}</For>
                  </section>
                )}
              </Show>
              <Show when={o().payload && trust()}>
                {(t) => <CircuitTrustView payload={o().payload!} trust={t()} chain={chainCircuit.loading ? undefined : chainCircuit()} chainChecking={chainCircuit.loading}
                  onRebuilt={(r) => setRebuilt(r.matches ? props.hash : undefined)} />}
              </Show>
            </>
          )}
        </Show>
      </Show>
      <ChainClaim hash={props.hash} valid={outcome.loading ? undefined : outcome()?.verification.valid === true} />
      <p><button class="btn" onClick={() => props.onClose()} data-testid="open-studio">Open the proving studio</button></p>
    </main>
  );
}

const fmtCount = (n: number): string => n.toLocaleString('en');
