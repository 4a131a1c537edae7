/**
 * #bounty=<id> — one bounty (also its share link): terms, a timeline of states and deadlines with a
 * countdown, the leaderboard, every action with who may take it and why it is not available now, and
 * the panels of the provider (reveal, receive the model) and of a hunter (commit, prove and submit,
 * hand over). On a local anvil a development control moves the chain's clock past the next deadline.
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { formatEther, type Address } from 'viem';
import { useServices } from '../context.js';
import { DropZone } from '../ui/DropZone.js';
import { download, readFiles } from '../lib/files.js';
import { KeyStore, keyPairOf } from '../keys/key-store.js';
import { finalizeBounty } from '../../chain/finalize-bounty.js';
import { settleBounty } from '../../chain/settle-bounty.js';
import { withdraw } from '../../chain/withdraw.js';
import { testSetFromReveal } from '../../core/testset/index.js';
import type { BountyView } from '../../chain/rebuild-bounties.js';
import type { PoolProgress, StoredBatchProof } from '../pool/batch-pool.js';
import { actions, countdown, formatTime, nextDeadline, roleOf, timeline, type ActionId } from './lifecycle.js';
import { describeArchitecture, parseBountyInfo } from './info.js';
import { accuracyShareLink, architectureIndex, commitFlow, evaluateFlow, handOverFlow, prepareHandover, prepareModel, proveFlow, receiveFlow, revealFlow, submitFlow, type HunterEvaluation, type PreparedModel, type Received } from './flows.js';
import { ModelStore, modelKey } from './model-store.js';
import { TestSetStore, parseBackup, testSetOf } from './testset-store.js';
import type { BountySession } from './session.js';
import { Problem } from './BountiesPage.js';
import { TrainSection } from './TrainSection.js';
import { AuditPanel } from './AuditPanel.js';
import { openReceivedInStudio } from './open-in-studio.js';

function useRunner() {
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [note, setNote] = createSignal<string>();
  const run = async (label: string, f: () => Promise<void | string>) => {
    setError(undefined); setNote(undefined); setBusy(label);
    try { const r = await f(); if (typeof r === 'string') setNote(r); } catch (e) { setError(e); } finally { setBusy(undefined); }
  };
  return { busy, setBusy, error, note, run };
}

function Timeline(props: { b: BountyView; now: bigint }) {
  return (
    <ol class="bounty-timeline" data-testid="bounty-timeline">
      <For each={timeline(props.b, props.now)}>{(st) => (
        <li class={`tl-${st.status}`} data-testid={`tl-${st.id}`} data-status={st.status}>
          <span class="tl-label">{st.label}</span>
          <Show when={st.deadline}>{(d) => <span class="tl-deadline">until {formatTime(d())} · <span data-testid={`tl-${st.id}-countdown`}>{countdown(d() - props.now)}</span></span>}</Show>
          <Show when={st.note}><span class="muted tl-note">{st.note}</span></Show>
        </li>
      )}</For>
    </ol>
  );
}

export function BountyPage(props: { session: BountySession; id: bigint }) {
  const s = props.session;
  const services = useServices();
  const clients = services.clients;
  const b = createMemo(() => s.views().get(props.id));
  const now = () => s.now() ?? 0n;
  const acts = createMemo(() => { const v = b(); return v ? actions(v, s.address(), now(), s.credit()) : []; });
  const act = (id: ActionId) => acts().find((a) => a.id === id)!;
  const role = () => { const v = b(); return v ? roleOf(v, s.address()) : 'visitor'; };
  const info = () => parseBountyInfo(b()?.datasetCid ?? '');
  const r = useRunner();

  // ---------------------------------------------------------------- the hunter's model (kept per bounty and account)
  const [model, setModel] = createSignal<PreparedModel>();
  const [archIndex, setArchIndex] = createSignal(-1);
  // a memo (compared by value): the views are rebuilt on every refresh, the slot only changes with the account or bounty
  const slot = createMemo(() => { const a = s.address(); const id = b()?.bountyId; return a && id !== undefined ? modelKey(id, a) : undefined; });
  createEffect(on(slot, (key) => {
    setModel(undefined); setArchIndex(-1);
    if (!key) return;
    void (async () => {
      const stored = await (await ModelStore.open()).get(key).catch(() => undefined);
      if (stored) { const m = await prepareModel(clients, stored.files); setModel(m); setArchIndex(stored.arch); }
    })().catch((e: unknown) => r.run('', () => Promise.reject(e)));
  }));
  const onModel = (files: File[]) => r.run('Transpiling the model…', async () => {
    const m = await prepareModel(clients, await readFiles(files));
    setModel(m);
    const i = architectureIndex(b()!, m);
    setArchIndex(i);
    if (i < 0) throw new Error('this model\'s architecture (layers, shapes and fixed-point scales) is not the one the bounty accepts: its accuracy circuit would not be the bounty\'s');
  });
  const commit = () => r.run('Committing…', async () => {
    const m = model()!;
    await commitFlow(s.send, b()!, m, archIndex());
    await (await ModelStore.open()).put({ key: modelKey(b()!.bountyId, s.address()!), files: m.files, commitment: m.commitment.toString(), arch: archIndex(), savedAt: new Date().toISOString() });
    return 'Committed. Your model is kept in this browser for proving after the reveal.';
  });

  // ---------------------------------------------------------------- after the reveal
  const [evaluation, setEvaluation] = createSignal<HunterEvaluation>();
  const [progress, setProgress] = createSignal<PoolProgress>();
  const [proofs, setProofs] = createSignal<StoredBatchProof[]>();
  const [links, setLinks] = createSignal<string[]>([]);
  let abort: AbortController | undefined;
  onCleanup(() => abort?.abort());
  const revealedBytes = async () => {
    const rv = await s.chain()!.revealed(b()!.bountyId);
    if (!rv) throw new Error('the test set is not revealed yet');
    return rv.data;
  };
  const evaluate = () => r.run('Reading the test set from the chain and evaluating your model…', async () => {
    const v = b()!;
    const seen = testSetFromReveal(await revealedBytes(), { B: v.terms.batchSize, S: v.terms.sampleBytes, C: v.terms.classes });
    setEvaluation(await evaluateFlow(model()!, seen));
  });
  const prove = () => r.run('Proving…', async () => {
    abort = new AbortController();
    if (!evaluation()) { const v = b()!; setEvaluation(await evaluateFlow(model()!, testSetFromReveal(await revealedBytes(), { B: v.terms.batchSize, S: v.terms.sampleBytes, C: v.terms.classes }))); }
    const { proofs: p, vkey } = await proveFlow(clients, b()!, model()!, archIndex(), await revealedBytes(), s.address()!, setProgress, abort.signal, (st) => r.setBusy(st));
    setProofs(p);
    const c = s.chain()!;
    setLinks(await Promise.all(p.map((x) => accuracyShareLink(b()!, x, vkey, { chainId: c.deployments.chainId, manager: c.manager }))));
    return `${p.length} batch proofs ready (kept in this browser: a reload resumes). Submit them before the prove deadline.`;
  });
  const submit = () => r.run('Submitting the proofs…', async () => {
    const n = await submitFlow(s.send, b()!, proofs()!, s.address()!, (st) => r.setBusy(st));
    return `${n} proofs accepted by the contract.`;
  });
  // the winner's hand-over step is open: build the Handover circuit and make the proof now, in the workers,
  // so the click waits for the transaction only (once per page; failures are left for handOverFlow to report)
  let handoverPreparedFor: bigint | undefined;
  createEffect(() => {
    const v = b(), m = model();
    if (!v || !m || handoverPreparedFor === v.bountyId || archIndex() < 0 || v.state !== 'Awarded' || role() !== 'winner') return;
    handoverPreparedFor = v.bountyId;
    prepareHandover(clients, v, m, archIndex());
  });
  const handover = () => r.run('Handing over…', async () => {
    await handOverFlow(clients, s.send, b()!, model()!, archIndex(), (st) => r.setBusy(st));
    return 'Handed over: the reward and your stake are credited to your account; withdraw them below.';
  });

  // ---------------------------------------------------------------- provider
  const [hasSet, setHasSet] = createSignal<boolean>();
  const root = createMemo(() => b()?.terms.testRoot);
  createEffect(on(root, (root) => {
    if (root === undefined) return;
    void TestSetStore.open().then((st) => st.get(root)).then((x) => setHasSet(!!x), () => setHasSet(false));
  }));
  const importBackup = (files: File[]) => r.run('Reading the backup…', async () => {
    const rec = parseBackup(await files[0]!.text());
    if (rec.testRoot !== b()!.terms.testRoot.toString()) throw new Error('this backup is the test set of another bounty (another testRoot)');
    await (await TestSetStore.open()).put(rec);
    setHasSet(true);
    return 'Test set restored in this browser.';
  });
  const reveal = () => r.run('Revealing…', async () => {
    const rec = await (await TestSetStore.open()).get(b()!.terms.testRoot);
    if (!rec) throw new Error('the test set of this bounty is not in this browser: import its backup file');
    await revealFlow(clients, s.send, b()!, testSetOf(rec), (st) => r.setBusy(st));
    return 'Revealed: hunters can now prove their accuracy on it.';
  });
  const [received, setReceived] = createSignal<Received>();
  const receive = () => r.run('Receiving the model…', async () => {
    const v = b()!;
    const keys = await (await KeyStore.open()).list();
    const key = keys.find((k) => k.pub[0] === v.terms.providerPubX.toString() && k.pub[1] === v.terms.providerPubY.toString());
    if (!key) throw new Error('the key this bounty published is not in this browser: import its backup on the Keys page');
    setReceived(await receiveFlow(v, await revealedBytes(), keyPairOf(key), (st) => r.setBusy(st)));
  });
  const toStudio = (m: Received) => r.run('Opening the model in the studio…', async () => {
    await openReceivedInStudio({ transpile: clients.transpile, store: services.store }, m, b()!.bountyId, (st) => r.setBusy(st));
    location.hash = ''; // the studio, which reopens the project just saved
  });

  // ---------------------------------------------------------------- anyone
  const simple = (id: ActionId) => r.run(`${act(id).label}…`, async () => {
    const v = b()!;
    if (id === 'finalize') await s.send('finalize', (x) => finalizeBounty(x.client, { manager: x.chain.manager, bountyId: v.bountyId, terms: v.terms, account: x.client.account! }));
    else if (id === 'closeUnrevealed' || id === 'expireHandover') await s.send(id, (x) => settleBounty(x.client, { manager: x.chain.manager, bountyId: v.bountyId, terms: v.terms, action: id, account: x.client.account! }));
    else if (id === 'returnStake') await s.send('return my stake', (x) => settleBounty(x.client, { manager: x.chain.manager, bountyId: v.bountyId, terms: v.terms, action: 'returnStake', hunter: x.address, account: x.client.account! }));
    else if (id === 'withdraw') {
      const w = await s.send('withdraw', (x) => withdraw(x.client, { manager: x.chain.manager, account: x.client.account! }));
      return `Withdrawn: ${formatEther(w.amount)} ETH sent to your account.`;
    }
  });
  const advance = () => r.run('Moving the chain\'s clock…', async () => {
    const d = nextDeadline(b()!, now());
    if (d === undefined) throw new Error('no deadline ahead in this state');
    await s.chain()!.advanceTo(d);
    await s.refresh();
    return `The chain's clock is now past ${formatTime(d)}.`;
  });

  const Btn = (p: { id: ActionId; onClick: () => void; primary?: boolean; disabled?: boolean }) => (
    <button class="btn" classList={{ primary: p.primary }} disabled={!act(p.id).available || !!r.busy() || !!p.disabled} onClick={() => p.onClick()} data-testid={`do-${p.id}`} title={act(p.id).why ?? ''}>{act(p.id).label}</button>
  );

  return (
    <Show when={b()} fallback={<section class="step" data-testid="bounty-missing"><p>Bounty #{String(props.id)} {s.views().size ? 'does not exist on this chain.' : 'is loading…'}</p></section>}>
      {(v) => (
        <section class="step bounty-page" data-testid="bounty-page" data-bounty={String(v().bountyId)} data-state={v().state} data-role={role()}>
          <div class="bounty-row-head">
            <h2>Bounty #{String(v().bountyId)} <span class="bounty-state" data-state={v().state} data-testid="bounty-state">{v().state}</span></h2>
            <span class="muted">you are: <strong data-testid="bounty-role">{role()}</strong></span>
          </div>
          <dl class="bounty-facts">
            <dt>Reward</dt><dd data-testid="bounty-reward">{formatEther(v().terms.reward)} ETH</dd>
            <dt>Provider bond</dt><dd>{formatEther(v().terms.bond)} ETH</dd>
            <dt>Hunter stake</dt><dd>{formatEther(v().terms.stake)} ETH</dd>
            <dt>Threshold</dt><dd>{v().terms.threshold} of {v().terms.n} test samples ({v().terms.n / v().terms.batchSize} batches of {v().terms.batchSize})</dd>
            <dt>Provider</dt><dd><code>{v().provider}</code></dd>
            <dt>Training data</dt><dd><Show when={info().dataset} fallback={<span class="muted">none named</span>}><a href={`#dataset=${info().dataset}`} data-testid="bounty-dataset"><code>{info().dataset}</code></a></Show></dd>
            <dt>Architecture</dt><dd><For each={info().architectures} fallback={<span class="muted">not published</span>}>{(a) => <code data-testid="bounty-architecture">{describeArchitecture(a)}</code>}</For></dd>
            <dt>Share</dt><dd><code class="bounty-link" data-testid="bounty-link">{`${location.origin}${location.pathname}#bounty=${v().bountyId}`}</code></dd>
          </dl>

          <h3>Timeline <span class="muted">(chain time {s.now() !== undefined ? formatTime(now()) : '…'})</span></h3>
          <Timeline b={v()} now={now()} />
          <Show when={s.chain()?.anvil && nextDeadline(v(), now()) !== undefined}>
            <p class="bounty-dev"><button class="btn small" onClick={() => void advance()} disabled={!!r.busy()} data-testid="dev-advance">Development: advance the chain's clock past the next deadline</button> <span class="muted">local anvil only</span></p>
          </Show>

          <h3>Leaderboard</h3>
          <Show when={v().hunters.length} fallback={<p class="muted">No hunter has committed yet.</p>}>
            <table class="bounty-board" data-testid="bounty-board"><thead><tr><th>#</th><th>Hunter</th><th>Correct</th><th>Batches</th></tr></thead><tbody>
              <For each={[...v().hunters].sort((x, y) => y.correct - x.correct || x.order - y.order)}>{(h) => (
                <tr data-testid="board-row" data-hunter={h.hunter}><td>{h.order}</td><td><code>{h.hunter.slice(0, 10)}…</code>{v().winner === h.hunter ? ' (winner)' : ''}</td><td data-testid="board-correct">{h.correct}</td><td>{h.batches.length} / {v().terms.n / v().terms.batchSize}</td></tr>
              )}</For>
            </tbody></table>
          </Show>

          <h3>What can happen next</h3>
          <ul class="bounty-actions" data-testid="bounty-actions">
            <For each={acts()}>{(a) => (
              <li data-testid={`action-${a.id}`} data-available={String(a.available)}>
                <strong>{a.label}</strong> <span class="muted">— {a.who}</span>
                <Show when={!a.available}><span class="bounty-why" data-testid="action-why">: {a.why}</span></Show>
              </li>
            )}</For>
          </ul>

          <Show when={role() === 'provider'}>
            <div class="bounty-panel" data-testid="provider-panel">
              <h3>Provider</h3>
              <Show when={v().state === 'Open'}>
                <Show when={hasSet() === false}>
                  <p class="bounty-warn">The test set of this bounty is not in this browser. Import its backup file, or you cannot reveal (and lose the bond).</p>
                  <DropZone onFiles={importBackup} accept=".json" testid="reveal-backup"><span class="btn small">Import the test-set backup…</span></DropZone>
                </Show>
                <Btn id="reveal" primary onClick={() => void reveal()} />
              </Show>
              <Show when={v().state === 'HandedOver'}>
                <Btn id="receive" primary onClick={() => void receive()} />
              </Show>
              <Show when={received()}>{(m) => (
                <div class="bounty-received" data-testid="received" data-predictions={m().predictions.join(',')} data-correct={m().correct}>
                  <p>Decrypted with your key; the weights match the committed model <code>{m().commitment.toString().slice(0, 12)}…</code>.</p>
                  <p data-testid="received-accuracy">Accuracy recomputed on the revealed test set: <strong>{m().correct} / {m().labels.length}</strong> (the proofs claimed {v().winnerCorrect})</p>
                  <p class="bounty-form-row">
                    <button class="btn" data-testid="received-tfjs" onClick={() => { download('model.json', m().modelJson, 'application/json'); download('weights.bin', m().weightsBin); }}>Download tfjs (model.json + weights.bin)</button>
                    <button class="btn" data-testid="received-h5" onClick={() => download('model.h5', m().h5)}>Download Keras .h5</button>
                    <button class="btn primary" data-testid="received-studio" disabled={!!r.busy()} onClick={() => void toStudio(m())}>Open in studio</button>
                  </p>
                  <p class="muted bounty-received-studio">Open in studio saves it as a studio project (transpiled as committed) and takes you there, to compile, set up and prove with it.</p>
                </div>
              )}</Show>
            </div>
          </Show>

          <Show when={role() !== 'provider' && s.address()}>
            <div class="bounty-panel" data-testid="hunter-panel">
              <h3>Hunter</h3>
              <Show when={v().state === 'Open'}>
                <AuditPanel clients={clients} bounty={v()} architectures={info().architectures} chain={s.chain()} />
              </Show>
              <Show when={v().state === 'Open' && role() === 'visitor'}>
                <DropZone multiple onFiles={onModel} testid="hunter-model"><span class="drop-text">Drop your trained Keras/tfjs model (model.json + weights, .h5 or .keras) with the accepted architecture.</span></DropZone>
                <Show when={info().dataset && info().architectures[0]}>
                  <TrainSection cid={info().dataset} architecture={info().architectures[0]!} onModel={onModel} />
                </Show>
                <Show when={model()}>{(m) => (
                  <p data-testid="hunter-model-info">Commitment <code data-testid="hunter-commitment">{m().commitment.toString()}</code> · {archIndex() >= 0 ? <span data-testid="hunter-arch-ok">accepted architecture #{archIndex()}</span> : <span class="bounty-why">not an accepted architecture</span>}</p>
                )}</Show>
                <Btn id="commit" primary disabled={!model() || archIndex() < 0} onClick={() => void commit()} />
                <p class="muted">Committing stakes {formatEther(v().terms.stake)} ETH, returned when the bounty closes (with the reward if you win).</p>
              </Show>
              <Show when={role() === 'hunter' || role() === 'winner'}>
                <Show when={model()} fallback={<p class="bounty-warn">The model you committed is not in this browser (committed from another browser?): proving needs it.</p>}>
                  <p>Your committed model: <code>{model()!.commitment.toString().slice(0, 16)}…</code></p>
                </Show>
                <Show when={v().state === 'Revealed'}>
                  <p class="bounty-form-row">
                    <button class="btn" disabled={!model() || !!r.busy()} onClick={() => void evaluate()} data-testid="do-evaluate">Evaluate on the revealed test set</button>
                    <Btn id="prove" primary disabled={!model()} onClick={() => void prove()} />
                    <Show when={r.busy() && progress()}><button class="btn danger" onClick={() => abort?.abort()} data-testid="prove-cancel">Cancel</button></Show>
                    <Show when={proofs()?.length}><button class="btn primary" disabled={!!r.busy() || now() > v().terms.proveDeadline} onClick={() => void submit()} data-testid="do-submit">Submit the proofs</button></Show>
                  </p>
                </Show>
                <Show when={evaluation()}>{(e) => (
                  <p data-testid="hunter-evaluation" data-circuit={e().circuit.join(',')}>On the revealed test set: circuit <strong data-testid="hunter-circuit-correct">{e().circuitCorrect}</strong> / {e().labels.length}<Show when={e().floatCorrect !== undefined}>, float (tfjs) <strong>{e().floatCorrect}</strong> / {e().labels.length}</Show> — threshold {v().terms.threshold}</p>
                )}</Show>
                <Show when={progress()}>{(p) => (
                  <div class="bounty-progress" data-testid="prove-progress" data-done={p().done} data-total={p().total}>
                    <progress max="1" value={p().fraction} />
                    <span>{p().done} / {p().total} batches{p().resumed ? ` (${p().resumed} resumed)` : ''}{p().etaMs !== undefined && p().done < p().total ? ` · about ${Math.ceil(p().etaMs! / 1000)} s left` : ''}</span>
                    <ul class="bounty-batches"><For each={p().batches}>{(x) => <li data-state={x.state} title={`batch ${x.batch}: ${x.state}`}>{x.batch}: {x.state === 'proving' || x.state === 'witness' ? `${Math.round(x.fraction * 100)}%` : x.state}</li>}</For></ul>
                  </div>
                )}</Show>
                <Show when={links().length}>
                  <p class="bounty-form-row" data-testid="hunter-share">Share my accuracy: <For each={links()}>{(l, i) => <a class="btn small" href={`${location.pathname}${l}`} target="_blank" rel="noopener" data-testid="hunter-share-link">batch {i()} ({proofs()![i()]!.publicSignals[0]} / {v().terms.batchSize})</a>}</For></p>
                </Show>
                <Show when={v().state === 'Awarded' && role() === 'winner'}>
                  <p>You won. Hand the weights over, encrypted to the provider's key, before {formatTime(v().terms.handoverDeadline)}: only then are the reward and your stake paid.</p>
                  <Btn id="handOver" primary disabled={!model()} onClick={() => void handover()} />
                </Show>
              </Show>
            </div>
          </Show>

          <div class="bounty-panel" data-testid="anyone-panel">
            <h3>Anyone</h3>
            <p class="bounty-form-row">
              <Btn id="finalize" onClick={() => void simple('finalize')} />
              <Btn id="closeUnrevealed" onClick={() => void simple('closeUnrevealed')} />
              <Btn id="expireHandover" onClick={() => void simple('expireHandover')} />
              <Btn id="returnStake" onClick={() => void simple('returnStake')} />
              <Btn id="withdraw" onClick={() => void simple('withdraw')} />
            </p>
            <Show when={v().credited.size}>
              <p class="muted" data-testid="bounty-payouts">Credited by this bounty: <For each={[...v().credited.entries()]}>{([a, w]) => <span class="bounty-payout"><code>{(a as Address).slice(0, 8)}…</code> {formatEther(w)} ETH </span>}</For></p>
            </Show>
          </div>

          <Show when={r.busy()}><p class="bounty-busy" data-testid="bounty-busy" aria-live="polite">{r.busy()}</p></Show>
          <Show when={r.note()}><p class="bounty-note" data-testid="bounty-note">{r.note()}</p></Show>
          <Problem error={r.error()} testid="bounty-error" />
        </section>
      )}
    </Show>
  );
}
