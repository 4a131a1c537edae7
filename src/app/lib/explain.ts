/**
 * Errors said for people: a title naming what failed (never a bare "Error"), a sentence saying why and
 * what to do, and the technical wording (the error's own message, its class, a source location) kept
 * apart so the UI can fold it away. Used by the studio's error boxes (ui/ErrorBox.tsx).
 *
 *   const { title, message, technical } = explainError(e, 'input');
 */
import { errorMessage, errorName } from './files.js';

/** Which step the error came from: it names the failure when the error's own class says nothing. */
export type ErrorContext = 'model' | 'compile' | 'setup' | 'ptau' | 'input' | 'prove' | 'export' | 'share' | 'storage';

export interface ExplainedError {
  title: string;
  /** what happened and what to do, in plain words */
  message: string;
  /** the error as the code said it (class, message, location), for the folded details; absent when `message` is already it */
  technical?: string;
}

const CONTEXT_TITLES: Record<ErrorContext, string> = {
  model: 'The model could not be loaded',
  compile: 'The circuit did not compile',
  setup: 'The keys could not be made',
  ptau: 'This ptau file cannot be used',
  input: 'This input cannot be used',
  prove: 'The proof could not be made',
  export: 'The file could not be made',
  share: 'The link could not be made',
  storage: 'The project could not be saved',
};

/** Titles by error class (their messages are already for people). */
const TITLES: Record<string, string> = {
  ModelFormatError: 'The model file could not be read',
  MissingWeightsError: 'Weights are missing',
  InvalidWeightsError: 'The weights are invalid',
  UnsupportedModelError: 'This model is not supported',
  UnsupportedLayerError: 'Unsupported layer',
  ShapeError: 'The layers do not fit together',
  QuantizationError: 'The model does not fit fixed-point numbers',
  CodegenError: 'The circuit could not be generated',
  CircomCompileError: 'The circuit did not compile',
  PtauError: 'This ptau file cannot be used',
  PtauFetchError: 'The development ptau could not be loaded',
  SetupError: 'The keys could not be made',
  DevSetupError: 'The development keys could not be made',
  ProveError: 'The proof could not be made',
  InputFormatError: 'This input cannot be used',
  InputShapeError: 'The input has the wrong shape',
  InputRangeError: 'The input is out of range',
  InputShapeForImageError: 'This model does not take images',
  ImageFormatError: 'The image could not be read',
  WorkerError: 'A background worker stopped',
  StorageError: 'Storage problem',
  SampleError: 'The sample could not be loaded',
  ExportError: 'The file could not be made',
  ProofFormatError: 'The proof is malformed',
  ProofLinkError: 'The link is malformed',
  CancelledError: 'Cancelled',
};

type Details = Record<string, unknown>;
const detailsOf = (e: unknown): Details => ((e as { details?: Details } | null)?.details ?? {});
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * The plain-words message for classes whose own message is technical; undefined keeps the error's
 * message (it is already written for people).
 */
function plain(name: string, raw: string, d: Details): string | undefined {
  switch (name) {
    case 'InputRangeError': {
      const range = Array.isArray(d.range) ? d.range as number[] : undefined;
      const i = num(d.index);
      const v = num(d.value);
      return `${i !== undefined ? `Value number ${i + 1}${v !== undefined ? ` (${v})` : ''}` : 'A value'} is outside ${range ? `the range ${range[0]} to ${range[1]}` : 'the range'} the circuit was built for. ` +
        'Use values in that range, or change the input range in step 1 and transpile again.';
    }
    case 'InputShapeError': {
      const shape = Array.isArray(d.expected) ? (d.expected as number[]) : undefined;
      return `The model takes ${shape ? `${shape.reduce((a, b) => a * b, 1)} values, nested as ${shape.join(' × ')}` : 'values of another shape'}; this input is laid out differently. A flat list of that many numbers also works.`;
    }
    case 'InputFormatError':
      return undefined; // written for people; the parser's words are in details.technical
    case 'ImageFormatError':
      return /too large/.test(raw)
        ? 'This image is too large to read here. Scale it down (a few megapixels at most) and try again.'
        : 'This file is not an image the browser can read. Use a PNG, JPEG, WebP, GIF, BMP or PGM file.';
    case 'ProveError':
      if (/witness computation failed/.test(raw)) {
        return 'The circuit refused this input while computing it: one of the circuit\'s checks failed (for example a value too large for its fixed-point numbers). Try another input.';
      }
      if (/zkey is for|unusable zkey/.test(raw)) return 'The keys do not belong to this proving system. Run the setup in step 3 again.';
      return 'Proving failed. Try again; if it fails again, run the setup in step 3 again.';
    case 'WorkerError':
      return 'A background worker stopped unexpectedly, most often because the tab ran out of memory. Try again; close other tabs if it happens again.';
    case 'CircomCompileError':
      return 'The circom compiler refused the generated circuit. This is a gap in ZKML for this model, not something in your file; the compiler\'s words are below.';
    case 'SetupError':
    case 'DevSetupError':
      return 'Making the keys failed. Compile the circuit again and retry; the details below say what went wrong.';
    case 'ExportError':
      return 'The file could not be made from these keys. Run the setup again and retry.';
    case 'ModelFormatError':
      return 'ZKML reads Keras models saved as .h5 or .keras, or a TensorFlow.js model.json with its weight files. This file is not one of them, or it is damaged.';
    case 'ProofFormatError':
      return 'The proof does not have the form the verifier expects. Prove again.';
    default:
      return undefined;
  }
}

export function explainError(error: unknown, context?: ErrorContext): ExplainedError {
  const name = errorName(error) === 'Error' && error instanceof Error && error.constructor !== Error ? error.constructor.name : errorName(error);
  const raw = errorMessage(error);
  const d = detailsOf(error);
  const title = TITLES[name] ?? (context ? CONTEXT_TITLES[context] : 'Something went wrong');
  const where = d.line !== undefined ? [d.file, d.line, d.column].filter((v) => v !== undefined).join(':') : undefined;
  const tech = [`${name === 'Error' ? '' : `${name}: `}${typeof d.technical === 'string' ? d.technical : raw}`, where ? `at ${where}` : ''].filter(Boolean).join('\n');
  const message = plain(name, raw, d);
  if (message === undefined) {
    // the message is already for people; details only when there is more to say
    return typeof d.technical === 'string' || where ? { title, message: raw, technical: tech } : { title, message: raw };
  }
  return { title, message, technical: tech };
}
