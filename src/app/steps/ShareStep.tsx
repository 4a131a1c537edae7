/** Step 6: a link that carries the proof, its key and what it claims, in the URL fragment. */
import { createMemo, createResource, createSignal, Show } from 'solid-js';
import type { Studio } from '../studio.js';
import { proofLinkUrl, type ProofLinkMeta } from '../../core/share/proof-link.js';
import { linkCircuitOfPlan } from '../../core/share/input-encoding.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { fmtInt } from '../lib/files.js';

export function ShareStep(props: { studio: Studio }) {
  const s = props.studio;
  const [copied, setCopied] = createSignal(false);
  // the input picture goes into the link unless the user keeps it out (a hashed or private input is theirs to show)
  const [withInput, setWithInput] = createSignal(true);
  // how the circuit reads its input (its commitment is tagged with this) and its architecture without
  // weights: a viewer re-reads the picture with the one and rebuilds the circuit from the other
  const circuit = createMemo(() => {
    const t = s.transpiled();
    if (!t) return undefined;
    try { return linkCircuitOfPlan(t.quantization); } catch { return undefined; }
  });
  // a public model's link carries its parameters (the circuit's constants) and the commitment that names them
  const [publicModel] = createResource(() => (s.transpiled()?.weights === 'public' ? s.transpiled()!.quantization : undefined), async (q) => {
    const { publicModelOfPlan } = await import('../../core/commit/public-model.js');
    return publicModelOfPlan(q);
  });
  const link = createMemo((): { url?: string; error?: unknown } => {
    const t = s.transpiled(); const k = s.keys(); const p = s.proof();
    if (!t || !k || !p) return {};
    const pm = t.weights === 'public' ? publicModel() : undefined;
    if (t.weights === 'public' && !pm) return {};
    try {
      const names = t.publicSignals;
      const at = (n: string) => { const i = names.indexOf(n); return i >= 0 ? p.publicSignals[i] : undefined; };
      // a folded claim (PROTOCOL §3a): the commitments it folds were kept beside the proof
      const model = p.commitments?.model ?? at('commitment');
      const input = p.commitments?.input ?? at('inputCommitment');
      if (at('claim') !== undefined && (model === undefined || input === undefined)) throw new Error('this proof was saved without the model and input commitments its claim folds: prove again to share it');
      const meta: ProofLinkMeta = {
        modelCommitment: model ?? '0',
        publicSignalNames: names,
        createdAt: p.createdAt,
        title: s.name() || t.model.name,
        ...(p.outputClass !== undefined ? { outputClass: p.outputClass } : {}),
        ...(input !== undefined ? { inputCommitment: input } : {}),
        ...(circuit() ?? {}),
        ...(p.input && t.input !== 'private' && withInput() ? { input: p.input } : {}),
        ...(pm ?? {}),
      };
      const base = `${location.origin}${location.pathname}`;
      return { url: proofLinkUrl(base, { scheme: k.scheme, proof: p.proof, publicSignals: p.publicSignals, vkey: k.vkey, meta }) };
    } catch (e) {
      return { error: e };
    }
  });

  async function copy() {
    try { await navigator.clipboard.writeText(link().url!); setCopied(true); setTimeout(() => setCopied(false), 1500); } catch { /* not allowed: the text is selectable */ }
  }

  return (
    <div class="stack">
      <ErrorBox error={link().error} testid="share-error" />
      <Show when={link().url}>
        {(url) => (
          <>
            <p class="muted">Anyone with this link can check the proof in their browser. Everything is in the fragment (after <code>#</code>), which browsers never send to a server.</p>
            <Show when={s.transpiled()?.input === 'hashed' && s.proof()?.input}>
              <label class="row small" data-testid="share-input-toggle">
                <input type="checkbox" checked={withInput()} onChange={(e) => setWithInput(e.currentTarget.checked)} data-testid="share-with-input" />
                Include the input picture (the proof makes only its commitment public; a viewer sees the picture marked verified when it matches)
              </label>
            </Show>
            <textarea class="link" readOnly rows="3" value={url()} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
            <div class="row">
              <button class="btn" onClick={() => void copy()} data-testid="copy-link">{copied() ? 'Copied' : 'Copy link'}</button>
              <a class="btn" href={url()} target="_blank" rel="noopener" data-testid="open-link">Open the verification view</a>
              <span class="muted small">{fmtInt(url().length)} characters</span>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
