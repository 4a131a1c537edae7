/**
 * Datasets on IPFS: add a folder of images + labels.json (or the bundled MNIST sample) and see every
 * file's CID and the dataset's; open one by CID or by its link (#dataset=<cid>); browse it as a grid
 * with labels. Datasets stay in this browser (IndexedDB) and open offline; with the local peer running
 * (npm start) they are published to it, so another browser can open them by CID. Helia is loaded
 * on first use (ipfs-client.ts, a lazy chunk).
 */
import { createSignal, For, onMount, Show } from 'solid-js';
import { DropZone } from '../ui/DropZone.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { GrayCanvas } from '../ui/GrayCanvas.js';
import type { AddResult, PeerStatus, StoredDataset } from './ipfs-client.js';
import type { LoadedDataset } from '../../ipfs/dataset.js';
import './datasets.css';

const client = () => import('./ipfs-client.js');
const GRID_MAX = 1000;

export const datasetLink = (cid: string) => `${location.origin}${location.pathname}#dataset=${cid}`;

function Progress(props: { phase: string; done: number; total: number }) {
  return (
    <div class="ds-progress" data-testid="dataset-progress">
      <span>{props.phase}</span>
      <progress max={props.total || 1} value={props.done} />
      <span class="muted">{props.phase === 'fetching' ? `${(props.done / 1024).toFixed(0)} KiB` : `${props.done} / ${props.total}`}</span>
    </div>
  );
}

export default function DatasetsPage(props: { hash: string; onClose: () => void }) {
  const [status, setStatus] = createSignal<PeerStatus>();
  const [stored, setStored] = createSignal<StoredDataset[]>([]);
  const [use, setUse] = createSignal<{ blocks: number; bytes: number }>();
  const [busy, setBusy] = createSignal<{ phase: string; done: number; total: number }>();
  const [error, setError] = createSignal<unknown>();
  const [added, setAdded] = createSignal<AddResult>();
  const [open, setOpen] = createSignal<LoadedDataset & { fetched: boolean }>();
  const [description, setDescription] = createSignal('');
  const [cidInput, setCidInput] = createSignal('');

  const refresh = async () => {
    const c = await client();
    setStored(await c.storedDatasets());
    setUse(await c.storageUse());
  };
  const run = async (f: () => Promise<void>) => {
    setError(undefined);
    setBusy({ phase: 'starting', done: 0, total: 1 });
    try { await f(); } catch (e) { setError(e); } finally { setBusy(undefined); }
    try { await refresh(); } catch { /* shown by the operation */ }
  };
  const progress = (phase: string, p: { done: number; total: number }) => setBusy({ phase, ...p });

  const addFiles = (files: { name: string; bytes: Uint8Array }[]) => run(async () => {
    setAdded(undefined);
    const r = await (await client()).addFiles(files, { description: description() || undefined, onProgress: progress });
    setAdded(r);
    setCidInput(r.cid);
  });
  const fromFiles = async (files: File[]) => addFiles(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))));
  const openCid = (cid: string) => run(async () => {
    setOpen(undefined);
    const d = await (await client()).openDataset(cid, { onProgress: progress });
    setOpen(d);
    history.replaceState(null, '', `#dataset=${d.cid}`);
  });

  onMount(() => {
    void run(async () => {
      const c = await client();
      setStatus(await c.peerStatus());
      const m = /^#dataset=([A-Za-z0-9]+)/.exec(props.hash);
      if (m) { setCidInput(m[1]!); setBusy(undefined); await openCid(m[1]!); }
    });
  });

  return (
    <main class="page datasets" data-testid="datasets">
      <header class="ds-head">
        <h1>Datasets</h1>
        <button class="btn small ghost" onClick={() => props.onClose()}>← Studio</button>
      </header>
      <p class="muted" data-testid="dataset-peer">
        <Show when={status()} fallback="Starting the IPFS node…">
          {(s) => (s().version
            ? <>Local IPFS peer <code>{s().url}</code> is running: datasets you add are published to it, and datasets it has open here by CID.</>
            : <>No local IPFS peer{s().url ? <> at <code>{s().url}</code></> : ''} (start one with <code>npm start</code>): datasets stay in this browser.</>)}
        </Show>
      </p>

      <section class="step" aria-label="Add a dataset">
        <h2>Add a dataset</h2>
        <p class="muted">A folder of images (PGM or PNG, all the same size; or raw <code>.bin</code> tensors with a <code>dataset.json</code>) and a <code>labels.json</code>: an array (label of <code>0.pgm</code>, <code>1.pgm</code>, …) or an object <code>{'{"file": label}'}</code>.</p>
        <label class="ds-row">Description (optional) <input type="text" value={description()} onInput={(e) => setDescription(e.currentTarget.value)} data-testid="dataset-description" /></label>
        <div class="ds-row">
          <DropZone multiple onFiles={(f) => void fromFiles(f)} onError={(e) => setError(e)} testid="dataset-files" disabled={!!busy()}>
            <span>Drop a folder or its files here, or click to choose them</span>
          </DropZone>
          <label class="btn">Choose a folder…
            <input type="file" class="visually-hidden" data-testid="dataset-folder" {...{ webkitdirectory: true }} onChange={(e) => { const f = Array.from(e.currentTarget.files ?? []); e.currentTarget.value = ''; if (f.length) void fromFiles(f); }} />
          </label>
          <button class="btn" data-testid="dataset-sample" disabled={!!busy()} onClick={() => void run(async () => { const files = await (await client()).bundledMnist(); setBusy(undefined); await addFiles(files); })}>Use the bundled MNIST sample (20 images)</button>
        </div>
      </section>

      <Show when={busy()}>{(b) => <Progress {...b()} />}</Show>
      <ErrorBox error={error()} testid="dataset-error" title={error() instanceof Error ? `${(error() as Error).name}` : undefined} />

      <Show when={added()}>
        {(a) => (
          <section class="step" data-testid="dataset-added">
            <h2>Added</h2>
            <p>Dataset CID <code data-testid="dataset-cid">{a().cid}</code> · {a().manifest.count} samples · <a href={datasetLink(a().cid)} data-testid="dataset-link">shareable link</a>
              {' '}<Show when={a().published !== undefined} fallback={<span class="muted">(not published: no local peer)</span>}><span data-testid="dataset-published">published to the local peer ({a().published} blocks)</span></Show>
            </p>
            <details><summary>Each file's CID ({a().files.length})</summary>
              <table class="ds-cids" data-testid="dataset-file-cids"><tbody>
                <For each={a().files}>{(f) => <tr><td>{f.path}</td><td><code>{f.cid}</code></td></tr>}</For>
              </tbody></table>
            </details>
          </section>
        )}
      </Show>

      <section class="step" aria-label="Open a dataset">
        <h2>Open a dataset</h2>
        <form class="ds-row" onSubmit={(e) => { e.preventDefault(); void openCid(cidInput()); }}>
          <input type="text" placeholder="bafy…" size="64" value={cidInput()} onInput={(e) => setCidInput(e.currentTarget.value)} data-testid="dataset-cid-input" />
          <button class="btn primary" type="submit" disabled={!!busy() || !cidInput().trim()} data-testid="dataset-open">Open</button>
        </form>
        <Show when={stored().length}>
          <h3>Stored in this browser <Show when={use()}>{(u) => <span class="muted" data-testid="dataset-storage">({u().blocks} blocks, {(u().bytes / 1024).toFixed(1)} KiB)</span>}</Show></h3>
          <ul class="ds-stored" data-testid="dataset-stored">
            <For each={stored()}>
              {(s) => (
                <li>
                  <button class="btn small" onClick={() => { setCidInput(s.cid); void openCid(s.cid); }}>Open</button>{' '}
                  <code>{s.cid}</code> <span class="muted">{s.count} × {s.encoding} {s.shape}{s.description ? ` — ${s.description}` : ''}</span>{' '}
                  <button class="btn small danger" onClick={() => void run(async () => { await (await client()).removeDataset(s.cid); if (open()?.cid.toString() === s.cid) setOpen(undefined); })}>Remove</button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Show when={open()}>
        {(d) => (
          <section class="step" data-testid="dataset-view">
            <h2>Dataset <code>{d().cid.toString()}</code></h2>
            <p data-testid="dataset-summary">{d().manifest.count} samples · {d().manifest.input.encoding} {d().manifest.input.shape.join('×')} · labels {d().manifest.labels.join(', ')}{d().fetched ? ' · fetched from the local peer' : ' · from this browser'}{d().manifest.description ? ` · ${d().manifest.description}` : ''}</p>
            <div class="ds-grid" data-testid="dataset-grid">
              <For each={d().samples.slice(0, GRID_MAX)}>
                {(s) => (
                  <figure class="ds-sample" title={`${s.name} ${s.cid}`}>
                    <Show when={s.input.preview.width > 0} fallback={<div class="ds-raw">{s.raw.length} B</div>}>
                      <GrayCanvas width={s.input.preview.width} height={s.input.preview.height} pixels={s.input.preview.pixels} class="ds-img" />
                    </Show>
                    <figcaption data-testid="dataset-label">{String(s.label)}</figcaption>
                  </figure>
                )}
              </For>
            </div>
          </section>
        )}
      </Show>
    </main>
  );
}
