/**
 * #keys — the provider's keys and the models handed over to them (docs/PROTOCOL.md §7).
 *  - Keys: make a BabyJubJub key pair here (WebCrypto randomness), kept in this browser (IndexedDB,
 *    ./key-store.ts); the public key (x, y) to publish with a bounty; a passphrase-protected backup file
 *    (download) and its import; delete with a confirmation.
 *  - Receive a model: the hand-over's ciphertext.json + architecture.json (as `zkml handover encrypt`
 *    writes them) and the bounty's model commitment → decrypt with the stored key, check the
 *    commitment, rebuild → model.json + weights.bin (tfjs) and model.h5 (Keras) to download.
 * Errors are said in plain words (./receive.ts), the technical wording folded.
 */
import { createSignal, For, onMount, Show } from 'solid-js';
import { DropZone } from '../ui/DropZone.js';
import { download, fmtMs } from '../lib/files.js';
import { exportKeyFile, importKeyFile } from '../../core/handover/keys.js';
import { KeyStore, keyPairOf, type StoredKey } from './key-store.js';
import * as Comlink from 'comlink';
import { classifyHandoverFile, parseCommitment, plainError, HandoverFileError, type CiphertextInput, type ReceivedModel } from './receive.js';
import type { ReceiveWorker } from './receive.worker.js';
import './keys.css';

const MIN_PASSPHRASE = 8;

function Problem(props: { error: unknown; testid: string; title?: string }) {
  const p = () => plainError(props.error, props.title);
  return (
    <Show when={props.error !== undefined}>
      <div class="error" role="alert" data-testid={props.testid} data-error={p().name}>
        <strong class="error-title" data-testid="error-title">{p().title}</strong>
        <p class="error-text" data-testid="error-text">{p().message}</p>
        <Show when={p().technical}>
          <details class="error-details"><summary>Technical details</summary><pre class="error-message">{p().technical}</pre></details>
        </Show>
      </div>
    </Show>
  );
}

const short = (s: string) => (s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-6)}` : s);
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Decrypt + check + rebuild in a web worker (the page stays responsive); its errors rebuilt with their names. */
async function receiveInWorker(args: Parameters<ReceiveWorker['receive']>[0]): Promise<ReceivedModel> {
  const worker = new Worker(new URL('./receive.worker.ts', import.meta.url), { type: 'module', name: 'zkml-receive' });
  try {
    const failed = new Promise<never>((_, reject) => { worker.onerror = (e) => reject(new Error(`the hand-over worker stopped: ${e.message || 'unknown error'}`)); });
    const out = await Promise.race([Comlink.wrap<ReceiveWorker>(worker).receive(args), failed]);
    if (out.ok) return out.model;
    const e = Object.assign(new Error(out.error.message), { details: out.error.details });
    e.name = out.error.name;
    throw e;
  } finally {
    worker.terminate();
  }
}

export default function KeysPage(props: { onClose: () => void }) {
  let store: KeyStore | undefined;
  const [keys, setKeys] = createSignal<StoredKey[]>([]);
  const [selected, setSelected] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  const [keyError, setKeyError] = createSignal<unknown>();
  const [note, setNote] = createSignal<string>();
  const [confirmDelete, setConfirmDelete] = createSignal<string>();
  const [exportFor, setExportFor] = createSignal<string>();
  const [pass1, setPass1] = createSignal('');
  const [pass2, setPass2] = createSignal('');
  const [importText, setImportText] = createSignal<{ name: string; text: string }>();
  const [importPass, setImportPass] = createSignal('');
  const [newName, setNewName] = createSignal('');

  const [ct, setCt] = createSignal<{ name: string; value: CiphertextInput }>();
  const [arch, setArch] = createSignal<{ name: string; value: unknown }>();
  const [commitment, setCommitment] = createSignal('');
  const [recvError, setRecvError] = createSignal<unknown>();
  const [received, setReceived] = createSignal<ReceivedModel>();

  const current = () => keys().find((k) => k.id === selected()) ?? keys()[0];
  const refresh = async () => {
    store ??= await KeyStore.open();
    const all = await store.list();
    setKeys(all);
    if (!all.some((k) => k.id === selected())) setSelected(all[0]?.id);
  };
  const run = async (label: string, f: () => Promise<void>, setErr = setKeyError) => {
    setErr(undefined); setNote(undefined); setBusy(label);
    await tick();
    try { await f(); } catch (e) { setErr(e); } finally { setBusy(undefined); }
  };
  onMount(() => void run('Opening the key store…', refresh));

  const create = () => run('Making a key pair…', async () => {
    const k = await store!.create(newName().trim() || `Key ${keys().length + 1}`);
    setNewName('');
    await refresh();
    setSelected(k.id);
    setNote('New key made. Download a backup now: if this browser loses it, models handed over to it are lost.');
  });
  const doExport = (k: StoredKey) => run('Encrypting the backup…', async () => {
    if (pass1().length < MIN_PASSPHRASE) throw new HandoverFileError(`Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
    if (pass1() !== pass2()) throw new HandoverFileError('The two passphrases differ. Type the same passphrase twice.');
    const text = await exportKeyFile(keyPairOf(k), pass1());
    download(`zkml-key-${k.pub[0].slice(0, 8)}.json`, text, 'application/json');
    await store!.markBackedUp(k.id);
    setPass1(''); setPass2(''); setExportFor(undefined);
    await refresh();
    setNote('Backup downloaded. Keep the file and its passphrase apart; without both, the key cannot be restored.');
  });
  const doImport = () => run('Opening the backup…', async () => {
    const f = importText();
    if (!f) throw new HandoverFileError('Choose a key backup file first.');
    const kp = await importKeyFile(f.text, importPass());
    const { key, existed } = await store!.add(kp, f.name.replace(/\.json$/i, ''), true);
    setImportPass(''); setImportText(undefined);
    await refresh();
    setSelected(key.id);
    setNote(existed ? 'This key is already stored in this browser.' : 'Key imported.');
  });
  const doDelete = (k: StoredKey) => run('Deleting…', async () => {
    await store!.delete(k.id);
    setConfirmDelete(undefined);
    await refresh();
    setNote('Key deleted from this browser.');
  });

  const onHandoverFiles = (files: File[]) => run('Reading the files…', async () => {
    setReceived(undefined);
    for (const f of files) {
      const c = classifyHandoverFile(f.name, await f.text());
      if (c.kind === 'architecture') setArch({ name: f.name, value: c.value });
      else {
        setCt({ name: f.name, value: c.value });
        // the key it was encrypted to, when it is stored here
        const pp = c.value.providerPub;
        const match = pp && keys().find((k) => k.pub[0] === String(pp[0]) && k.pub[1] === String(pp[1]));
        if (match) setSelected(match.id);
      }
    }
  }, setRecvError);
  const decrypt = () => run('Decrypting and rebuilding the model…', async () => {
    setReceived(undefined);
    const k = current();
    if (!k) throw new HandoverFileError('Make or import a key first: the model is decrypted with your stored key.');
    if (!ct()) throw new HandoverFileError('Add the hand-over ciphertext (ciphertext.json).');
    if (!arch()) throw new HandoverFileError('Add the model architecture the hunter published (architecture.json).');
    if (!commitment().trim()) throw new HandoverFileError('Enter the bounty\'s model commitment: the decrypted model is checked against it.');
    const c = parseCommitment(commitment());
    setReceived(await receiveInWorker({ key: keyPairOf(k), ct: ct()!.value, architecture: arch()!.value, commitment: c }));
  }, setRecvError);

  return (
    <main class="page keys" data-testid="keys">
      <header class="keys-head">
        <h1>Keys &amp; hand-over</h1>
        <button class="btn small ghost" onClick={() => props.onClose()}>← Studio</button>
      </header>
      <p class="muted">A bounty's winner hands its model over encrypted to the public key you publish with the bounty. Only the secret key kept here can decrypt it.</p>
      <p class="keys-warn" data-testid="keys-warning"><strong>Losing the key means losing the model.</strong> The secret key lives only in this browser: clearing the site's data deletes it. Download a passphrase-protected backup and keep it safe.</p>

      <Show when={busy()}>{(b) => <p class="busy-line" role="status" data-testid="keys-busy"><span class="spinner" aria-hidden="true" /> {b()}</p>}</Show>
      <Show when={note()}>{(n) => <p class="keys-note" role="status" data-testid="keys-note">{n()}</p>}</Show>
      <Problem error={keyError()} testid="keys-error" title="The key operation failed" />

      <section class="step" aria-label="Your keys">
        <h2>Your keys</h2>
        <Show when={keys().length} fallback={<p class="muted" data-testid="keys-empty">No key in this browser yet.</p>}>
          <ul class="keys-list" data-testid="keys-list">
            <For each={keys()}>
              {(k) => (
                <li class="keys-item" classList={{ selected: current()?.id === k.id }} data-testid="key-item">
                  <div class="keys-row">
                    <label><input type="radio" name="key" checked={current()?.id === k.id} onChange={() => setSelected(k.id)} /> <strong>{k.name}</strong></label>
                    <span class="muted">made {new Date(k.createdAt).toLocaleString()}</span>
                    <Show when={k.backedUpAt} fallback={<span class="keys-badge warn" data-testid="key-not-backed-up">no backup yet</span>}>
                      <span class="keys-badge" data-testid="key-backed-up">backed up</span>
                    </Show>
                  </div>
                  <div class="keys-pub" data-testid="key-pub">
                    <div>x <code data-testid="key-pub-x">{k.pub[0]}</code></div>
                    <div>y <code data-testid="key-pub-y">{k.pub[1]}</code></div>
                  </div>
                  <div class="keys-row">
                    <button class="btn small" onClick={() => { void navigator.clipboard?.writeText(`${k.pub[0]},${k.pub[1]}`).then(() => setNote('Public key copied as x,y.'), () => undefined); }}>Copy public key</button>
                    <button class="btn small" data-testid="key-export" onClick={() => { setExportFor(exportFor() === k.id ? undefined : k.id); setPass1(''); setPass2(''); }}>Download a backup…</button>
                    <button class="btn small danger" data-testid="key-delete" onClick={() => setConfirmDelete(k.id)}>Delete…</button>
                  </div>
                  <Show when={exportFor() === k.id}>
                    <form class="keys-row keys-panel" onSubmit={(e) => { e.preventDefault(); void doExport(k); }}>
                      <label>Passphrase <input type="password" autocomplete="new-password" value={pass1()} onInput={(e) => setPass1(e.currentTarget.value)} data-testid="export-pass" /></label>
                      <label>Again <input type="password" autocomplete="new-password" value={pass2()} onInput={(e) => setPass2(e.currentTarget.value)} data-testid="export-pass2" /></label>
                      <button class="btn primary small" type="submit" disabled={!!busy()} data-testid="export-go">Download backup</button>
                    </form>
                  </Show>
                  <Show when={confirmDelete() === k.id}>
                    <div class="keys-panel keys-confirm" role="alertdialog" data-testid="delete-confirm">
                      <p>Delete <strong>{k.name}</strong> from this browser? {k.backedUpAt ? 'You can restore it only from its backup file and passphrase.' : 'It has no backup: every model handed over to it will be impossible to decrypt.'}</p>
                      <button class="btn small danger" data-testid="delete-yes" onClick={() => void doDelete(k)}>Delete the key</button>{' '}
                      <button class="btn small" data-testid="delete-no" onClick={() => setConfirmDelete(undefined)}>Keep it</button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <form class="keys-row" onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <input type="text" placeholder="Name (optional)" value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} data-testid="key-name" />
          <button class="btn primary" type="submit" disabled={!!busy()} data-testid="key-new">Make a new key pair</button>
        </form>
        <h3>Import a backup</h3>
        <form class="keys-row" onSubmit={(e) => { e.preventDefault(); void doImport(); }}>
          <label class="btn small">{importText() ? importText()!.name : 'Choose a key file…'}
            <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-file"
              onChange={(e) => { const f = e.currentTarget.files?.[0]; e.currentTarget.value = ''; if (f) void f.text().then((text) => setImportText({ name: f.name, text })); }} />
          </label>
          <label>Passphrase <input type="password" autocomplete="current-password" value={importPass()} onInput={(e) => setImportPass(e.currentTarget.value)} data-testid="import-pass" /></label>
          <button class="btn small" type="submit" disabled={!!busy() || !importText()} data-testid="import-go">Import</button>
        </form>
      </section>

      <section class="step" aria-label="Receive a model" data-testid="receive">
        <h2>Receive a model</h2>
        <p class="muted">Add the hand-over's <code>ciphertext.json</code> and the <code>architecture.json</code> the hunter published (as <code>zkml handover encrypt</code> writes them), and the bounty's model commitment. The model is decrypted with your key here, checked against the commitment and rebuilt as a Keras model.</p>
        <DropZone multiple accept=".json,application/json" onFiles={(f) => void onHandoverFiles(f)} onError={(e) => setRecvError(e)} testid="handover-files" disabled={!!busy()}>
          <span>Drop ciphertext.json and architecture.json here, or click to choose them</span>
        </DropZone>
        <ul class="keys-files" data-testid="handover-loaded">
          <li>Ciphertext: <Show when={ct()} fallback={<span class="muted">not added</span>}>{(c) => <span data-testid="loaded-ct">{c().name} · {c().value.ciphertext.length} words{c().value.commitment ? <> · it names the commitment <code title={c().value.commitment}>{short(c().value.commitment!)}</code> <span class="muted">(the hunter's word: check against the bounty's)</span></> : ''}</span>}</Show></li>
          <li>Architecture: <Show when={arch()} fallback={<span class="muted">not added</span>}>{(a) => <span data-testid="loaded-arch">{a().name}</span>}</Show></li>
          <li>Key: <Show when={current()} fallback={<span class="muted">none: make or import one above</span>}>{(k) => <span data-testid="recv-key">{k().name}</span>}</Show></li>
        </ul>
        <form class="keys-row" onSubmit={(e) => { e.preventDefault(); void decrypt(); }}>
          <label class="keys-grow">The bounty's model commitment <input type="text" inputmode="numeric" placeholder="decimal or 0x…" value={commitment()} onInput={(e) => setCommitment(e.currentTarget.value)} data-testid="recv-commitment" /></label>
          <button class="btn primary" type="submit" disabled={!!busy()} data-testid="recv-go">Decrypt and rebuild</button>
        </form>
        <Problem error={recvError()} testid="recv-error" title="The model could not be received" />
        <Show when={received()}>
          {(r) => (
            <div class="keys-result" data-testid="recv-result">
              <p><strong>The decrypted model matches the commitment.</strong> <span class="muted">({fmtMs(r().ms)})</span></p>
              <p class="muted">{r().layers.join(' → ')} · transpiles back to the same commitment with input range [{r().record.transpile.inputRange.join(', ')}], {r().record.transpile.actBits}-bit activations, {r().record.transpile.weightBits}-bit weights (recorded in the files).</p>
              <div class="keys-row">
                <button class="btn" data-testid="dl-model-json" onClick={() => download('model.json', r().modelJson, 'application/json')}>model.json</button>
                <button class="btn" data-testid="dl-weights-bin" onClick={() => download('weights.bin', r().weightsBin)}>weights.bin</button>
                <button class="btn" data-testid="dl-h5" onClick={() => download('model.h5', r().h5)}>model.h5 (Keras)</button>
              </div>
            </div>
          )}
        </Show>
      </section>
    </main>
  );
}
