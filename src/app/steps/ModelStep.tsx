/** Step 1: model files (drop, pick, or a bundled sample) → transpile in the worker → layer report. */
import { createSignal, createResource, For, Show } from 'solid-js';
import { useClients } from '../context.js';
import { studioTranspileOptions, keptSettings, type Studio, type TranspileSettings } from '../studio.js';
import { loadSamplesIndex, loadSampleModel, type SampleModel } from '../input/samples.js';
import type { ModelFile } from '../clients/index.js';
import type { InputVisibility } from '../../core/codegen/index.js';
import { CancelledError } from '../clients/index.js';
import { DropZone } from '../ui/DropZone.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { Busy } from '../ui/Busy.js';
import { LayerTable } from '../ui/LayerTable.js';
import { readFiles, fmtInt, formatBytes } from '../lib/files.js';
import { publicPtauFor } from '../../zk/ptau.js';
import { loadDevPtauIndex } from '../input/ptau.js';

export function ModelStep(props: { studio: Studio }) {
  const clients = useClients();
  const s = props.studio;
  const [samples] = createResource(() => loadSamplesIndex().catch(() => undefined));
  // the largest development ptau the app ships (0 when none)
  const [devMax] = createResource(() => loadDevPtauIndex().then((i) => Math.max(0, ...i.files.map((f) => f.power))).catch(() => 0));
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  let ac: AbortController | undefined;

  /** Transpiles `files`; only a model that transpiles replaces the current project (`name` given: a new one). */
  async function transpile(files: ModelFile[], name?: string) {
    s.touch();
    ac = new AbortController();
    setError(undefined);
    setBusy('Transpiling the model');
    try {
      // again (no name): the project's own stored options, with the form's changes; a new model: the form's and the defaults
      const r = await clients.transpile.transpile(files, studioTranspileOptions(s.settings(), name === undefined), { signal: ac.signal });
      if (name !== undefined) s.newProject(files, name);
      await s.saveTranspiled(r);
      clients.transpile.release(); // the HDF5 reader's WASM memory goes with its worker (witnesses start a fresh one)
    } catch (e) {
      if (!(e instanceof CancelledError)) setError(e);
    } finally {
      setBusy(undefined);
    }
  }

  async function useFiles(list: File[]) {
    setError(undefined);
    const files = await readFiles(list);
    // named after the file the user dropped (a .h5's internal name is usually just "model" or "sequential")
    await transpile(files, projectNameFor(files));
  }

  async function useSample(m: SampleModel) {
    s.touch();
    setError(undefined);
    setBusy(`Loading ${m.name}`);
    let files: ModelFile[];
    try {
      files = await loadSampleModel(m);
      s.setSettings({ ...s.settings(), inputRange: m.inputRange });
    } catch (e) {
      setError(e);
      setBusy(undefined);
      return;
    }
    await transpile(files, m.name);
  }

  const setVisibility = (v: InputVisibility) => s.setSettings({ ...s.settings(), input: v });

  return (
    <div class="stack">
      <div class="row wrap">
        <DropZone multiple accept=".h5,.hdf5,.keras,.json,.bin" onFiles={(f) => void useFiles(f)} testid="model-files" disabled={!!busy()}>
          <strong>Drop a Keras model here</strong>
          <span class="muted">or click to choose: <code>.h5</code>, <code>.keras</code>, or <code>model.json</code> with its weight shards</span>
        </DropZone>
        <div class="samples">
          <div class="label">Bundled samples</div>
          <Show when={samples()} fallback={<span class="muted">{samples.loading ? 'loading…' : 'unavailable'}</span>}>
            <For each={samples()!.models}>
              {(m) => (
                <button class="sample" data-testid={`sample-${m.id}`} disabled={!!busy()} onClick={() => void useSample(m)} title={m.description}>
                  <span>{m.name}</span>
                  <span class="muted small" data-testid="sample-size">{fmtInt(m.circuit.constraints)} constraints with a {m.circuit.input} input · ptau 2<sup>{m.circuit.ptauPower}</sup></span>
                  <Show when={m.circuit.input !== s.settings().input}>
                    <span class="muted small">with a {s.settings().input} input (selected below): counted once loaded</span>
                  </Show>
                </button>
              )}
            </For>
          </Show>
        </div>
      </div>
      <div class="row wrap settings">
        <label>Input is
          <span class="visibility">
            <select value={s.settings().input} onChange={(e) => setVisibility(e.currentTarget.value as InputVisibility)} data-testid="input-visibility">
              <option value="hashed">hashed</option>
              <option value="public">public</option>
              <option value="private">private</option>
            </select>
            <span class="muted" data-testid="input-visibility-note">{VISIBILITY_NOTE[s.settings().input]}</span>
          </span>
        </label>
        <label>Weights are
          <span class="visibility">
            <select value={s.settings().weights ?? 'private'} onChange={(e) => s.setSettings({ ...s.settings(), weights: e.currentTarget.value as 'private' | 'public' })} data-testid="weights-visibility">
              <option value="private">private</option>
              <option value="public">public</option>
            </select>
            <span class="muted" data-testid="weights-visibility-note">{WEIGHTS_NOTE[s.settings().weights ?? 'private']}</span>
          </span>
        </label>
        <label>Input range
          <input class="short" type="number" step="any" value={s.settings().inputRange[0]} onChange={(e) => s.setSettings({ ...s.settings(), inputRange: [Number(e.currentTarget.value), s.settings().inputRange[1]] })} />
          <span>to</span>
          <input class="short" type="number" step="any" value={s.settings().inputRange[1]} onChange={(e) => s.setSettings({ ...s.settings(), inputRange: [s.settings().inputRange[0], Number(e.currentTarget.value)] })} />
        </label>
        <Show when={s.files()}>
          <button class="btn" disabled={!!busy()} onClick={() => void transpile(s.files()!)} data-testid="transpile">Transpile again</button>
        </Show>
      </div>
      <Show when={s.files() && keptSettings(s.settings()).length > 0}>
        <p class="muted small" data-testid="transpile-kept">
          Also this project's own options, kept when it is transpiled again:{' '}
          <span class="mono">{keptSettings(s.settings()).map(([k, v]) => `${KEPT_LABEL[k]} ${v === true ? 'yes' : v === false ? 'no' : v}`).join(' · ')}</span>
        </p>
      </Show>
      <Show when={busy()}><Busy label={busy()!} onCancel={() => ac?.abort()} /></Show>
      <ErrorBox error={error()} testid="model-error" context="model" />
      <Show when={s.transpiled()}>
        {(t) => (
          <>
            <p class="summary" data-testid="model-summary">
              <strong>{t().model.name}</strong> <span class="pill">{t().model.format}</span> input [{t().model.inputShape.join('×')}] ·
              {' '}{fmtInt(t().estimate.total)} constraints estimated · Groth16 needs ptau 2<sup>{t().ptauPower}</sup> ·
              public signals: <span class="mono">{summariseSignals(t().publicSignals)}</span>
              {' '}<span class="pill" data-testid="model-kind">{t().weights === 'public' ? 'public model: weights in the circuit' : 'committed model'}</span>
            </p>
            <Show when={devMax() !== undefined && t().ptauPower > devMax()!}>
              <p class="notice small" data-testid="ptau-hint">
                The bundled development ptau files go up to 2<sup>{devMax()}</sup>; this circuit needs 2<sup>{t().ptauPower}</sup>. Groth16 development keys (not for value)
                need no file; for keys of value, or PLONK/FFLONK, the setup step asks for
                {' '}<span class="mono">{publicPtauFor(t().ptauPower)?.name ?? 'a larger ptau'}</span>{publicPtauFor(t().ptauPower) ? ` (~${formatBytes(publicPtauFor(t().ptauPower)!.approxBytes)})` : ''}.
              </p>
            </Show>
            <For each={t().warnings}>{(w) => <p class="warning" role="alert" data-testid="model-warning">⚠ {w}</p>}</For>
            <LayerTable result={t()} />
          </>
        )}
      </Show>
    </div>
  );
}

const KEPT_LABEL: Partial<Record<keyof TranspileSettings, string>> = {
  actBits: 'activation bits', weightBits: 'weight bits', inputBits: 'input bits', constBits: 'constant bits', raw: 'raw logits',
};

const WEIGHTS_NOTE: Record<'private' | 'public', string> = {
  private: 'committed: a proof shows only the model\'s commitment',
  public: 'a public model: the weights are built into the circuit and travel in every share link (anyone with a link gets the model); far fewer constraints',
};

const VISIBILITY_NOTE: Record<InputVisibility, string> = {
  hashed: 'private; only its commitment is public',
  public: 'every value is in the proof',
  private: 'nothing about it is public',
};

/**
 * A project's name from the files dropped: the model file's name without its extension. A tfjs
 * `model.json` is always called that, so its model's own name is used instead ('' → the transpiler's).
 */
export function projectNameFor(files: { name: string }[]): string {
  const main = files.find((f) => /\.(h5|hdf5|keras)$/i.test(f.name)) ?? files.find((f) => /\.json$/i.test(f.name)) ?? files[0];
  if (!main) return '';
  const stem = main.name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return /\.json$/i.test(main.name) && /^model$/i.test(stem) ? '' : stem;
}

/** "out, commitment, in[0..783]" */
export function summariseSignals(names: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const m = /^(.*)\[(\d+)\]$/.exec(names[i]!);
    if (!m) { out.push(names[i]!); i++; continue; }
    let j = i;
    while (j + 1 < names.length && names[j + 1] === `${m[1]}[${Number(m[2]) + (j + 1 - i)}]`) j++;
    out.push(j > i ? `${m[1]}[${m[2]}..${Number(m[2]) + j - i}]` : names[i]!);
    i = j + 1;
  }
  return out.join(', ');
}
