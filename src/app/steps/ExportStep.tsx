/** Step 5: verify again in the browser, and download every artifact. */
import { createSignal, For, Show } from 'solid-js';
import { useClients } from '../context.js';
import type { Studio } from '../studio.js';
import type { VerifyResponse } from '../clients/index.js';
import { download, fmtMs, formatBytes } from '../lib/files.js';
import { ErrorBox } from '../ui/ErrorBox.js';

export function ExportStep(props: { studio: Studio }) {
  const clients = useClients();
  const s = props.studio;
  const [verifying, setVerifying] = createSignal(false);
  const [result, setResult] = createSignal<VerifyResponse>();
  const [working, setWorking] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();

  async function verify() {
    const k = s.keys()!; const p = s.proof()!;
    setVerifying(true);
    setError(undefined);
    try {
      setResult(await clients.snark.verify({ scheme: k.scheme, vkey: k.vkey, proof: p.proof, publicSignals: p.publicSignals }));
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  }

  async function solidity() {
    setWorking('solidity'); setError(undefined);
    try {
      download(`${s.keys()!.scheme}_verifier.sol`, await clients.snark.solidityVerifier(s.keys()!.zkey), 'text/plain');
    } catch (e) { setError(e); } finally { setWorking(undefined); }
  }

  async function calldata() {
    setWorking('calldata'); setError(undefined);
    try {
      const p = s.proof()!;
      download('calldata.txt', await clients.snark.calldata(s.keys()!.scheme, p.proof, p.publicSignals), 'text/plain');
    } catch (e) { setError(e); } finally { setWorking(undefined); }
  }

  const files = () => {
    const t = s.transpiled(); const c = s.compiled(); const k = s.keys(); const p = s.proof();
    return [
      t && { name: 'circuit.circom', size: t.source.length, save: () => download('circuit.circom', t.source) },
      t && { name: 'quantization.json', size: t.quantization.length, save: () => download('quantization.json', t.quantization, 'application/json') },
      c && { name: 'circuit.r1cs', size: c.r1cs.length, save: () => download('circuit.r1cs', c.r1cs) },
      c && { name: 'circuit.wasm', size: c.wasm.length, save: () => download('circuit.wasm', c.wasm, 'application/wasm') },
      k && { name: 'circuit_final.zkey', size: k.zkey.length, save: () => download('circuit_final.zkey', k.zkey) },
      k && { name: 'verification_key.json', save: () => download('verification_key.json', k.vkey) },
      p && { name: 'proof.json', save: () => download('proof.json', p.proof) },
      p && { name: 'public.json', save: () => download('public.json', p.publicSignals) },
    ].filter(Boolean) as { name: string; size?: number; save: () => void }[];
  };

  return (
    <div class="stack">
      <div class="row">
        <button class="btn primary" onClick={() => void verify()} disabled={verifying()} data-testid="verify">Verify in the browser</button>
        <Show when={result()}>
          {(r) => (
            <span class="verdict inline" classList={{ ok: r().valid }} data-testid="verify-result">
              {r().valid ? '✓ valid' : `✗ invalid${r().reason ? `: ${r().reason}` : ''}`} <span class="muted">({fmtMs(r().ms)})</span>
            </span>
          )}
        </Show>
      </div>
      <ErrorBox error={error()} testid="export-error" context="export" />
      <div class="downloads" data-testid="downloads">
        <For each={files()}>
          {(f) => (
            <button class="download" onClick={f.save} data-testid={`dl-${f.name}`}>
              <span class="mono">{f.name}</span><Show when={f.size !== undefined}><span class="muted small">{formatBytes(f.size!)}</span></Show>
            </button>
          )}
        </For>
        <button class="download" onClick={() => void solidity()} disabled={!!working()} data-testid="dl-solidity">
          <span class="mono">{s.keys()!.scheme}_verifier.sol</span><span class="muted small">{working() === 'solidity' ? 'rendering…' : 'Solidity verifier'}</span>
        </button>
        <button class="download" onClick={() => void calldata()} disabled={!!working()} data-testid="dl-calldata">
          <span class="mono">calldata.txt</span><span class="muted small">{working() === 'calldata' ? 'encoding…' : 'verifyProof arguments'}</span>
        </button>
      </div>
    </div>
  );
}
