import { createSignal, onCleanup, Show } from 'solid-js';
import { fmtMs } from '../lib/files.js';

/** A running job: what it does, an indeterminate bar, elapsed time, and Cancel. */
export function Busy(props: { label: string; stage?: string; onCancel?: () => void; testid?: string }) {
  const t0 = performance.now();
  const [now, setNow] = createSignal(t0);
  const timer = setInterval(() => setNow(performance.now()), 200);
  onCleanup(() => clearInterval(timer));
  return (
    <div class="busy" role="status" aria-live="polite" data-testid={props.testid ?? 'busy'}>
      <div class="busy-row">
        <span class="spinner" aria-hidden="true" />
        <span class="busy-label">{props.label}</span>
        <Show when={props.stage}><span class="muted">· {props.stage}</span></Show>
        <span class="elapsed" data-testid="elapsed">{fmtMs(now() - t0)}</span>
        <Show when={props.onCancel}>
          <button class="btn small danger" data-testid="cancel" onClick={() => props.onCancel!()}>Cancel</button>
        </Show>
      </div>
      <div class="bar"><div class="bar-fill" /></div>
    </div>
  );
}
