/**
 * In the circuit step, before compiling: whether the circuit fits in this tab, from the transpiler's
 * estimate (src/core/fit.ts, thresholds measured by bench/scale.ts). When it does not, it says so with the
 * numbers and offers the way out: the snarkjs-format files for a native prover (rapidsnark) — the circuit
 * and quantization now, r1cs and wasm once compiled here, the witness (.wtns) of an input computed here,
 * the zkey when the setup ran here — with the commands to finish outside the browser (the CLI when even
 * compiling does not fit). Renders nothing for a circuit that fits.
 */
import { createSignal, Show } from 'solid-js';
import { useClients } from '../context.js';
import type { Studio } from '../studio.js';
import { tabFit } from '../../core/fit.js';
import { download, formatBytes } from '../lib/files.js';
import { ErrorBox } from '../ui/ErrorBox.js';

/** The input from the textarea: a nested array in the model's input shape, or `{"input": …}` as the CLI reads it. */
function parseInput(text: string): unknown {
  const v: unknown = JSON.parse(text);
  return v && typeof v === 'object' && !Array.isArray(v) && 'input' in v ? (v as { input: unknown }).input : v;
}

export function TabFitNotice(props: { studio: Studio }) {
  const clients = useClients();
  const s = props.studio;
  const fit = () => { const t = s.transpiled()!; return tabFit(t.estimate.total, t.ptauPower); };
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [made, setMade] = createSignal<{ bytes: number; ms: number }>();

  /** The chosen input (prove step), else the textarea's. */
  const inputValue = () => (text().trim() ? parseInput(text()) : s.input()?.nested);

  async function witness() {
    const t = s.transpiled(); const c = s.compiled();
    if (!t || !c) return;
    setError(undefined); setMade(undefined); setBusy(true);
    try {
      const value = inputValue();
      if (value === undefined) throw new SyntaxError('enter the input as JSON (a nested array in the model\'s input shape, or {"input": …}), or choose one in the prove step');
      const w = await clients.transpile.witness(t.quantization, value);
      const r = await clients.snark.witness({ wasm: c.wasm, input: w.input });
      download('witness.wtns', r.wtns);
      setMade({ bytes: r.wtns.byteLength, ms: r.ms });
    } catch (e) { setError(e); } finally { setBusy(false); }
  }

  const recipe = () => {
    const p = fit().ptauPower;
    const ptau = `powersOfTau28_hez_final_${String(p).padStart(2, '0')}.ptau`;
    return fit().verdict === 'cli'
      ? [
        '# in a terminal, from the project\'s folder (npm install once); the same core as this page',
        'npx zkml transpile model.json -o proj --input hashed   # or the .h5 / .keras; prints the same estimate',
        'npx zkml compile proj',
        `npx zkml setup proj --ptau ${ptau}            # a public ceremony file; or --dev-ptau-max ${p} (development keys, NOT for value)`,
        'npx zkml witness proj --input input.json          # proj/witness.wtns ({"input": [...]})',
        'prover proj/circuit.zkey proj/witness.wtns proj/proof.json proj/public.json   # rapidsnark',
        'npx zkml verify proj                               # or: npx snarkjs groth16 verify proj/verification_key.json proj/public.json proj/proof.json',
      ]
      : [
        '# 1. compile here, then download circuit.r1cs and compute witness.wtns below',
        `# 2. keys from a public ceremony file (or the CLI: npx zkml setup proj --dev-ptau-max ${p}, development only)`,
        `npx snarkjs groth16 setup circuit.r1cs ${ptau} circuit.zkey`,
        'npx snarkjs zkey export verificationkey circuit.zkey verification_key.json',
        '# 3. prove natively and check',
        'prover circuit.zkey witness.wtns proof.json public.json   # rapidsnark',
        'npx snarkjs groth16 verify verification_key.json public.json proof.json',
      ];
  };

  return (
    <Show when={fit().verdict !== 'tab'}>
      <p class="warning" role="alert" data-testid="fit-warning">⚠ {fit().message}</p>
      <details class="notice" open data-testid="native-export">
        <summary>Prove it with a native prover (rapidsnark) instead</summary>
        <div class="stack">
          <p class="small">
            Native provers read the same snarkjs files as this page: the circuit's r1cs, its witness (<span class="mono">.wtns</span>) and the
            proving key (<span class="mono">.zkey</span>). Computing a witness costs a fraction of a proof, and the proof verifies with snarkjs
            (and on chain) like one made here. Steps in docs/ARCHITECTURE.md ("Circuits too big for a tab").
          </p>
          <div class="downloads" data-testid="native-files">
            <button class="download" data-testid="native-dl-circom" onClick={() => download('circuit.circom', s.transpiled()!.source)}><span class="mono">circuit.circom</span></button>
            <button class="download" data-testid="native-dl-quantization" onClick={() => download('quantization.json', s.transpiled()!.quantization, 'application/json')}><span class="mono">quantization.json</span></button>
            <Show when={s.compiled()}>{(c) => <>
              <button class="download" data-testid="native-dl-r1cs" onClick={() => download('circuit.r1cs', c().r1cs)}><span class="mono">circuit.r1cs</span><span class="muted small">{formatBytes(c().r1cs.length)}</span></button>
              <button class="download" data-testid="native-dl-wasm" onClick={() => download('circuit.wasm', c().wasm, 'application/wasm')}><span class="mono">circuit.wasm</span><span class="muted small">{formatBytes(c().wasm.length)}</span></button>
            </>}</Show>
            <Show when={s.keys()}>{(k) => <button class="download" data-testid="native-dl-zkey" onClick={() => download('circuit.zkey', k().zkey)}><span class="mono">circuit.zkey</span><span class="muted small">{formatBytes(k().zkey.length)}</span></button>}</Show>
          </div>
          <Show when={fit().verdict === 'native'}>
            <label class="stack small">
              <span>The witness of an input (JSON: a nested array in the model's input shape, or <span class="mono">{'{"input": …}'}</span>; empty: the input chosen in the prove step)</span>
              <textarea rows="2" class="mono" value={text()} onInput={(e) => setText(e.currentTarget.value)} data-testid="native-input" />
            </label>
            <div class="row">
              <button class="btn" disabled={busy() || !s.compiled()} onClick={() => void witness()} data-testid="native-witness">
                {s.compiled() ? 'Compute witness.wtns' : 'Compile first, then compute witness.wtns'}
              </button>
              <Show when={made()}>{(m) => <span class="muted small" data-testid="native-witness-done">witness.wtns, {formatBytes(m().bytes)}, in {(m().ms / 1000).toFixed(1)} s</span>}</Show>
            </div>
            <ErrorBox error={error()} testid="native-error" context="input" />
          </Show>
          <pre class="code small" data-testid="native-recipe">{recipe().join('\n')}</pre>
        </div>
      </details>
    </Show>
  );
}
