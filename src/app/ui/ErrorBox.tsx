import { Show } from 'solid-js';
import { errorMessage, errorName } from '../lib/files.js';

/** A typed error, readable: its kind, its message (pre-wrapped: compiler output keeps its lines). */
export function ErrorBox(props: { error: unknown; testid?: string; title?: string }) {
  const details = () => {
    const e = props.error as { details?: Record<string, unknown> } | undefined;
    const d = e?.details;
    if (!d || d.line === undefined) return undefined; // a source location (compiler errors), not any `file` detail
    const where = [d.file, d.line, d.column].filter((v) => v !== undefined).join(':');
    return where || undefined;
  };
  return (
    <Show when={props.error !== undefined && props.error !== null}>
      <div class="error" role="alert" data-testid={props.testid ?? 'error'}>
        <strong>{props.title ?? humanName(errorName(props.error))}</strong>
        <Show when={details()}><span class="error-where"> at {details()}</span></Show>
        <pre class="error-message">{errorMessage(props.error)}</pre>
      </div>
    </Show>
  );
}

const NAMES: Record<string, string> = {
  ModelFormatError: 'The model file could not be read',
  MissingWeightsError: 'Weights are missing',
  InvalidWeightsError: 'The weights are invalid',
  UnsupportedModelError: 'This model is not supported',
  UnsupportedLayerError: 'Unsupported layer',
  ShapeError: 'Shape mismatch',
  QuantizationError: 'Quantization failed',
  CircomCompileError: 'The circuit did not compile',
  PtauError: 'Unusable ptau file',
  PtauFetchError: 'The development ptau could not be loaded',
  SetupError: 'Setup failed',
  ProveError: 'Proving failed',
  InputShapeError: 'The input has the wrong shape',
  InputRangeError: 'The input is out of range',
  ImageFormatError: 'The image could not be read',
  WorkerError: 'A worker failed',
  StorageError: 'Storage problem',
  SampleError: 'Sample unavailable',
  ExportError: 'Export failed',
  ProofLinkError: 'Malformed proof link',
};
const humanName = (n: string) => NAMES[n] ?? n;
