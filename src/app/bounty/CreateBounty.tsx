/**
 * #bounties/new — the provider's form: the training dataset (a CID from the Datasets page, or files
 * added here), the private test set (dropped labelled samples), the accepted architecture (a dropped
 * Keras/tfjs model: only its architecture is published), threshold, reward, bond, stake, deadlines and
 * batch size; a cost review; then the test set is committed (salts kept in this browser, with a backup
 * file), the three circuits compiled, set up (development keys, not for value) and registered, and the
 * bounty created.
 */
import { createMemo, createSignal, For, onMount, Show } from 'solid-js';
import { parseEther, formatEther } from 'viem';
import { useClients } from '../context.js';
import { DropZone } from '../ui/DropZone.js';
import { readFiles, download } from '../lib/files.js';
import { KeyStore, keyPairOf, type StoredKey } from '../keys/key-store.js';
import { BOUNTY_GAS, revealLength } from '../../chain/bounty-calldata.js';
import { ciphertextLength } from '../../core/handover/handover.js';
import { handoverLimbCounts } from '../../core/handover/limbs.js';
import { bountySources, type BountySources } from './circuits.js';
import { describeArchitecture } from './info.js';
import { parseTestSamples, type LabelledSamples } from './test-samples.js';
import { prepareModel, commitProviderTestSet, createFlow, type PreparedModel } from './flows.js';
import { TestSetStore, recordOf } from './testset-store.js';
import { batchProblem, suggestBatch } from './batch-size.js';
import type { BountySession } from './session.js';
import { Problem } from './BountiesPage.js';

/** Browser proving speed on this project's 2-core machine (docs/BENCHMARKS.md: 115,275 constraints in ~11.5 s). */
const MS_PER_CONSTRAINT = 0.1;

export default function CreateBounty(props: { session: BountySession }) {
  const clients = useClients();
  const s = props.session;
  const [model, setModel] = createSignal<PreparedModel>();
  const [samples, setSamples] = createSignal<LabelledSamples & { files: number }>();
  const [dataset, setDataset] = createSignal('');
  const [batch, setBatch] = createSignal(3);
  const [threshold, setThreshold] = createSignal(1);
  const [reward, setReward] = createSignal('1');
  const [bond, setBond] = createSignal('0.1');
  const [stake, setStake] = createSignal('0.01');
  const [mins, setMins] = createSignal({ commit: 60, reveal: 60, prove: 120, handover: 60 });
  const [keys, setKeys] = createSignal<StoredKey[]>([]);
  const [keyId, setKeyId] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal<ReturnType<typeof recordOf>>();
  /** what the form changed by itself, said next to the field (e.g. the batch size fitted to the test set) */
  const [batchNote, setBatchNote] = createSignal<string>();

  onMount(async () => {
    try { const ks = await (await KeyStore.open()).list(); setKeys(ks); setKeyId(ks[0]?.id); } catch (e) { setError(e); }
  });

  const run = async (label: string, f: () => Promise<void>) => {
    setError(undefined); setBusy(label);
    try { await f(); } catch (e) { setError(e); } finally { setBusy(undefined); }
  };

  const n = () => samples()?.samples.length ?? 0;
  const batchIssue = () => batchProblem(n(), batch());
  const sources = createMemo<BountySources | undefined>(() => {
    const m = model();
    if (!m || !n() || batchIssue()) return undefined;
    try { return bountySources(m.arch, { B: batch(), K: n() / batch() }); } catch { return undefined; }
  });
  const costs = createMemo(() => {
    const src = sources();
    if (!src) return undefined;
    const K = n() / batch();
    const { lw, lb } = handoverLimbCounts(src.plan);
    return {
      perSample: src.acc.estimate.perSample, perBatch: src.acc.estimate.total, K,
      proveMs: src.acc.estimate.total * MS_PER_CONSTRAINT * K,
      revealGas: BOUNTY_GAS.reveal(revealLength(n(), batch(), src.acc.S)), batchGas: BOUNTY_GAS.batchProof * BigInt(K),
      handoverGas: BOUNTY_GAS.handOver(ciphertextLength(lw + lb)), classes: src.acc.C,
    };
  });

  const onModel = (files: File[]) => run('Reading the model…', async () => { setModel(await prepareModel(clients, await readFiles(files))); });
  const onSamples = (files: File[]) => run('Reading the test set…', async () => {
    const f = await readFiles(files);
    const p = parseTestSamples(f);
    setSamples({ ...p, files: f.length });
    if (threshold() > p.samples.length) setThreshold(p.samples.length);
    // every batch holds exactly B samples: fit the batch size to this test set rather than refuse later
    const b = suggestBatch(p.samples.length, batch());
    setBatchNote(b !== batch() ? `Set to ${b}: ${p.samples.length} samples do not split into batches of ${batch()}.` : undefined);
    setBatch(b);
  });
  const onDataset = (files: File[]) => run('Adding the training dataset to IPFS…', async () => {
    const { addFiles } = await import('../datasets/ipfs-client.js');
    const r = await addFiles(await readFiles(files));
    setDataset(r.cid);
  });

  const create = () => run('Creating…', async () => {
    const m = model();
    const sm = samples();
    if (!m) throw new Error('drop the model whose architecture the bounty accepts');
    if (!sm) throw new Error('drop the private test set');
    const why = batchIssue();
    if (why) throw new Error(why);
    let ks = await KeyStore.open();
    let key = keys().find((k) => k.id === keyId());
    if (!key) { key = await ks.create(`Bounty provider key ${new Date().toISOString().slice(0, 16)}`); setKeys(await ks.list()); setKeyId(key.id); }
    const { ts } = commitProviderTestSet({ architecture: m.arch, samples: sm.samples, labels: sm.labels, batchSize: batch() });
    const store = await TestSetStore.open();
    const record = recordOf(ts);
    await store.put(record);
    setSaved(record);
    const sender = await s.chain()!.sender(s.choice()!);
    const d = mins();
    const created = await createFlow(clients, s.send, { ...sender, chain: s.chain()! }, {
      architecture: m.arch, samples: sm.samples, labels: sm.labels, batchSize: batch(), threshold: threshold(),
      reward: parseEther(reward()), bond: parseEther(bond()), stake: parseEther(stake()),
      durations: { commit: d.commit * 60, reveal: d.reveal * 60, prove: d.prove * 60, handover: d.handover * 60 },
      dataset: dataset().trim(), providerKey: keyPairOf(key),
    }, ts, (st) => setBusy(st));
    await store.update(record.testRoot, { bountyId: created.bountyId.toString() });
    ks = await KeyStore.open();
    location.hash = `#bounty=${created.bountyId}`;
  });

  const num = (v: string, f: (x: number) => void) => { const x = Number(v); if (Number.isFinite(x) && x > 0) f(Math.floor(x)); };

  return (
    <section class="step bounty-create" aria-label="Create a bounty" data-testid="bounty-create">
      <h2>Create a bounty</h2>
      <p class="muted">You publish the architecture you accept and a training dataset, and commit to a private test set. Hunters train and commit models; after the commit deadline you reveal the test set, they prove their accuracy on it, and the best one above your threshold hands its weights over, encrypted to your key.</p>

      <h3>1. Training dataset (public)</h3>
      <div class="bounty-form-row">
        <label>CID <input type="text" value={dataset()} placeholder="bafy… (from the Datasets page), optional" onInput={(e) => setDataset(e.currentTarget.value)} data-testid="create-dataset" /></label>
        <DropZone multiple onFiles={onDataset} testid="create-dataset-files"><span class="btn small">or add files…</span></DropZone>
      </div>

      <h3>2. Private test set</h3>
      <DropZone multiple onFiles={onSamples} testid="create-testset"><span class="drop-text">Drop labelled samples: PGM images named <code>&lt;label&gt;-….pgm</code>, or one JSON <code>{'{"samples": [[bytes…]], "labels": […]}'}</code></span></DropZone>
      <Show when={samples()}>{(sm) => <p data-testid="create-testset-count">{sm().samples.length} samples, labels {[...new Set(sm().labels)].sort((a, b) => a - b).join(', ')}</p>}</Show>

      <h3>3. Accepted architecture</h3>
      <DropZone multiple onFiles={onModel} testid="create-model"><span class="drop-text">Drop a Keras/tfjs model (model.json + weights, .h5 or .keras): its architecture is published, its weights are not.</span></DropZone>
      <Show when={model()}>{(m) => <p data-testid="create-architecture"><code>{describeArchitecture(m().arch)}</code></p>}</Show>

      <h3>4. Terms</h3>
      <div class="bounty-form-grid">
        <label>Batch size <input type="number" min="1" value={batch()} onInput={(e) => { setBatchNote(undefined); num(e.currentTarget.value, setBatch); }} aria-invalid={batchIssue() ? 'true' : undefined} data-testid="create-batch" />
          <Show when={batchIssue() ?? batchNote()}>{(t) => <span class={batchIssue() ? 'bounty-field-problem' : 'muted'} data-testid={batchIssue() ? 'create-batch-problem' : 'create-batch-note'}>{t()}</span>}</Show>
        </label>
        <label>Threshold (correct samples) <input type="number" min="1" value={threshold()} onInput={(e) => num(e.currentTarget.value, setThreshold)} data-testid="create-threshold" /></label>
        <label>Reward (ETH) <input type="text" value={reward()} onInput={(e) => setReward(e.currentTarget.value)} data-testid="create-reward" /></label>
        <label>Bond (ETH) <input type="text" value={bond()} onInput={(e) => setBond(e.currentTarget.value)} data-testid="create-bond" /></label>
        <label>Hunter stake (ETH) <input type="text" value={stake()} onInput={(e) => setStake(e.currentTarget.value)} data-testid="create-stake" /></label>
        <For each={['commit', 'reveal', 'prove', 'handover'] as const}>{(k) => (
          <label>{k === 'commit' ? 'Commits open for' : k === 'reveal' ? 'Then reveal within' : k === 'prove' ? 'Then proving for' : 'Then hand-over within'} (min)
            <input type="number" min="1" value={mins()[k]} onInput={(e) => num(e.currentTarget.value, (x) => setMins({ ...mins(), [k]: x }))} data-testid={`create-${k}-min`} />
          </label>
        )}</For>
        <label>Your key (the model is encrypted to it)
          <select value={keyId() ?? ''} onChange={(e) => setKeyId(e.currentTarget.value || undefined)} data-testid="create-key">
            <option value="">make a new key</option>
            <For each={keys()}>{(k) => <option value={k.id}>{k.name}</option>}</For>
          </select>
        </label>
      </div>

      <Show when={costs()}>{(c) => (
        <div class="bounty-costs" data-testid="create-costs">
          <h3>Costs</h3>
          <ul>
            <li>{c().classes} classes, {c().K} batches of {batch()}</li>
            <li><span data-testid="cost-per-sample">{c().perSample.toLocaleString('en')}</span> constraints per sample ({c().perBatch.toLocaleString('en')} per batch proof)</li>
            <li>Proving, for each hunter: about {(c().proveMs / 1000).toFixed(0)} s in a browser on 2 cores (≈ {MS_PER_CONSTRAINT} ms per constraint, docs/BENCHMARKS.md)</li>
            <li>Gas limits: reveal {c().revealGas.toLocaleString('en')}, all batch proofs of a hunter {c().batchGas.toLocaleString('en')}, hand-over {c().handoverGas.toLocaleString('en')}</li>
            <li>You escrow {formatEther(parseEther(reward() || '0') + parseEther(bond() || '0'))} ETH (reward + bond)</li>
          </ul>
        </div>
      )}</Show>

      <p class="bounty-warn" data-testid="create-salt-warning">The test set is committed with secret salts kept only in this browser. <strong>If you lose them before the reveal, you cannot reveal and you lose the bond.</strong> Download the backup file below and keep it safe.</p>
      <div class="bounty-form-row">
        <button class="btn primary" disabled={!!busy() || !model() || !samples() || !!batchIssue() || !s.choice()} onClick={() => void create()} data-testid="create-submit">Commit the test set, register the circuits and create</button>
        <Show when={saved()}>{(r) => <button class="btn" data-testid="create-backup" onClick={() => download(`zkml-testset-${r().testRoot.slice(0, 10)}.json`, r())}>Download the test-set backup</button>}</Show>
      </div>
      <Show when={busy()}><p class="bounty-busy" data-testid="create-busy" aria-live="polite">{busy()}</p></Show>
      <Problem error={error()} testid="create-error" />
    </section>
  );
}
