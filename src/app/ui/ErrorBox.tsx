import { Show } from 'solid-js';
import { explainError, type ErrorContext } from '../lib/explain.js';

/**
 * An error for people: what failed (a title, never a bare "Error"), why and what to do, and the
 * technical wording (class, message, compiler output, location) folded below in a <details>.
 */
export function ErrorBox(props: { error: unknown; testid?: string; title?: string; context?: ErrorContext }) {
  const x = () => explainError(props.error, props.context);
  return (
    <Show when={props.error !== undefined && props.error !== null}>
      <div class="error" role="alert" data-testid={props.testid ?? 'error'}>
        <strong class="error-title" data-testid="error-title">{props.title ?? x().title}</strong>
        <p class="error-text" data-testid="error-text">{x().message}</p>
        <Show when={x().technical}>
          <details class="error-details" data-testid="error-details">
            <summary>Technical details</summary>
            <pre class="error-message">{x().technical}</pre>
          </details>
        </Show>
      </div>
    </Show>
  );
}
