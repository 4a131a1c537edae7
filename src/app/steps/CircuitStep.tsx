/** Step 2: the generated circom, downloadable; compiled in the worker with the compiler's messages. */
import { createSignal, Show, onCleanup } from 'solid-js';
import { useClients } from '../context.js';
import type { Studio } from '../studio.js';
import { CancelledError } from '../clients/index.js';
import { SPLIT_COMPILE_FROM } from '../clients/compile-client.js';
import { readR1csCounts } from '../lib/r1cs-header.js';
import { download, fmtInt, fmtMs, formatBytes } from '../lib/files.js';
import { Busy } from '../ui/Busy.js';
import { CompileProgress, type CompileFraction } from '../lib/compile-progress.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { TabFitNotice } from './TabFitNotice.js';

const INPUT_NOTE = {
  hashed: 'hashed (private; its Poseidon commitment is a public signal)',
  public: 'public (every value is a public signal)',
  private: 'private (range-checked, nothing public)',
} as const;

export function CircuitStep(props: { studio: Studio }) {
  const clients = useClients();
  const s = props.studio;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [lines, setLines] = createSignal<string[]>([]);
  const [progress, setProgress] = createSignal<CompileFraction>();
  let ac: AbortController | undefined;
  let tick: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => { ac?.abort(); clearInterval(tick); }); // the step is replaced (new model, other project): its job is stale

  async function compile() {
    const t = s.transpiled();
    if (!t) return;
    ac = new AbortController();
    setError(undefined);
    setLines([]);
    setBusy(true);
    const t0 = performance.now();
    // circom counts nothing while it works: the fraction is estimated from the circuit's size and the
    // stages it has finished (src/app/lib/compile-progress.ts), and labelled as an estimate
    const model = new CompileProgress(t.estimate.total, t0);
    setProgress(model.at(t0));
    clearInterval(tick);
    tick = setInterval(() => setProgress(model.at(performance.now())), 250);
    try {
      // no symbol file: the studio does not use it, and for a large circuit it is megabytes of text
      const r = await clients.compile.compile({ main: t.source, flags: { r1cs: true, wasm: true, sym: false } }, {
        signal: ac.signal,
        split: t.estimate.total >= SPLIT_COMPILE_FROM, // a large circuit: three passes, each worker ended before the next
        onMessage: (l) => { model.line(l, performance.now()); setProgress(model.at(performance.now())); setLines((xs) => [...xs.slice(-200), l]); },
      });
      // circom's WASM memory (hundreds of MB for a large circuit) never shrinks: end its worker now,
      // before the r1cs and wasm are copied into IndexedDB (the result was transferred out of it)
      clients.compile.release();
      await s.saveCompiled({ r1cs: r.r1cs, wasm: r.wasm, messages: r.messages, counts: readR1csCounts(r.r1cs), ms: Math.round(performance.now() - t0) });
    } catch (e) {
      if (e instanceof CancelledError) setLines((xs) => [...xs, 'compile cancelled']);
      else setError(e);
    } finally {
      clearInterval(tick);
      setBusy(false);
      setProgress(undefined);
    }
  }

  const STAGES = ['generating the constraints', 'simplifying, writing the r1cs', 'writing the witness calculator'];

  const messages = () => (busy() || lines().length ? lines().join('\n') : s.compiled()?.messages ?? '');
  const ratio = () => {
    const c = s.compiled(); const t = s.transpiled();
    return c && t && t.estimate.total ? c.counts.nConstraints / t.estimate.total : undefined;
  };

  return (
    <div class="stack">
      <div class="row between">
        <span class="muted">circuit.circom · {fmtInt(s.transpiled()!.source.split('\n').length)} lines · <span data-testid="circuit-input">input {INPUT_NOTE[s.transpiled()!.input]}</span></span>
        <button class="btn" onClick={() => download('circuit.circom', s.transpiled()!.source)} data-testid="download-circom">Download .circom</button>
      </div>
      <pre class="code" data-testid="circom-source" tabindex="0">{s.transpiled()!.source}</pre>
      <TabFitNotice studio={s} />
      <div class="row">
        <button class="btn primary" disabled={busy()} onClick={() => void compile()} data-testid="compile">{s.compiled() ? 'Compile again' : 'Compile'}</button>
        <span class="muted small">circom 2 compiled to WebAssembly, running in a worker</span>
      </div>
      <Show when={busy()}>
        <Busy label="Compiling with circom" stage={STAGES[progress()?.stagesDone ?? 0]} fraction={progress()?.fraction} leftMs={progress()?.leftMs}
          estimated="estimated from the circuit's size and the stages circom has finished (it counts nothing while it works)" onCancel={() => ac?.abort()} />
      </Show>
      <ErrorBox error={error()} testid="compile-error" context="compile" />
      <Show when={messages()}>
        <details class="log" open={busy() || !!error()}>
          <summary>Compiler messages</summary>
          <pre class="code small" data-testid="compile-messages">{messages()}</pre>
        </details>
      </Show>
      <Show when={s.compiled()}>
        {(c) => (
          <div class="stats" data-testid="compile-result">
            <div><span class="k">Constraints</span><span class="v" data-testid="real-constraints">{fmtInt(c().counts.nConstraints)}</span></div>
            <div><span class="k">Estimated</span><span class="v">{fmtInt(s.transpiled()!.estimate.total)}</span></div>
            <Show when={ratio() !== undefined}><div><span class="k">Real ÷ estimate</span><span class="v">{(ratio()! * 100).toFixed(ratio()! > 0.995 && ratio()! < 1.005 ? 0 : 1)}%</span></div></Show>
            <div><span class="k">Wires</span><span class="v">{fmtInt(c().counts.nWires)}</span></div>
            <div><span class="k">Public signals</span><span class="v">{fmtInt(c().counts.nPublic)}</span></div>
            <div><span class="k">r1cs / wasm</span><span class="v">{formatBytes(c().r1cs.length)} / {formatBytes(c().wasm.length)}</span></div>
            <Show when={c().ms}><div><span class="k">Compile time</span><span class="v">{fmtMs(c().ms)}</span></div></Show>
          </div>
        )}
      </Show>
    </div>
  );
}
