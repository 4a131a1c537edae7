/**
 * Step 3: proving and verification keys. Groth16 by default (PLONK, FFLONK selectable). Groth16
 * development keys are computed directly from the public development secret at any size (no ptau
 * file; src/zk/dev-setup.ts); PLONK/FFLONK use the shipped development ptau when one is large enough.
 * All of these are clearly labelled as not for value; otherwise the user brings a ptau file, whose
 * header is checked before use, and snarkjs makes the keys from it.
 */
import { createSignal, createResource, For, Show, onCleanup } from 'solid-js';
import { useClients } from '../context.js';
import type { Studio } from '../studio.js';
import { CancelledError, type Scheme } from '../clients/index.js';
import { pickPtau, fetchDevPtau, loadDevPtauIndex, devSetupOffer, type PtauChoice, type DevPtauFile } from '../input/ptau.js';
import { powerRequirement, readPtauHeader, assertPtauFits, publicPtauFor, type PtauHeader } from '../../zk/ptau.js';
import { fmtInt, fmtMs, formatBytes, readFiles } from '../lib/files.js';
import { Busy } from '../ui/Busy.js';
import { ErrorBox } from '../ui/ErrorBox.js';
import { DropZone } from '../ui/DropZone.js';

const SCHEMES: { id: Scheme; label: string; note: string }[] = [
  { id: 'groth16', label: 'Groth16', note: 'smallest proofs, fastest verification; circuit-specific setup' },
  { id: 'plonk', label: 'PLONK', note: 'universal setup; larger proofs, slower proving' },
  { id: 'fflonk', label: 'FFLONK', note: 'universal setup; cheapest on-chain verification, needs a larger ptau' },
];

/** The development setup's log line as a stage a person follows (src/zk/dev-setup.ts's steps). */
function devStage(m: string | undefined): string | undefined {
  if (!m) return undefined;
  if (/^\[[\d.]+ s\] r1cs:/.test(m)) return 'reading the circuit';
  if (/Lagrange bases/.test(m)) return 'preparing the powers of τ';
  if (/comb|tables/i.test(m)) return 'preparing the multiplication tables';
  if (/QAP evaluation/.test(m)) return 'evaluating the constraints at τ';
  if (/fixed-base multiplications|points:/.test(m)) return 'computing the key\'s curve points';
  if (/circuit hash/.test(m)) return 'hashing the circuit';
  if (/beacon/.test(m)) return 'adding the public beacon contribution';
  if (/done/.test(m)) return 'writing the key';
  return undefined;
}

interface UserPtau { name: string; bytes: Uint8Array; header: PtauHeader }

export function SetupStep(props: { studio: Studio }) {
  const clients = useClients();
  const s = props.studio;
  const [scheme, setScheme] = createSignal<Scheme>(s.keys()?.scheme ?? 'groth16');
  const [userPtau, setUserPtau] = createSignal<UserPtau>();
  const [busy, setBusy] = createSignal<string>();
  const [stage, setStage] = createSignal<string>();
  const [fraction, setFraction] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  let ac: AbortController | undefined;
  onCleanup(() => ac?.abort()); // the step is replaced (new model, other project): its job is stale

  /** what a refused setup taught us: the exact power snarkjs counted (PtauError details.needed) */
  const [learned, setLearned] = createSignal<{ scheme: Scheme; power: number; rows?: number }>();
  /**
   * PLONK/FFLONK: the exact gate count, counted from the constraints in the snark worker (the header
   * alone only allows an estimate, which Poseidon-heavy circuits exceed). Until it arrives, or if the
   * worker cannot count, the estimate is shown, marked as such.
   */
  const [counted] = createResource(
    () => (scheme() === 'groth16' || !s.compiled() ? undefined : { scheme: scheme(), r1cs: s.compiled()!.r1cs }),
    (req) => clients.snark.powerRequirement(req).catch(() => undefined),
  );
  const need = () => {
    const c = s.compiled()!.counts;
    const exact = counted();
    const r = exact && exact.scheme === scheme() ? exact : powerRequirement(scheme(), c.nConstraints, c.nPublic);
    const l = learned();
    return l && l.scheme === scheme() && l.power >= r.power ? { ...r, power: l.power, rows: l.rows ?? r.rows, exact: true } : r;
  };
  const [choice] = createResource(() => need().power, (p): Promise<PtauChoice> => pickPtau(p));
  /** Groth16: development keys straight from the public secret, whatever the size (the default). */
  const direct = () => devSetupOffer(scheme(), need().power);
  const [devIndex] = createResource(() => loadDevPtauIndex().catch(() => undefined));
  /**
   * PLONK/FFLONK: until the worker has counted the gates, the count is estimated from the r1cs header. When the
   * estimate is beyond the development files but the fewest gates possible are not, offer the largest
   * development file anyway: the setup counts exactly and refuses a file that is too small (PtauError).
   */
  const tryDev = (): DevPtauFile | undefined => {
    if (need().exact || choice()?.kind === 'dev') return undefined;
    const c = s.compiled()!.counts;
    const least = powerRequirement(scheme(), c.nConstraints, c.nPublic, c.nConstraints + c.nPublic).power;
    return devIndex()?.files.filter((f) => f.power >= least).sort((a, b) => b.power - a.power)[0];
  };
  const userFits = () => {
    const u = userPtau();
    if (!u) return undefined;
    try { assertPtauFits(u.header, need()); return true; } catch (e) { return e; }
  };

  async function pickFile(files: File[]) {
    setError(undefined);
    setUserPtau(undefined);
    const [f] = await readFiles(files.slice(0, 1));
    if (!f) return;
    try {
      const header = readPtauHeader(f.bytes);
      setUserPtau({ name: f.name, bytes: f.bytes, header });
    } catch (e) {
      setError(e);
    }
  }

  async function runDirect() {
    ac = new AbortController();
    setError(undefined);
    setStage(undefined);
    const c = s.compiled()!;
    const signal = ac.signal;
    try {
      setBusy('Groth16 development setup');
      // the r1cs (25 MB for the MNIST CNN) is lent to the worker, not copied, and comes back with the keys
      const r = await s.lend(['r1cs'],
        (transfer) => clients.snark.devSetup({ r1cs: c.r1cs, power: direct()?.power }, {
          signal, transfer,
          // the setup's own messages ("[3.1 s] points: 120000/710959 (16%) …") say where it is and how far
          onProgress: (p) => { setStage(devStage(p.message) ?? stage()); setFraction(p.fraction); },
        }),
        (r) => { if (r.returned) c.r1cs = r.returned.r1cs; });
      // the setup's leftovers (hundreds of MB at 2^17) go with its worker, before the zkey is copied into IndexedDB
      clients.snark.release();
      await s.saveKeys({ scheme: 'groth16', zkey: r.zkey, vkey: r.vkey, ptauLabel: devSetupOffer('groth16', r.power)!.label, ptauPower: r.power, development: true, ms: r.ms });
    } catch (e) {
      if (!(e instanceof CancelledError)) setError(e);
    } finally {
      setBusy(undefined);
      setFraction(undefined);
    }
  }

  async function run(source: 'dev' | 'user', devFile?: DevPtauFile) {
    ac = new AbortController();
    setError(undefined);
    setStage(undefined);
    const c = s.compiled()!;
    try {
      let ptau: Uint8Array;
      let label: string;
      let power: number;
      const ch = choice();
      const dev = devFile ?? (ch?.kind === 'dev' ? ch.file : undefined);
      if (source === 'dev' && dev) {
        setBusy(`Fetching ${dev.name}`);
        ptau = await fetchDevPtau(dev);
        label = `${dev.name} (development)`;
        power = dev.power;
      } else {
        const u = userPtau()!;
        assertPtauFits(u.header, need());
        ptau = u.bytes;
        label = u.name;
        power = u.header.power;
      }
      setBusy(`${SCHEMES.find((x) => x.id === scheme())!.label} setup`);
      const r = await clients.snark.setup({ scheme: scheme(), r1cs: c.r1cs, ptau }, {
        signal: ac.signal,
        onProgress: (p) => setStage(p.message ? `${p.stage}: ${p.message.slice(0, 80)}` : p.stage),
      });
      clients.snark.release(); // what snarkjs's setup left in the worker goes with it (before the IndexedDB copy)
      await s.saveKeys({ scheme: scheme(), zkey: r.zkey, vkey: r.vkey, ptauLabel: label, ptauPower: power, development: source === 'dev', ms: r.ms });
    } catch (e) {
      if (!(e instanceof CancelledError)) setError(e);
      const d = (e as { name?: string; details?: { needed?: unknown; rows?: unknown } })?.details;
      if ((e as { name?: string })?.name === 'PtauError' && typeof d?.needed === 'number') {
        const rows = /for (\d+) rows/.exec((e as Error).message)?.[1];
        setLearned({ scheme: scheme(), power: d.needed, ...(rows ? { rows: Number(rows) } : {}) });
      }
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div class="stack">
      <fieldset class="schemes" disabled={!!busy()}>
        <legend>Proving system</legend>
        <For each={SCHEMES}>
          {(x) => (
            <label class="scheme" classList={{ selected: scheme() === x.id }}>
              <input type="radio" name="scheme" value={x.id} checked={scheme() === x.id} onChange={() => setScheme(x.id)} data-testid={`scheme-${x.id}`} />
              <span><strong>{x.label}</strong><span class="muted small">{x.note}</span></span>
            </label>
          )}
        </For>
      </fieldset>
      <p data-testid="ptau-need">
        {fmtInt(need().rows)} rows{need().exact ? '' : ' (estimated)'} → needs a ptau of power ≥ <strong>{need().power}</strong>.
      </p>
      <Show when={direct()}>
        {(o) => (
          <div class="dev-ptau" data-testid="dev-setup">
            <span class="badge warn" data-testid="dev-label">development setup with a public beacon — not for value</span>
            <span class="muted small">
              Computed directly from the public development secret (the τ, α, β of pot{o().power}_dev.ptau) and a public beacon
              contribution, no ptau file needed: the same keys snarkjs makes from that file and <code>zkey beacon</code>, fast at any
              size and accepted on chain, but anyone can forge proofs for them. Use a ceremony ptau for anything that matters.
            </span>
            <button class="btn primary" disabled={!!busy()} onClick={() => void runDirect()} data-testid="setup-dev">Development setup (not for value)</button>
          </div>
        )}
      </Show>
      <Show when={choice()}>
        {(ch) => (
          <Show when={ch().kind === 'dev'} fallback={
            <div class="notice" data-testid="ptau-bring">
              <Show when={publicPtauFor(need().power)} fallback={<p>No public ceremony file is large enough for this circuit (power {need().power}).</p>}>
                {(f) => (
                  <p>
                    {direct() ? 'For keys of value, bring' : 'The bundled development files stop at a smaller power. Bring'} <strong class="mono">{f().name}</strong> (~{formatBytes(f().approxBytes)}) from the
                    {' '}<a href={f().url} target="_blank" rel="noopener">Hermez ceremony</a>, or any larger phase-2-prepared ptau.
                  </p>
                )}
              </Show>
            </div>
          }>
            <Show when={!direct()}><div class="dev-ptau">
              <span class="badge warn" data-testid="dev-label">development setup — not for value</span>
              <span class="muted small">{(ch() as Extract<PtauChoice, { kind: 'dev' }>).file.name}: generated for testing, its toxic waste is known. Use a ceremony ptau for anything that matters.</span>
              <button class="btn primary" disabled={!!busy()} onClick={() => void run('dev')} data-testid="setup-dev">Run setup with the development ptau</button>
            </div></Show>
          </Show>
        )}
      </Show>
      <Show when={tryDev()}>
        {(f) => (
          <div class="dev-ptau" data-testid="try-dev">
            <span class="muted small">The gate count above is estimated from the r1cs header; the exact count, known only during setup, may fit {f().name}.</span>
            <span class="badge warn">development setup — not for value</span>
            <button class="btn" disabled={!!busy()} onClick={() => void run('dev', f())} data-testid="setup-try-dev">Try {f().name}</button>
          </div>
        )}
      </Show>
      <DropZone accept=".ptau" onFiles={(f) => void pickFile(f)} testid="ptau-file" disabled={!!busy()}>
        <strong>Use your own ptau file</strong>
        <span class="muted">its header is checked here before anything runs</span>
      </DropZone>
      <Show when={userPtau()}>
        {(u) => (
          <div class="row wrap" data-testid="user-ptau">
            <span>{u().name}: power {u().header.power} (ceremony {u().header.ceremonyPower}), {u().header.nContributions ?? '?'} contribution{u().header.nContributions === 1 ? '' : 's'}, {u().header.hasLagrange ? 'phase-2 prepared' : 'not prepared'}</span>
            <Show when={userFits() === true} fallback={<ErrorBox error={userFits()} testid="ptau-error" context="ptau" />}>
              <button class="btn primary" disabled={!!busy()} onClick={() => void run('user')} data-testid="setup-user">Run setup with this file</button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={busy()}><Busy label={busy()!} stage={stage()} fraction={fraction()} onCancel={() => ac?.abort()} /></Show>
      <ErrorBox error={error()} testid="setup-error" context="setup" />
      <Show when={s.keys()}>
        {(k) => (
          <div class="stats" data-testid="setup-result">
            <div><span class="k">Scheme</span><span class="v">{k().scheme}</span></div>
            <div><span class="k">ptau</span><span class="v">{k().ptauLabel}</span></div>
            <div><span class="k">zkey</span><span class="v">{formatBytes(k().zkey.length)}</span></div>
            <Show when={k().ms}><div><span class="k">Setup time</span><span class="v">{fmtMs(k().ms)}</span></div></Show>
            <Show when={k().development}><div><span class="badge warn">development setup — not for value</span></div></Show>
          </div>
        )}
      </Show>
    </div>
  );
}
