/**
 * Step 4: an input (image upload, pasted JSON, or a bundled MNIST sample) → the float model's and the
 * circuit's predictions side by side → a proof in the snark worker (progress, elapsed, real Cancel),
 * verified in the worker right after.
 */
import { createSignal, createResource, For, Show, createEffect, on, onCleanup, onMount } from 'solid-js';
import { useServices } from '../context.js';
import type { Studio, ProofResult, ChosenInput } from '../studio.js';
import { CancelledError } from '../clients/index.js';
import { loadSamplesIndex, loadSampleImage } from '../input/samples.js';
import { imageToModelInput, previewImageData } from '../input/image.js';
import { imageLayout } from '../../core/input/gray.js';
import { parseJsonInput } from '../input/json.js';
import type { PredictResult } from '../lib/predict-client.js';
import { fmtMs } from '../lib/files.js';
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

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** How far an image's aspect ratio may differ from the model's before the studio asks (1.5: 3:2 on a square). */
const ASPECT_TOLERANCE = 1.5;

/** An image whose shape is far from the model's: shown squashed, used only if the user says so. */
interface PendingImage { input: ChosenInput; message: string }

const STAGES: Record<string, string> = { witness: 'computing the witness', prove: 'proving', done: 'done' };

export function ProveStep(props: { studio: Studio }) {
  const services = useServices();
  const clients = services.clients;
  const s = props.studio;
  const shape = () => s.transpiled()!.model.inputShape;
  const [samples] = createResource(() => loadSamplesIndex().catch(() => undefined));
  const dataset = () => samples()?.datasets.find((d) => size(d.shape) === size(shape()));
  const imageSize = () => { try { const l = imageLayout(shape()); return `${l.width}×${l.height}`; } catch { return `[${shape().join('×')}]`; } };
  const input = s.input;
  const [json, setJson] = createSignal('');
  const [prediction, setPrediction] = createSignal<PredictResult>();
  const [pending, setPending] = createSignal<PendingImage>();
  const [busy, setBusy] = createSignal<string>();
  const [stage, setStage] = createSignal<string>();
  const [fraction, setFraction] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  /** whether the error came from choosing the input or from proving it (names the failure when its class does not) */
  const [errorFrom, setErrorFrom] = createSignal<'input' | 'prove'>('input');
  const [note, setNote] = createSignal<string>();
  let ac: AbortController | undefined;
  // the step is replaced (new model, other project): its job is stale, and nothing it finishes may land
  let alive = true;
  onCleanup(() => { alive = false; ac?.abort(); });
  let canvas: HTMLCanvasElement | undefined;
  /** still the same project and step as when `project` was read (a late result must not land in another) */
  const current = (project: string | undefined) => alive && s.projectId() === project;

  // an input kept with the project (a reload, a reopened project): its prediction and chart again
  onMount(() => {
    const c = input();
    const project = s.projectId();
    if (c) {
      void predict(c).then(
        (p) => { if (current(project) && input() === c) setPrediction(p); },
        // a kept input the circuit now refuses is said (Prove stays off); nothing stored is touched
        (e: unknown) => { if (current(project) && input() === c && !(e instanceof CancelledError)) setError(e); },
      );
    }
  });

  /**
   * A new input: whatever was shown for the previous one (picture, prediction, proof) goes first, so a
   * failure never leaves stale results next to an enabled Prove. Only an input the circuit accepts
   * (its prediction computed) is kept.
   */
  async function choose(f: () => Promise<ChosenInput | PendingImage>) {
    setError(undefined);
    setErrorFrom('input');
    setNote(undefined);
    setPrediction(undefined);
    setPending(undefined);
    if (input() || s.proof()) void s.saveInput(undefined);
    setBusy('Reading the input');
    const project = s.projectId();
    try {
      const c = await f();
      if (!current(project)) return;
      if ('message' in c) { setPending(c); return; }
      await accept(c);
    } catch (e) {
      if (current(project)) setError(e);
    } finally {
      if (alive) setBusy(undefined);
    }
  }

  async function accept(c: ChosenInput) {
    setPending(undefined);
    setError(undefined);
    setBusy('Predicting');
    const project = s.projectId();
    try {
      const p = await predict(c);
      if (!current(project)) return;
      setPrediction(p);
      setBusy(undefined); // Prove is ready now; keeping the input with the project need not hold it up
      await s.saveInput(c);
    } catch (e) {
      if (current(project) && !(e instanceof CancelledError)) setError(e);
    } finally {
      if (alive) setBusy(undefined);
    }
  }

  const fromImage = (src: Parameters<typeof imageToModelInput>[0], label: string, trueLabel?: number) => choose(async () => {
    const range = s.settings().inputRange;
    const m = await imageToModelInput(src, { shape: shape(), invert: 'auto', range });
    const plain = range[0] === 0 && range[1] === 1;
    const { width: W, height: H } = imageLayout(shape());
    const { width: w, height: h } = m.source;
    const c: ChosenInput = {
      label: `${label}${m.inverted ? ' (inverted)' : ''}`, nested: m.nested, preview: m.preview, trueLabel,
      display: plain ? { shape: m.shape, data: Array.from(m.preview.pixels), scale: 1 / 255 } : { shape: m.shape, data: Array.from(m.data) },
      ...(w !== W || h !== H ? { resized: `${w}×${h} ${w * h > W * H ? 'reduced' : 'enlarged'} to ${W}×${H}` } : {}),
    };
    const r = (w / h) / (W / H);
    if (Math.max(r, 1 / r) > ASPECT_TOLERANCE) {
      const ratio = (a: number, b: number) => (a >= b ? `${(a / b).toFixed(a % b ? 1 : 0)}:1` : `1:${(b / a).toFixed(b % a ? 1 : 0)}`);
      return {
        input: c,
        message: `This image is ${w}×${h} (${ratio(w, h)}), but the model takes ${W}×${H} (${ratio(W, H)}). Fitting it would squash it, as shown: the model would see a distorted picture. Crop it to the model's shape, or use it squashed anyway.`,
      };
    }
    return c;
  });

  const fromJson = () => choose(async () => {
    const { nested, flat } = parseJsonInput(json(), shape());
    return { label: `pasted (${flat.length} values)`, nested, display: { shape: shape(), data: flat } };
  });

  function predict(c: ChosenInput): Promise<PredictResult> {
    return services.predict.predict(s.files(), s.transpiled()!.quantization, c.nested);
  }

  createEffect(on(input, (c) => {
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!c?.preview || !ctx) { ctx?.clearRect(0, 0, canvas.width, canvas.height); return; }
    canvas.width = c.preview.width; canvas.height = c.preview.height;
    ctx.putImageData(previewImageData(c.preview), 0, 0);
  }));

  /** Prove only an input whose prediction the circuit computed (a refused input never reaches Prove). */
  const canProve = () => !!input() && !!prediction() && !busy() && !pending();

  async function prove() {
    const c = input(); const k = s.keys()!; const comp = s.compiled()!; const t = s.transpiled()!;
    if (!c || !canProve()) return;
    ac = new AbortController();
    const signal = ac.signal;
    setError(undefined);
    setErrorFrom('prove');
    setNote(undefined);
    setStage(undefined);
    setFraction(undefined);
    setBusy('Computing the witness');
    try {
      const w = await clients.transpile.witness(t.quantization, c.nested, { signal });
      setBusy(`Proving (${k.scheme})`);
      // the wasm and the zkey (69 MB for the MNIST CNN) are lent to the worker, not copied, and come back with the proof
      const r = await s.lend(['wasm', 'zkey'],
        (transfer) => clients.snark.prove({ scheme: k.scheme, wasm: comp.wasm, zkey: k.zkey, input: w.input }, {
          signal, transfer, onProgress: (p) => { setStage(STAGES[p.stage] ?? p.stage); setFraction(p.fraction); },
        }),
        (r) => { if (r.returned) { comp.wasm = r.returned.wasm; k.zkey = r.returned.zkey; } });
      setBusy('Verifying');
      setStage(undefined);
      setFraction(undefined);
      const verified = await clients.snark.verify({ scheme: k.scheme, vkey: k.vkey, proof: r.proof, publicSignals: r.publicSignals }, { signal });
      const names = t.publicSignals;
      const outIdx = names.indexOf('out');
      const at = (n: string) => { const i = names.indexOf(n); return i >= 0 ? r.publicSignals[i] : undefined; };
      let commitments: ProofResult['commitments'];
      if (at('claim') !== undefined) {
        // one public claim folds both commitments (PROTOCOL §3a): keep them for the receipt and the link
        const { proofCommitments } = await import('../../core/commit/proof-commitments.js');
        const pc = proofCommitments(t.quantization, c.nested);
        if (pc.claim.toString() !== at('claim')) throw new Error('the model and input commitments computed here do not give the proof\'s claim: the project\'s plan and its circuit disagree. Transpile the model again.');
        commitments = { model: pc.model.toString(), input: pc.input.toString() };
      } else if (at('commitment') !== undefined) {
        commitments = { model: at('commitment')!, ...(at('inputCommitment') ? { input: at('inputCommitment') } : {}) };
      }
      const p: ProofResult = {
        id: crypto.randomUUID?.() ?? String(Date.now()), createdAt: new Date().toISOString(), scheme: k.scheme,
        proof: r.proof, publicSignals: r.publicSignals, input: c.display, label: c.label,
        ...(outIdx >= 0 ? { outputClass: Number(r.publicSignals[outIdx]) } : {}),
        ...(commitments ? { commitments } : {}),
        timings: r.timings, verified,
      };
      await s.saveProof(p);
    } catch (e) {
      if (e instanceof CancelledError) setNote('Cancelled. The worker was stopped; nothing was kept. You can prove again.');
      else setError(e);
    } finally {
      setBusy(undefined);
      setStage(undefined);
      setFraction(undefined);
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
            <strong>PNG, JPEG or PGM</strong><span class="muted small">fitted to the model's {imageSize()}</span>
          </DropZone>
        </div>
        <div class="input-src grow">
          <div class="label">JSON array</div>
          <textarea rows="3" placeholder={`[[...]] in shape [${shape().join(', ')}] or a flat array of ${size(shape())} numbers`} value={json()} onInput={(e) => setJson(e.currentTarget.value)} data-testid="input-json" />
          <button class="btn" disabled={!json().trim() || !!busy()} onClick={() => void fromJson()} data-testid="use-json">Use this input</button>
        </div>
      </div>
      <ErrorBox error={error()} testid="prove-error" context={errorFrom()} />
      <Show when={pending()}>
        {(p) => (
          <div class="notice ask" role="alert" data-testid="image-ask">
            <Show when={p().input.preview}>{(pv) => <GrayCanvas width={pv().width} height={pv().height} pixels={pv().pixels} class="preview" testid="image-ask-preview" />}</Show>
            <div class="stack">
              <p>{p().message}</p>
              <div class="row wrap">
                <button class="btn" onClick={() => void accept(p().input)} data-testid="image-squash">Use it squashed</button>
                <button class="btn ghost" onClick={() => setPending(undefined)} data-testid="image-ask-cancel">Choose another image</button>
              </div>
            </div>
          </div>
        )}
      </Show>
      <Show when={input()}>
        {(c) => (
          <div class="prediction" data-testid="prediction">
            <div class="chosen">
              <canvas ref={canvas} class="preview" classList={{ hidden: !c().preview }} width="28" height="28" data-testid="input-preview" />
              <div>
                <div class="label">Input</div>
                <div data-testid="input-label">{c().label}</div>
                <Show when={c().resized}><div class="muted small" data-testid="input-resized">{c().resized}: the picture is what the model sees</div></Show>
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
                  <Show when={p().floatError}>
                    <details class="muted small error-details" data-testid="float-unavailable">
                      <summary>The float model could not run in this browser, so the chart shows the circuit only.</summary>
                      <pre class="error-message">{p().floatError}</pre>
                    </details>
                  </Show>
                </div>
              )}
            </Show>
          </div>
        )}
      </Show>
      <div class="row">
        <button class="btn primary" disabled={!canProve()} onClick={() => void prove()} data-testid="prove">Prove</button>
        <Show when={!input() && !busy() && !pending()}><span class="muted small" data-testid="prove-needs-input">Choose an input the model accepts to prove.</span></Show>
        <Show when={s.proof()?.timings}><span class="muted small">last proof: witness {fmtMs(s.proof()!.timings!.witnessMs)}, proof {fmtMs(s.proof()!.timings!.proveMs)}</span></Show>
      </div>
      <Show when={busy()}><Busy label={busy()!} stage={stage()} fraction={fraction()} onCancel={busy() === 'Predicting' || busy() === 'Reading the input' ? undefined : () => ac?.abort()} testid="prove-busy" /></Show>
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
