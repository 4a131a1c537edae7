/**
 * The "Which circuit?" card of a VALID share link: known (a project in this browser, or a circuit
 * registered on the connected chain, with its id and owner) or a claim, said plainly; and, when the
 * link carries the model's architecture, "Rebuild the circuit from its architecture": ZKML's circuit
 * regenerated, compiled (compile worker) and its development key made (snark worker), compared with
 * the link's key. Progress and Cancel; the page never waits on it. Logic in ./circuit-trust.ts.
 */
import { createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import type { ProofLinkPayload } from '../../core/share/proof-link.js';
import type { CircuitLookup } from '../chain/types.js';
import { shortHex } from '../chain/ChainStatusView.js';
import { useClients } from '../context.js';
import { Busy } from '../ui/Busy.js';
import { errorMessage, fmtInt, fmtMs } from '../lib/files.js';
import { CLAIM_TEXT, rebuildAndCompare, RebuildError, type CircuitTrust, type RebuildProgress, type RebuildResult } from './circuit-trust.js';

const STAGE: Record<RebuildProgress['stage'], string> = {
  generating: 'generating the circuit',
  compiling: 'compiling it (circom)',
  key: 'making its development key',
  comparing: 'comparing the keys',
};

function stageText(p: RebuildProgress): string {
  if (p.stage === 'key' && p.fraction !== undefined) return `${STAGE.key}: ${Math.min(100, Math.floor(p.fraction * 100))}%`;
  return p.message && p.stage === 'compiling' ? `${STAGE[p.stage]}: ${p.message}` : STAGE[p.stage];
}

/** Why the chain did not make the circuit known, for the claim's second line. */
function chainNote(c: CircuitLookup | undefined, checking: boolean): string {
  if (checking) return 'Checking whether it is registered on the chain…';
  if (!c) return '';
  switch (c.status) {
    case 'not-registered': return `It is not registered on chain ${c.chainId} either.`;
    case 'unsupported': return `No chain can name it: ${c.reason}.`;
    case 'unavailable': return 'No chain was checked (none is connected).';
    default: return '';
  }
}

export function CircuitTrustView(props: {
  payload: ProofLinkPayload;
  trust: CircuitTrust;
  chain: CircuitLookup | undefined;
  chainChecking: boolean;
  /** told of each finished rebuild (the view above makes a matching one a known circuit) */
  onRebuilt?: (r: RebuildResult) => void;
}) {
  const clients = useClients();
  const [running, setRunning] = createSignal<RebuildProgress | undefined>();
  const [result, setResult] = createSignal<RebuildResult | undefined>();
  const [problem, setProblem] = createSignal<string | undefined>();
  let ac: AbortController | undefined;
  onCleanup(() => ac?.abort('the page was closed'));

  async function rebuild() {
    ac?.abort();
    const mine = new AbortController();
    ac = mine;
    setResult(undefined);
    setProblem(undefined);
    setRunning({ stage: 'generating' });
    try {
      const r = await rebuildAndCompare(props.payload, clients, { signal: mine.signal, onProgress: (p) => { if (ac === mine) setRunning(p); } });
      if (ac === mine) { setResult(r); props.onRebuilt?.(r); }
    } catch (e) {
      if (ac !== mine) return;
      if (mine.signal.aborted || (e instanceof Error && e.name === 'CancelledError')) setProblem('Rebuild cancelled: nothing was compared.');
      else if (e instanceof RebuildError) setProblem(`Could not rebuild: ${e.message}.`);
      else setProblem(`Could not rebuild the circuit: ${errorMessage(e)}`);
    } finally {
      if (ac === mine) setRunning(undefined);
    }
  }

  return (
    <section class="card circuit-trust" data-testid="circuit-trust-card">
      <h2>Which circuit?</h2>
      <Switch>
        <Match when={props.trust.kind === 'project' && (props.trust as Extract<CircuitTrust, { kind: 'project' }>)}>
          {(t) => (
            <p class="verdict ok" data-testid="circuit-trust" data-trust="project">
              Known circuit (project “<strong data-testid="trust-project">{t().project.name}</strong>”): the link's verification key is the key of your project in this browser.
            </p>
          )}
        </Match>
        <Match when={props.trust.kind === 'chain' && (props.trust as Extract<CircuitTrust, { kind: 'chain' }>)}>
          {(t) => (
            <p class="verdict ok" data-testid="circuit-trust" data-trust="chain">
              Known circuit (registered on chain {t().chainId} as <span class="mono" title={t().circuitId} data-testid="trust-circuit-id">{shortHex(t().circuitId)}</span>,
              by <span class="mono" title={t().owner} data-testid="trust-owner">{shortHex(t().owner)}</span>): the link's verification key is the key of that registered circuit. Anyone can register a circuit: it is as good as the one who registered it.
            </p>
          )}
        </Match>
        <Match when={props.trust.kind === 'rebuilt'}>
          <p class="verdict ok" data-testid="circuit-trust" data-trust="rebuilt">
            Known circuit (rebuilt from its architecture): the link's key is the development key of the circuit ZKML builds from the architecture the link describes.
          </p>
        </Match>
        <Match when={props.trust.kind === 'claim'}>
          <p class="verdict claim" data-testid="circuit-trust" data-trust="claim">
            <strong>Unknown circuit.</strong> {CLAIM_TEXT}
          </p>
          <p class="muted small">
            The proof is valid for the circuit whose key the link brings, and that key is not one of your projects here. {chainNote(props.chain, props.chainChecking)}
          </p>
        </Match>
      </Switch>

      <Show when={props.payload.meta.architecture}>
        <div class="rebuild" data-testid="rebuild-block">
          <p class="muted small">
            {props.payload.meta.weights === 'public'
              ? 'The link carries the public model: its architecture and every parameter. ZKML can build its circuit (the parameters as constants) here and'
              : 'The link also describes the model\'s architecture (layers, shapes, scales; no weights). ZKML can build its circuit from it here and'}
            {' '}make that circuit's development key, which is the same for everyone, to compare with the link's key.
            {props.payload.meta.weights === 'public' ? ' (A development key does not depend on the weights: a match shows the architecture, not the parameters.)' : ''}
          </p>
          <Show when={running()} fallback={
            <button class="btn" data-testid="rebuild" onClick={() => void rebuild()}>Rebuild the circuit from its architecture</button>
          }>
            {(p) => (
              <Busy label="Rebuilding the circuit" stage={stageText(p())} onCancel={() => ac?.abort('cancelled')} testid="rebuild-busy" />
            )}
          </Show>
          <Show when={result()}>
            {(r) => (
              <p class="verdict" classList={{ neutral: r().matches }} data-testid="rebuild-result" data-match={r().matches ? 'yes' : 'no'}>
                <Show when={r().matches} fallback={<>✗ The key does NOT match the circuit built from this architecture: the proof is for another circuit (or for a key from another setup, which cannot be rebuilt).</>}>
                  ✓ This key is the development key of the circuit ZKML builds from this architecture (not for value: development keys come from a public secret, so anyone can make proofs for them).
                </Show>
                <span class="muted small"> ({r().input} input{r().constraints !== undefined ? `, ${fmtInt(r().constraints!)} constraints` : ''}, {fmtMs(r().ms)})</span>
              </p>
            )}
          </Show>
          <Show when={problem()}>{(m) => <p class="error" role="alert" data-testid="rebuild-error">{m()}</p>}</Show>
        </div>
      </Show>
    </section>
  );
}
