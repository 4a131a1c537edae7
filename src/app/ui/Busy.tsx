import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { fmtMs } from '../lib/files.js';

/** "5 s", "40 s", "2 min 10 s": whole seconds (a rough estimate claims no tenths) */
function fmtLeft(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

/**
 * A running job: what it does, elapsed time, and Cancel. Where the work is countable (`fraction`, 0…1:
 * the development setup's points, Groth16's FFTs and multi-exponentiation chunks) a percentage, a
 * filling bar and the time left, extrapolated from the pace since the count began (or given: `leftMs`);
 * an estimated fraction (the compile's: circom counts nothing) is shown as "≈ 40%"; otherwise a moving bar.
 */
export function Busy(props: {
  label: string; stage?: string; fraction?: number; onCancel?: () => void; testid?: string;
  /** the time left, when the caller knows it better than the pace of `fraction` (the compile's stage model) */
  leftMs?: number;
  /** `fraction` is an estimate, not a count: shown as "≈ 40%", with `estimated` (a sentence) as its tooltip */
  estimated?: string;
}) {
  const t0 = performance.now();
  const [now, setNow] = createSignal(t0);
  const timer = setInterval(() => setNow(performance.now()), 200);
  onCleanup(() => clearInterval(timer));
  // where the count began (a job's stages before it are not counted): the pace is measured from there
  let start: { t: number; f: number } | undefined;
  createEffect(() => {
    const f = props.fraction;
    if (f === undefined) start = undefined;
    else if (!start || f < start.f) start = { t: performance.now(), f };
  });
  const pct = () => (props.fraction === undefined ? undefined : Math.min(100, Math.floor(props.fraction * 100)));
  const left = () => {
    if (props.leftMs !== undefined) return now() - t0 < 800 ? undefined : props.leftMs;
    const f = props.fraction;
    if (f === undefined || !start || f >= 1) return undefined;
    const spent = now() - start.t;
    const gained = f - start.f;
    if (gained < 0.02 || spent < 800) return undefined; // too early to say
    return ((1 - f) * spent) / gained;
  };
  return (
    <div class="busy" role="status" aria-live="polite" data-testid={props.testid ?? 'busy'}>
      <div class="busy-row">
        <span class="spinner" aria-hidden="true" />
        <span class="busy-label">{props.label}</span>
        <Show when={props.stage}><span class="muted busy-stage">· {props.stage}</span></Show>
        <span class="busy-times">
          <Show when={pct() !== undefined}><span class="progress" data-testid="progress" title={props.estimated}>{props.estimated ? '≈' : ''}{pct()}%</span></Show>
          <Show when={left() !== undefined}><span class="muted" data-testid="time-left">about {fmtLeft(left()!)} left</span></Show>
          <span class="elapsed" data-testid="elapsed">{fmtMs(now() - t0)}</span>
        </span>
        <Show when={props.onCancel}>
          <button class="btn small danger" data-testid="cancel" onClick={() => props.onCancel!()}>Cancel</button>
        </Show>
      </div>
      <div class="bar" classList={{ determinate: pct() !== undefined }}>
        <div class="bar-fill" style={pct() !== undefined ? { width: `${pct()}%` } : undefined} />
      </div>
    </div>
  );
}
