/**
 * Step 4: an input (image upload, pasted JSON, or a bundled MNIST sample) → the float model's and the
 * circuit's predictions side by side → a proof in the snark worker (progress, elapsed, real Cancel),
 * verified in the worker right after.
 */
import { createSignal, createResource, For, Show, createEffect, on, onCleanup } from 'solid-js';
import { useServices } from '../context.js';
import type { Studio, ProofResult } from '../studio.js';
import { CancelledError } from '../clients/index.js';
import { loadSamplesIndex, loadSampleImage } from '../input/samples.js';
import { imageToModelInput, previewImageData } from '../input/image.js';
import type { PredictResult } from '../lib/predict-client.js';
import { fmtMs, errorMessage } from '../lib/files.js';
import { Busy } from '../ui/Busy.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { DropZone } from '../ui/DropZone.js';
import { BarChart } from '../ui/BarChart.js';
import { GrayCanvas } from '../ui/GrayCanvas.js';
import type { SampleImage } from '../input/samples.js';

function SampleThumb(props: { image: SampleImage }) {
  const [img] = createResource(() => props.image, (i) => loadSampleImage(i).catch(() => undefined));
  return <GrayCanvas width={img()?.width ?? 28} height={img()?.height ?? 28} pixels={img() && (img()!.maxval === 255 ? img()!.pixels : Array.from(img()!.pixels, (v) => (v * 255) / img()!.maxval))} class="thumb-img" />;
}

interface ChosenInput {
  label: string;
  nested: unknown;
  /** for display and the share link: values × scale = the model input */
  display: { shape: number[]; data: number[]; scale?: number };
  preview?: { width: number; height: number; pixels: Uint8ClampedArray };
  trueLabel?: number;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function nest(flat: number[], shape: number[]): unknown {
  if (shape.length <= 1) return flat;
  const step = size(shape.slice(1));
  return Array.from({ length: shape[0]! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
}
function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(Number(v));
  return out;
}

export function ProveStep(props: { studio: Studio }) {
  const services = useServices();
  const clients = services.clients;
  const s = props.studio;
  const shape = () => s.transpiled()!.model.inputShape;
  const [samples] = createResource(() => loadSamplesIndex().catch(() => undefined));
  const dataset = () => samples()?.datasets.find((d) => size(d.shape) === size(shape()));
  const [input, setInput] = createSignal<ChosenInput>();
  const [json, setJson] = createSignal('');
  const [prediction, setPrediction] = createSignal<PredictResult>();
  const [busy, setBusy] = createSignal<string>();
  const [stage, setStage] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [note, setNote] = createSignal<string>();
  let ac: AbortController | undefined;
  onCleanup(() => ac?.abort()); // the step is replaced (new model, other project): its job is stale
  let canvas: HTMLCanvasElement | undefined;

  async function choose(f: () => Promise<ChosenInput>) {
    setError(undefined);
    setNote(undefined);
    setPrediction(undefined);
    try {
      const c = await f();
      setInput(c);
      await predict(c);
    } catch (e) {
      setError(e);
    }
  }

  const fromImage = (src: Parameters<typeof imageToModelInput>[0], label: string, trueLabel?: number) => choose(async () => {
    const range = s.settings().inputRange;
    const m = await imageToModelInput(src, { shape: shape(), invert: 'auto', range });
    const plain = range[0] === 0 && range[1] === 1;
    return {
      label: `${label}${m.inverted ? ' (inverted)' : ''}`, nested: m.nested, preview: m.preview, trueLabel,
      display: plain ? { shape: m.shape, data: Array.from(m.preview.pixels), scale: 1 / 255 } : { shape: m.shape, data: Array.from(m.data) },
    };
  });

  const fromJson = () => choose(async () => {
    let v: unknown;
    try { v = JSON.parse(json()); } catch (e) { throw new Error(`not JSON: ${errorMessage(e)}`); }
    if (v && typeof v === 'object' && !Array.isArray(v) && 'input' in v) v = (v as { input: unknown }).input;
    if (!Array.isArray(v)) throw new Error('expected an array of numbers (flat, or nested in the input shape)');
    const flat = flatten(v);
    if (flat.some((x) => !Number.isFinite(x))) throw new Error('every value must be a finite number');
    const nested = flat.length === size(shape()) && !Array.isArray(v[0]) ? nest(flat, shape()) : v;
    return { label: `pasted (${flat.length} values)`, nested, display: { shape: shape(), data: flat } };
  });

  async function predict(c: ChosenInput) {
    const t = s.transpiled()!;
    setBusy('Predicting');
    try {
      setPrediction(await services.predict.predict(s.files(), t.quantization, c.nested));
    } finally {
      setBusy(undefined);
    }
  }

  createEffect(on(input, (c) => {
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!c?.preview || !ctx) { ctx?.clearRect(0, 0, canvas.width, canvas.height); return; }
    canvas.width = c.preview.width; canvas.height = c.preview.height;
    ctx.putImageData(previewImageData(c.preview), 0, 0);
  }));

  async function prove() {
    const c = input(); const k = s.keys()!; const comp = s.compiled()!; const t = s.transpiled()!;
    if (!c) return;
    ac = new AbortController();
    setError(undefined);
    setNote(undefined);
    setStage(undefined);
    setBusy('Computing the witness');
    try {
      const w = await clients.transpile.witness(t.quantization, c.nested, { signal: ac.signal });
      setBusy(`Proving (${k.scheme})`);
      const r = await clients.snark.prove({ scheme: k.scheme, wasm: comp.wasm, zkey: k.zkey, input: w.input }, {
        signal: ac.signal, onProgress: (p) => setStage(p.stage),
      });
      setBusy('Verifying');
      const verified = await clients.snark.verify({ scheme: k.scheme, vkey: k.vkey, proof: r.proof, publicSignals: r.publicSignals }, { signal: ac.signal });
      const names = t.publicSignals;
      const outIdx = names.indexOf('out');
      const p: ProofResult = {
        id: crypto.randomUUID?.() ?? String(Date.now()), createdAt: new Date().toISOString(), scheme: k.scheme,
        proof: r.proof, publicSignals: r.publicSignals, input: c.display, label: c.label,
        ...(outIdx >= 0 ? { outputClass: Number(r.publicSignals[outIdx]) } : {}),
        timings: r.timings, verified,
      };
      await s.saveProof(p);
    } catch (e) {
      if (e instanceof CancelledError) setNote('Cancelled. The worker was stopped; nothing was kept. You can prove again.');
      else setError(e);
    } finally {
      setBusy(undefined);
      setStage(undefined);
    }
  }

  return (
    <div class="stack">
      <div class="inputs">
        <Show when={dataset()}>
          {(d) => (
            <div class="input-src">
              <div class="label" title={d().name}>Bundled MNIST samples</div>
              <div class="thumbs" data-testid="mnist-samples">
                <For each={d().images.slice(0, 10)}>
                  {(img, i) => (
                    <button class="thumb" disabled={!!busy()} data-testid={`mnist-${i()}`} title={`sample ${img.name}, label ${img.label}`}
                      onClick={() => void loadSampleImage(img).then((g) => fromImage(g, `sample ${img.name} (label ${img.label})`, img.label), setError)}>
                      <SampleThumb image={img} />
                    </button>
                  )}
                </For>
              </div>
            </div>
          )}
        </Show>
        <div class="input-src">
          <div class="label">Image</div>
          <DropZone accept="image/*,.pgm" onFiles={(f) => void fromImage(f[0]!, f[0]!.name)} testid="input-image" disabled={!!busy()}>
            <strong>PNG, JPEG or PGM</strong><span class="muted small">resized to [{shape().join('×')}]</span>
          </DropZone>
        </div>
        <div class="input-src grow">
          <div class="label">JSON array</div>
          <textarea rows="3" placeholder={`[[...]] in shape [${shape().join(', ')}] or a flat array of ${size(shape())} numbers`} value={json()} onInput={(e) => setJson(e.currentTarget.value)} data-testid="input-json" />
          <button class="btn" disabled={!json().trim() || !!busy()} onClick={() => void fromJson()} data-testid="use-json">Use this input</button>
        </div>
      </div>
      <ErrorBox error={error()} testid="prove-error" />
      <Show when={input()}>
        {(c) => (
          <div class="prediction" data-testid="prediction">
            <div class="chosen">
              <canvas ref={canvas} class="preview" classList={{ hidden: !c().preview }} width="28" height="28" />
              <div>
                <div class="label">Input</div>
                <div data-testid="input-label">{c().label}</div>
              </div>
            </div>
            <Show when={prediction()}>
              {(p) => (
                <div class="grow">
                  <p class="predicted" data-testid="predicted">
                    Float model: <strong>{p().float ? argmax(p().float!) : '—'}</strong> · Circuit: <strong data-testid="circuit-class">{p().circuitClass}</strong>
                    <Show when={c().trueLabel !== undefined}> · Label: <strong>{c().trueLabel}</strong></Show>
                  </p>
                  <BarChart highlight={p().circuitClass} testid="prediction-chart" series={[
                    ...(p().float ? [{ name: 'float model', values: softmax(p().float!), color: '#7cc4ff' }] : []),
                    { name: 'circuit (fixed point)', values: softmax(p().circuit), color: '#b48cff' },
                  ]} />
                  <p class="muted small">softmax of each side's logits; the circuit proves the class with the highest logit</p>
                  <Show when={p().floatError}><p class="muted small">Float model unavailable: {p().floatError}</p></Show>
                </div>
              )}
            </Show>
          </div>
        )}
      </Show>
      <div class="row">
        <button class="btn primary" disabled={!input() || !!busy()} onClick={() => void prove()} data-testid="prove">Prove</button>
        <Show when={s.proof()?.timings}><span class="muted small">last proof: witness {fmtMs(s.proof()!.timings!.witnessMs)}, proof {fmtMs(s.proof()!.timings!.proveMs)}</span></Show>
      </div>
      <Show when={busy()}><Busy label={busy()!} stage={stage()} onCancel={busy() === 'Predicting' ? undefined : () => ac?.abort()} testid="prove-busy" /></Show>
      <Show when={note()}><p class="notice" data-testid="prove-note">{note()}</p></Show>
      <Show when={s.proof()}>
        {(p) => (
          <div class="verdict" classList={{ ok: p().verified?.valid !== false }} data-testid="proof-result">
            <Show when={p().verified} fallback={<span>Proof loaded from the project{p().outputClass !== undefined ? ` · class ${p().outputClass}` : ''}</span>}>
              <span data-testid="proof-verified">{p().verified!.valid ? '✓ Proof verified' : `✗ Proof did not verify: ${p().verified!.reason ?? ''}`}</span>
            </Show>
            <Show when={p().outputClass !== undefined && p().verified}><span> · proven output class <strong>{p().outputClass}</strong></span></Show>
            <Show when={p().timings}><span class="muted"> · {fmtMs(p().timings!.totalMs)}</span></Show>
          </div>
        )}
      </Show>
    </div>
  );
}

/** probabilities from logits, for a chart that reads at a glance (both sides treated alike) */
function softmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

const argmax = (xs: readonly number[]) => xs.reduce((k, v, i) => (v > xs[k]! ? i : k), 0);
