/**
 * "Audit circuits" on the bounty page (hunter, open bounty): every circuit the bounty pins — reveal, and per
 * accepted architecture accuracy and hand-over — regenerated from the published architectures and the terms
 * (./audit.ts), compiled in the compile worker and set up in the snark worker through circuits.ts's cache
 * (a circuit this page already built is reused, and what the audit builds is reused by proving and the
 * hand-over later), then compared with the key registered on chain. The report says per circuit what was
 * checked and the verdict in plain words, the technical detail folded below; a mismatch is a
 * BountyAuditError shown on the page. The panel has its own busy state: the rest of the page stays usable.
 */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { Clients } from '../clients/index.js';
import type { BountyView } from '../../chain/rebuild-bounties.js';
import type { BountyChain } from './bounty-chain.js';
import { auditBountyCircuits, auditError, bountyAuditTargets, describeAudit, readRegisteredKey, ROLE_PURPOSE, BountyAuditError, type AuditTarget, type BountyAudit } from './audit.js';
import { buildCircuit } from './circuits.js';
import { Problem } from './BountiesPage.js';

interface Progress { i: number; total: number; stage: 'compile' | 'setup' | 'compare'; what: string }

const STAGE_WORDS = { compile: 'compiling', setup: 'making the development key of', compare: 'comparing with the registered key of' } as const;
const roleName = (t: AuditTarget, archs: number) => `the ${t.role === 'handover' ? 'hand-over' : t.role} circuit${t.role !== 'reveal' && archs > 1 ? ` of architecture ${t.architecture + 1}` : ''}`;

export function AuditPanel(props: { clients: Clients; bounty: BountyView; architectures: readonly unknown[]; chain: BountyChain | undefined }) {
  const [progress, setProgress] = createSignal<Progress>();
  const [report, setReport] = createSignal<BountyAudit>();
  const [reused, setReused] = createSignal<Set<number>>(new Set());
  const [error, setError] = createSignal<unknown>();
  const [running, setRunning] = createSignal(false);
  let ac: AbortController | undefined;
  onCleanup(() => ac?.abort());

  const run = async () => {
    const chain = props.chain;
    setError(undefined); setReport(undefined); setProgress(undefined); setRunning(true);
    ac = new AbortController();
    const signal = ac.signal;
    try {
      if (!chain) throw new BountyAuditError('The chain is not connected: the registered keys cannot be read.');
      if (!props.architectures.length) throw new BountyAuditError('The bounty publishes no architecture: its circuits cannot be regenerated here, so they cannot be audited.');
      await new Promise((r) => setTimeout(r)); // paint the busy state before the (main-thread) code generation
      const targets = bountyAuditTargets(props.architectures, props.bounty.terms);
      const archs = props.architectures.length;
      const fresh = new Set<string>(); // sources this audit compiled (a build that reports no stage came from circuits.ts's cache)
      const r = await auditBountyCircuits(targets, {
        compile: () => Promise.reject(new Error('unused: build')),
        devSetup: () => Promise.reject(new Error('unused: build')),
        build: async (t, onStage) => {
          const c = await buildCircuit(props.clients, t.role, t.source, (s) => { fresh.add(t.source); onStage(/^compiling/.test(s) ? 'compile' : 'setup'); });
          return { vkey: c.vkey };
        },
        registeredKey: (id) => readRegisteredKey(chain.pub, chain.registry, id),
        onProgress: (i, stage) => {
          setProgress({ i, total: targets.length, stage, what: roleName(targets[i]!, archs) });
        },
        signal,
      });
      setReused(new Set(targets.map((_, i) => i).filter((i) => !fresh.has(targets[i]!.source))));
      setReport(r);
      setError(auditError(r));
    } catch (e) {
      if (!signal.aborted) setError(e);
    } finally {
      setRunning(false); setProgress(undefined);
    }
  };

  const lines = () => { const r = report(); return r ? describeAudit(r, props.architectures.length) : []; };

  return (
    <div class="bounty-audit" data-testid="audit-panel">
      <p class="bounty-form-row">
        <button class="btn" disabled={running()} onClick={() => void run()} data-testid="do-audit">Audit circuits</button>
        <span class="muted">Before committing: recompile the bounty's circuits here from its published architecture and terms, and check the keys it registered.</span>
      </p>
      <Show when={progress()}>{(p) => (
        <div class="bounty-progress" data-testid="audit-progress" data-done={p().i} data-total={p().total} aria-live="polite">
          <progress max={p().total} value={p().i + (p().stage === 'compare' ? 0.9 : p().stage === 'setup' ? 0.5 : 0.1)} />
          <span>Circuit {p().i + 1} of {p().total}: {STAGE_WORDS[p().stage]} {p().what}…</span>
        </div>
      )}</Show>
      <Show when={report()}>{(r) => (
        <div class="bounty-audit-report" data-testid="audit-report" data-ok={String(r().ok)}>
          <p class="bounty-audit-verdict" classList={{ ok: r().ok }} data-testid="audit-verdict">
            {r().ok
              ? `All ${r().circuits.length} circuits match: the bounty checks proofs with exactly the circuits its architecture and terms give.`
              : `${r().circuits.filter((c) => !c.ok).length} of ${r().circuits.length} circuits do not check out.`}
          </p>
          <ul class="bounty-audit-list">
            <For each={r().circuits}>{(c, i) => (
              <li data-testid="audit-circuit" data-role={c.role} data-architecture={c.architecture} data-verdict={lines()[i()]!.verdict} data-reused={String(reused().has(i()))}>
                <div class="bounty-audit-head">
                  <strong>{lines()[i()]!.title}</strong>
                  <span class="bounty-audit-badge" data-verdict={lines()[i()]!.verdict} data-testid="audit-circuit-verdict">{lines()[i()]!.verdict === 'match' ? 'matches' : lines()[i()]!.verdict === 'mismatch' ? 'mismatch' : 'not checked'}</span>
                </div>
                <p class="bounty-audit-text">{lines()[i()]!.headline}</p>
                <p class="muted bounty-audit-text">What it does: it {ROLE_PURPOSE[c.role]}.</p>
                <details>
                  <summary>Technical details</summary>
                  <p class="bounty-audit-text">{lines()[i()]!.checked}</p>
                  <dl class="bounty-facts">
                    <dt>Id the bounty names</dt><dd><code data-testid="audit-registered-id">{c.registeredId}</code></dd>
                    <dt>Id of the key made here</dt><dd><code data-testid="audit-recompiled-id">{c.recompiledId ?? '—'}</code></dd>
                    <dt>Build</dt><dd>{reused().has(i()) ? 'reused (compiled earlier on this page)' : 'compiled and set up now'} · {(c.ms / 1000).toFixed(1)} s</dd>
                    <dt>Result</dt><dd>{c.ok ? 'ok' : c.reason}: {c.message}</dd>
                  </dl>
                </details>
              </li>
            )}</For>
          </ul>
        </div>
      )}</Show>
      <Show when={error()} keyed>{(e) => (
        <Show when={e instanceof BountyAuditError ? e : undefined} fallback={<Problem error={e} testid="audit-error" />}>{(a) => (
          <div class="error" role="alert" data-testid="audit-error" data-error={a().name}>
            <strong data-testid="error-title">{a().details.mismatch ? 'Audit failed: the bounty\'s circuits do not match' : 'Audit incomplete'}</strong>
            <p class="bounty-error-text" data-testid="error-text">{a().message}</p>
            <details><summary>Technical details</summary><pre class="error-message">{`${a().name}: ${a().message}\n${JSON.stringify(a().details, null, 1)}`}</pre></details>
          </div>
        )}</Show>
      )}</Show>
    </div>
  );
}
