/**
 * The hunter's "train one here" path: fetch the bounty's training dataset by CID (Helia, through the
 * local peer, with progress), then helper H2's TrainPanel (src/app/train) trains the accepted
 * architecture in a worker and hands the model files to `onModel` — the same path as a dropped model.
 */
import { createSignal, lazy, Show } from 'solid-js';
import type { Architecture } from '../../core/commit/architecture.js';

const TrainPanel = lazy(() => import('../train/TrainPanel.js'));

export function TrainSection(props: { cid: string; architecture: Architecture; onModel: (files: File[]) => void }) {
  const [data, setData] = createSignal<{ samples: Uint8Array[]; labels: number[] }>();
  const [progress, setProgress] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const fetchData = async () => {
    setError(undefined); setProgress('opening the local IPFS node…');
    try {
      const { openDataset } = await import('../datasets/ipfs-client.js');
      const d = await openDataset(props.cid, { onProgress: (phase, p) => setProgress(`${phase} ${p.done} / ${p.total}`) });
      const rows = d.samples.filter((s) => typeof s.label === 'number');
      if (!rows.length) throw new Error('this dataset has no numeric labels to train on');
      setData({ samples: rows.map((s) => s.raw), labels: rows.map((s) => s.label as number) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <div class="bounty-train" data-testid="hunter-train">
      <Show when={data()} fallback={
        <p class="bounty-form-row">
          <button class="btn" disabled={!!progress()} onClick={() => void fetchData()} data-testid="hunter-fetch">Fetch the training data and train here</button>
          <Show when={progress()}><span class="muted" data-testid="hunter-fetch-progress">{progress()}</span></Show>
          <Show when={error()}><span class="bounty-why" data-testid="hunter-fetch-error">{error()}</span></Show>
        </p>
      }>{(d) => (
        <>
          <p class="muted" data-testid="hunter-train-data" data-count={d().samples.length}>{d().samples.length} training samples from <code>{props.cid}</code></p>
          <TrainPanel architecture={props.architecture} samples={d().samples} labels={d().labels} onModel={(files) => props.onModel(files)} />
        </>
      )}</Show>
    </div>
  );
}
