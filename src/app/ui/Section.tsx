import { Show, type JSX } from 'solid-js';

/** One step of the studio: number, title, state, body. Locked steps show only why. */
export function Section(props: { n: number; id: string; title: string; done?: boolean; locked?: string; children: JSX.Element }) {
  return (
    <section class="step" classList={{ done: props.done, locked: !!props.locked }} id={`step-${props.id}`} data-testid={`step-${props.id}`} aria-labelledby={`h-${props.id}`}>
      <header class="step-head">
        <span class="step-n" aria-hidden="true">{props.done ? '✓' : props.n}</span>
        <h2 id={`h-${props.id}`}>{props.title}</h2>
      </header>
      <Show when={!props.locked} fallback={<p class="muted">{props.locked}</p>}>
        <div class="step-body">{props.children}</div>
      </Show>
    </section>
  );
}
