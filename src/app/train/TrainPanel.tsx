/**
 * Train a model of a bounty's accepted architecture in the browser (no Python): epochs, batch size, validation
 * share and patience; Start, "Stop (keep best)" and Cancel; a live loss and accuracy chart per epoch (training
 * and validation); the early-stopping note; and, at the end, the model files (model.json + weights.bin) that
 * transpile to the architecture's hash, handed to `onModel`.
 *
 * Training runs in its own worker (./train-client.ts over workers/train.worker.ts), so the page stays live.
 * The client comes from the `client` prop (e.g. from context), else the panel makes one and ends it on cleanup.
 */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { TrainClient, type EpochStats, type TrainResult } from './train-client.js';
import type { InputDescriptor } from '../../core/commit/input-descriptor.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import './train.css';

export interface TrainPanelProps {
  /** the bounty's accepted architecture (zkml/architecture/v1) */
  architecture: unknown;
  /** the training data: uint8 samples in the architecture's input shape, and their labels */
  samples: Uint8Array | readonly Uint8Array[];
  labels: ArrayLike<number>;
  inputDescriptor?: InputDescriptor;
  /** called once per trained model with its files (model.json, weights.bin) and the full result */
  onModel: (files: File[], result: TrainResult) => void;
  client?: TrainClient;
  /** initial settings */
  defaults?: Partial<{ epochs: number; batchSize: number; validationPercent: number; patience: number; learningRate: number }>;
}

interface Line { name: string; color: string; dash?: boolean; values: (number | null)[] }

/** A small SVG line chart over epochs 1..n; `max` fixes the top of the y axis (else the data's maximum). */
export function LineChart(props: { title: string; lines: Line[]; epochs: number; max?: number; testid: string; mark?: number }) {
  const W = 420, H = 150, pad = { l: 34, r: 8, t: 8, b: 20 };
  const top = () => props.max ?? Math.max(1e-9, ...props.lines.flatMap((l) => l.values.filter((v): v is number => v !== null && Number.isFinite(v))));
  const n = () => Math.max(2, props.epochs);
  const x = (i: number) => pad.l + (i / (n() - 1)) * (W - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - Math.min(v, top()) / top()) * (H - pad.t - pad.b);
  const path = (vs: (number | null)[]) => vs.map((v, i) => (v === null || !Number.isFinite(v) ? '' : `${i === 0 || vs[i - 1] === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`)).join('');
  return (
    <figure class="chart train-chart" data-testid={props.testid}>
      <figcaption class="train-chart-title">{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={props.title}>
        <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke="#3a4360" />
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={y(0)} stroke="#3a4360" />
        <text class="chart-label" x={pad.l - 4} y={pad.t + 10} text-anchor="end">{top() >= 10 ? top().toFixed(0) : top().toFixed(2)}</text>
        <text class="chart-label" x={pad.l - 4} y={y(0)} text-anchor="end">0</text>
        <text class="chart-label" x={pad.l} y={H - 4}>1</text>
        <text class="chart-label" x={W - pad.r} y={H - 4} text-anchor="end">epoch {props.epochs}</text>
        <Show when={props.mark}>
          {(m) => <line x1={x(m() - 1)} x2={x(m() - 1)} y1={pad.t} y2={y(0)} stroke="#6fd39b" stroke-dasharray="3 3" data-testid={`${props.testid}-best`} />}
        </Show>
        <For each={props.lines}>
          {(l) => <path d={path(l.values)} fill="none" stroke={l.color} stroke-width="2" stroke-dasharray={l.dash ? '5 4' : undefined} data-testid={`${props.testid}-${l.name.replace(/\W+/g, '-')}`} data-points={l.values.filter((v) => v !== null).length} />}
        </For>
      </svg>
      <div class="train-legend">
        <For each={props.lines}>{(l) => <span><i style={{ background: l.color }} />{l.name}</span>}</For>
      </div>
    </figure>
  );
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export function TrainPanel(props: TrainPanelProps) {
  const own = props.client ? undefined : new TrainClient();
  const client = () => props.client ?? own!;
  onCleanup(() => own?.terminate('the training panel was closed'));
  const d = props.defaults ?? {};
  const [epochs, setEpochs] = createSignal(d.epochs ?? 10);
  const [batchSize, setBatchSize] = createSignal(d.batchSize ?? 32);
  const [valPct, setValPct] = createSignal(d.validationPercent ?? 20);
  const [patience, setPatience] = createSignal(d.patience ?? 3);
  const [history, setHistory] = createSignal<EpochStats[]>([]);
  const [running, setRunning] = createSignal(false);
  const [stopping, setStopping] = createSignal(false);
  const [result, setResult] = createSignal<TrainResult>();
  const [error, setError] = createSignal<unknown>();
  let cancel: AbortController | undefined;
  const count = () => (props.samples instanceof Uint8Array ? props.labels.length : props.samples.length);

  const start = async () => {
    setError(undefined); setResult(undefined); setHistory([]); setRunning(true); setStopping(false);
    cancel = new AbortController();
    try {
      const r = await client().train({
        architecture: props.architecture, samples: props.samples, labels: Array.from(props.labels), inputDescriptor: props.inputDescriptor,
        epochs: epochs(), batchSize: batchSize(), validationSplit: valPct() / 100, patience: patience(), learningRate: d.learningRate,
      }, { signal: cancel.signal, onEpoch: (e) => setHistory((h) => [...h, e]) });
      setHistory(r.history);
      setResult(r);
      const files = r.files.map((f) => new File([f.bytes as BlobPart], f.name, { type: f.name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
      props.onModel(files, r);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false); setStopping(false); cancel = undefined;
    }
  };
  const stop = async () => { setStopping(true); if (!(await client().finish())) setStopping(false); };
  const hardCancel = () => cancel?.abort('cancelled by the user');
  const h = history;
  const hasVal = () => valPct() > 0;
  const best = () => result()?.bestEpoch ?? h().filter((e) => e.best).at(-1)?.epoch;
  const num = (set: (v: number) => void, min: number, max: number) => (ev: Event) => {
    const v = Number((ev.currentTarget as HTMLInputElement).value);
    if (Number.isFinite(v)) set(Math.min(max, Math.max(min, Math.round(v))));
  };

  return (
    <div class="train-panel" data-testid="train-panel">
      <p class="muted">Train a model of this architecture on {count().toLocaleString('en')} samples, in this browser. Pixels are read as byte / 255, as the accuracy circuit reads them.</p>
      <div class="train-settings">
        <label>Epochs <input type="number" min="1" max="1000" value={epochs()} onChange={num(setEpochs, 1, 1000)} disabled={running()} data-testid="train-epochs" /></label>
        <label>Batch size <input type="number" min="1" max="4096" value={batchSize()} onChange={num(setBatchSize, 1, 4096)} disabled={running()} data-testid="train-batch" /></label>
        <label>Validation % <input type="number" min="0" max="90" value={valPct()} onChange={num(setValPct, 0, 90)} disabled={running()} data-testid="train-val" /></label>
        <label>Patience <input type="number" min="0" max="1000" value={patience()} onChange={num(setPatience, 0, 1000)} disabled={running()} data-testid="train-patience" /></label>
      </div>
      <div class="train-actions">
        <button class="btn primary" onClick={start} disabled={running()} data-testid="train-start">{result() ? 'Train again' : 'Start training'}</button>
        <Show when={running()}>
          <button class="btn" onClick={stop} disabled={stopping() || h().length === 0} data-testid="train-stop" title="End after the current batch and keep the best epoch so far">{stopping() ? 'Stopping…' : 'Stop (keep best)'}</button>
          <button class="btn danger" onClick={hardCancel} data-testid="train-cancel">Cancel</button>
        </Show>
      </div>
      <p class="muted train-note" data-testid="train-note">
        Early stopping: training ends when the {hasVal() ? 'validation' : 'training'} loss has not improved for {patience()} epoch{patience() === 1 ? '' : 's'}, and the best epoch's weights are kept.
      </p>
      <Show when={running() || h().length > 0}>
        <div class="train-status" data-testid="train-status" aria-live="polite">
          {running() ? `Epoch ${h().length} of ${epochs()} done` : `${h().length} epoch${h().length === 1 ? '' : 's'} run`}
          <Show when={h().at(-1)}>{(e) => <> · loss {e().loss.toFixed(3)}{e().valLoss !== null ? ` · validation loss ${e().valLoss!.toFixed(3)}` : ''} · accuracy {pct(e().accuracy)}{e().valAccuracy !== null ? ` · validation ${pct(e().valAccuracy)}` : ''}</>}</Show>
        </div>
        <div class="train-charts">
          <LineChart title="Loss" testid="train-loss" epochs={Math.max(h().length, 2)} mark={best()}
            lines={[{ name: 'training', color: '#7cc4ff', values: h().map((e) => e.loss) }, ...(h().some((e) => e.valLoss !== null) ? [{ name: 'validation', color: '#f2a65a', dash: true, values: h().map((e) => e.valLoss) }] : [])]} />
          <LineChart title="Accuracy" testid="train-accuracy" epochs={Math.max(h().length, 2)} max={1} mark={best()}
            lines={[{ name: 'training', color: '#7cc4ff', values: h().map((e) => e.accuracy) }, ...(h().some((e) => e.valAccuracy !== null) ? [{ name: 'validation', color: '#f2a65a', dash: true, values: h().map((e) => e.valAccuracy) }] : [])]} />
        </div>
      </Show>
      <ErrorBox error={error()} testid="train-error" title={error() && (error() as Error).name === 'CancelledError' ? 'Training cancelled' : undefined} />
      <Show when={result()}>
        {(r) => (
          <div class="train-result" data-testid="train-result">
            <p>
              {r().stoppedEarly ? `Stopped early after epoch ${r().history.length}: ` : r().finishedByUser ? `Stopped after epoch ${r().history.length}: ` : ''}
              kept epoch <strong data-testid="train-best">{r().bestEpoch}</strong>.
              {' '}Accuracy on {r().evaluatedCount} {r().evaluatedOn} samples: float {pct(r().floatAccuracy)}, circuit <strong data-testid="train-circuit-accuracy">{pct(r().circuitAccuracy)}</strong>.
            </p>
            <p class="muted">The model was fitted to the architecture's fixed quantization: it has the bounty's architecture hash <code class="train-hash">{r().archHash.slice(0, 10)}…</code> and model commitment <code class="train-hash" data-testid="train-commitment">{r().commitment.slice(0, 10)}…</code>.</p>
          </div>
        )}
      </Show>
    </div>
  );
}

export default TrainPanel;
