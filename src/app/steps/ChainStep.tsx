/**
 * Step 7, "Verify on chain": the chain status, then one button that registers the circuit when the
 * registry does not know it yet and sends the proof to VerifierRegistry.verify (explicit gas limit),
 * and the receipt: transaction, gas, result and the ProofVerified event. A claim recorded before is
 * said as such (not a failure of the proof). The receipt is kept with the project's proof.
 */
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { useServices } from '../context.js';
import type { Studio } from '../studio.js';
import type { StoredOnChainReceipt } from '../store/projects.js';
import type { Registration, VerifyOutcome, VerifyStage } from '../chain/types.js';
import { explainChainError, type ChainErrorExplained } from '../chain/messages.js';
import { ChainStatusView, shortHex } from '../chain/ChainStatusView.js';
import { groth16KeyLacksContribution } from '../chain/vkey.js';
import { fmtInt } from '../lib/files.js';
import { Busy } from '../ui/Busy.js';

const STAGES: Record<VerifyStage, string> = {
  connecting: 'connecting to the chain',
  'checking-circuit': 'looking up the circuit',
  registering: 'registering the circuit (one transaction)',
  verifying: 'sending the proof',
  done: 'done',
};

const fmtGas = (s: string | undefined) => (s === undefined ? '—' : fmtInt(Number(s)));

/** label, value (undefined: row left out), testid, and whether the value is words rather than a hash */
type Fact = [string, string | undefined | null, string?, 'words'?];

function Facts(props: { rows: Fact[] }) {
  return (
    <dl class="chain-facts">
      <For each={props.rows.filter((r) => r[1] !== undefined)}>
        {([k, v, testid, words]) => (<><dt>{k}</dt><dd classList={{ mono: !words, wrap: !words }} data-testid={testid} title={words ? undefined : v ?? undefined}>{v ?? '—'}</dd></>)}
      </For>
    </dl>
  );
}

export function ChainReceipt(props: { receipt: StoredOnChainReceipt; registration?: Registration; live?: boolean | undefined; commitments?: { model: string; input?: string } }) {
  const r = () => props.receipt;
  return (
    <div class="chain-receipt" data-testid="chain-receipt">
      <Show
        when={r().recordedHere}
        fallback={
          <div class="verdict ok" data-testid="chain-result" data-result="already-recorded">
            <strong>Already recorded on chain.</strong> This claim was already recorded in block {r().blockNumber} by <span class="mono" title={r().prover}>{shortHex(r().prover)}</span>
            <Show when={r().txHash}> (tx <span class="mono">{shortHex(r().txHash)}</span>)</Show>. The proof is fine: the registry keeps the first prover, so no transaction was sent.
          </div>
        }
      >
        <div class="verdict ok" data-testid="chain-result" data-result="verified">
          <strong>✓ Verified on chain</strong> — the claim is recorded in block {r().blockNumber} of chain {r().chainId}.
        </div>
      </Show>
      <Facts rows={[
        ['Result', r().recordedHere ? 'valid: VerifierRegistry.verify accepted the proof and recorded its claim' : 'valid: its claim was recorded before, nothing sent now', 'chain-outcome', 'words'],
        ['Transaction', r().txHash, 'chain-tx'],
        ['Block', r().blockNumber, 'chain-block'],
        ...(r().gasUsed !== undefined ? [['Gas used', `${fmtGas(r().gasUsed)} of an explicit ${fmtGas(r().gasLimit)} limit`, 'chain-gas'] as Fact] : []),
      ]} />
      <div class="label">ProofVerified event</div>
      <Facts rows={[
        ['prover', r().prover, 'event-prover'],
        ['circuitId', r().circuitId, 'event-circuit'],
        ['publicSignalsHash', r().publicSignalsHash === '0x' ? undefined : r().publicSignalsHash, 'event-signals'],
        ['claimHash', r().claimHash, 'event-claim'],
      ]} />
      <Show when={props.commitments?.input !== undefined && props.commitments}>
        {(c) => (
          <>
            <div class="label">What the recorded claim stands for</div>
            <Facts rows={[
              ['model commitment', c().model, 'chain-model-commitment'],
              ['input commitment', c().input, 'chain-input-commitment'],
              ['public signal', 'claim = PoseidonCommit(tag("claim/v1"), model commitment, input commitment), beside the class', 'chain-claim-fold', 'words'],
            ]} />
          </>
        )}
      </Show>
      <Show when={props.registration}>
        {(reg) => (
          <p class="muted small" data-testid="chain-registration">
            {reg().status === 'registered'
              ? <>Circuit registered first, in tx <span class="mono">{shortHex((reg() as { txHash: string }).txHash)}</span> ({fmtGas((reg() as { gasUsed: string }).gasUsed)} gas).</>
              : <>The circuit was already registered (by <span class="mono">{shortHex((reg() as { owner: string }).owner)}</span>).</>}
          </p>
        )}
      </Show>
      <Show when={props.live !== undefined}>
        <p class="small" classList={{ muted: props.live, 'warn-text': !props.live }} data-testid="chain-live">
          {props.live ? 'Still recorded on the current chain.' : 'Not found on the current chain (a restarted local chain forgets everything): verify again to record it there.'}
        </p>
      </Show>
    </div>
  );
}

export function ChainStep(props: { studio: Studio }) {
  const services = useServices();
  const chain = services.chain;
  const s = props.studio;
  const proofId = s.proof()?.id;
  // a refetch re-reads deployments.json (the chain may have been started, restarted or redeployed)
  const [status, { refetch }] = createResource((_: true, info: { refetching: unknown }) => chain.status({ refresh: info.refetching !== false }));
  const [busy, setBusy] = createSignal(false);
  const [stage, setStage] = createSignal<VerifyStage>();
  const [problem, setProblem] = createSignal<ChainErrorExplained>();
  const [outcome, setOutcome] = createSignal<VerifyOutcome>();
  const [stored, setStored] = createSignal<StoredOnChainReceipt | undefined>(s.proof()?.onChain);
  let alive = true;
  onCleanup(() => { alive = false; });
  const [live] = createResource(
    () => (!outcome() && stored() && status()?.state === 'ready' ? stored() : undefined),
    (r) => chain.stillRecorded(r),
  );

  const retry = () => void refetch();
  const ready = () => status()?.state === 'ready';
  const scheme = () => s.keys()?.scheme;
  /** keys the registry refuses (no phase-2 contribution): said before anything is sent */
  const degenerate = () => { const k = s.keys(); return k?.scheme === 'groth16' && groth16KeyLacksContribution(k.vkey); };

  async function keep(receipt: StoredOnChainReceipt) {
    setStored(receipt);
    const p = s.proof();
    const id = s.projectId();
    if (!p || p.id !== proofId || !id) return;
    const { timings: _t, verified: _v, ...plain } = p;
    try {
      await (await services.store()).patch(id, { artifacts: { proofs: [{ ...plain, onChain: receipt }] } });
    } catch {
      /* no storage: the receipt stays on screen, the studio shows storage problems elsewhere */
    }
  }

  async function verify() {
    const k = s.keys(); const p = s.proof();
    if (!k || !p) return;
    setBusy(true); setProblem(undefined); setOutcome(undefined); setStage('connecting');
    try {
      const out = await chain.verify({ scheme: k.scheme, vkey: k.vkey, proof: p.proof, publicSignals: p.publicSignals }, (st) => alive && setStage(st));
      if (!alive) return;
      setOutcome(out);
      await keep(out.receipt);
    } catch (e) {
      if (!alive) return;
      setProblem(explainChainError(e));
    } finally {
      if (alive) {
        setBusy(false); setStage(undefined);
        // where things stand now: the wallet may have shared an account or switched chain, the node may have gone
        void refetch();
      }
    }
  }

  return (
    <div class="stack chain-step">
      <p class="muted">
        Registers this circuit in the on-chain VerifierRegistry (once: its id is the hash of the verification key) and records the
        proof's claim there, so anyone can look it up. Proving and verifying in the browser never need a chain.
      </p>
      <ChainStatusView status={status()} loading={status.loading} onRetry={retry} />
      <Show when={scheme() && scheme() !== 'groth16'}>
        <p class="notice" data-testid="chain-groth16-only">
          On-chain verification in the app is Groth16-only for now: a {scheme()!.toUpperCase()} circuit is registered by deploying its
          Solidity verifier (download it in step 5) and calling <code>registerVerifier</code>.
        </p>
      </Show>
      <Show when={degenerate()}>
        <div class="notice" data-testid="chain-degenerate">
          <strong>These keys cannot be registered on chain.</strong> They come from a setup without a phase-2 contribution
          (e.g. made by an older version of this app): their δ equals γ, so anyone could move a proof to other public
          signals, and the registry refuses such a key. To verify on chain, run the setup in step 3 again (the development
          setup adds a public beacon contribution, a ptau setup a random one), then prove again.
        </div>
      </Show>
      <div class="row wrap">
        <button class="btn primary" onClick={() => void verify()} disabled={busy() || !ready() || scheme() !== 'groth16' || degenerate()} data-testid="verify-chain">
          {stored() || outcome() ? 'Verify on chain again' : 'Verify on chain'}
        </button>
        <Show when={ready() && !busy() && !degenerate()}><span class="muted small">sent with an explicit gas limit, never estimated</span></Show>
      </div>
      <Show when={busy()}><Busy label="Verifying on chain" stage={STAGES[stage() ?? 'connecting']} testid="chain-busy" /></Show>
      <Show when={problem()}>
        {(x) => (
          <div class="error" role="alert" data-testid="chain-error" data-kind={x().kind}>
            <strong>{x().title}</strong>
            <p class="error-message">{x().message}</p>
          </div>
        )}
      </Show>
      <Switch>
        <Match when={outcome()}>{(o) => <ChainReceipt receipt={o().receipt} registration={o().registration} commitments={s.proof()?.commitments} />}</Match>
        <Match when={stored()}>{(r) => <ChainReceipt receipt={r()} live={ready() ? live() : undefined} commitments={s.proof()?.commitments} />}</Match>
      </Switch>
    </div>
  );
}
