import { ZkmlError } from '../errors.js';

/**
 * A model file is not what it claims to be: malformed JSON, a truncated or corrupt HDF5 file, a broken zip,
 * a config missing a required key. `details.file` names the file, `details.problem` says what is wrong.
 */
export class ModelFormatError extends ZkmlError {
  override name = 'ModelFormatError';
  constructor(file: string, problem: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(`${file}: ${problem}`, { cause: opts.cause, details: { file, problem, ...opts.details } });
  }
}

/** The architecture asks for weights that the files do not hold (a missing shard, layer group or variable). */
export class MissingWeightsError extends ZkmlError {
  override name = 'MissingWeightsError';
  constructor(message: string, details: { file?: string; layer?: string; weight?: string; expected?: unknown; found?: unknown } = {}) {
    super(message, { details });
  }
}

/** Weights are present but unusable: NaN or infinite values, or a shape that contradicts the layer's config. */
export class InvalidWeightsError extends ZkmlError {
  override name = 'InvalidWeightsError';
  constructor(message: string, details: { layer: string; weight?: string; index?: number; value?: number; [k: string]: unknown }) {
    super(message, { details });
  }
}

/** A well-formed model that ZKML cannot take: several inputs, a shared layer, an unknown input size, ... */
export class UnsupportedModelError extends ZkmlError {
  override name = 'UnsupportedModelError';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { details });
  }
}

/** Any of the loading errors above. */
export type ModelLoadError = ModelFormatError | MissingWeightsError | InvalidWeightsError | UnsupportedModelError;

export function isModelLoadError(e: unknown): e is ModelLoadError {
  return e instanceof ModelFormatError || e instanceof MissingWeightsError || e instanceof InvalidWeightsError || e instanceof UnsupportedModelError;
}
