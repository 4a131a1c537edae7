import { For, Show, createSignal } from 'solid-js';
import type { Studio } from '../studio.js';
import { formatBytes } from '../lib/files.js';

/** Saved projects (IndexedDB): reopen one without recompiling, or delete it. */
export function ProjectList(props: { studio: Studio }) {
  const s = props.studio;
  const [problem, setProblem] = createSignal<string>();
  const stage = (sz: Record<string, number | undefined>) =>
    sz.proofs ? 'proved' : sz.zkey ? 'keys ready' : sz.r1cs ? 'compiled' : sz.circuitSource ? 'transpiled' : 'model';
  return (
    <section class="projects" aria-label="Saved projects" data-testid="projects">
      <div class="row between">
        <h2>Projects</h2>
        <Show when={s.saving()}><span class="muted small">saving…</span></Show>
      </div>
      <Show when={s.storageProblem()}><p class="warning" data-testid="storage-problem">{s.storageProblem()}</p></Show>
      <Show when={problem()}><p class="warning">{problem()}</p></Show>
      <Show when={s.projects().length} fallback={<p class="muted small">Nothing saved yet. Projects are kept in this browser as you go.</p>}>
        <ul class="project-list">
          <For each={s.projects()}>
            {(p) => (
              <li classList={{ current: p.id === s.projectId() }} data-testid="project">
                <button class="link-btn" onClick={() => void s.open(p.id).then(setProblem)} data-testid="open-project">
                  <strong>{p.name}</strong>
                </button>
                <span class="muted small">{stage(p.sizes)} · {p.scheme ?? ''} {formatBytes(p.totalBytes)} · {new Date(p.updatedAt).toLocaleString()}</span>
                <button class="btn small ghost" aria-label={`delete ${p.name}`} onClick={() => { if (confirm(`Delete “${p.name}”?`)) void s.remove(p.id); }}>Delete</button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
