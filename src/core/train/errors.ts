/** Typed errors of in-browser training (src/core/train). */
import { ZkmlError } from '../errors.js';

/** The architecture has a layer training cannot build or fit (named in `details.kinds` / `details.node`). */
export class UnsupportedArchitectureError extends ZkmlError {
  override name = 'UnsupportedArchitectureError';
}

/** No samples, or too few to train on (`details.count`). */
export class EmptyDatasetError extends ZkmlError {
  override name = 'EmptyDatasetError';
}

/** Samples, labels or the input descriptor do not fit the architecture (`details.expected`, `details.got`). */
export class ShapeMismatchError extends ZkmlError {
  override name = 'ShapeMismatchError';
}

/** Bad training options (epochs, batch size, validation split, patience): `details.option` names it. */
export class TrainOptionsError extends ZkmlError {
  override name = 'TrainOptionsError';
}

/** Training was cancelled through its AbortSignal. */
export class TrainingAbortedError extends ZkmlError {
  override name = 'TrainingAbortedError';
  constructor(epochsDone: number) {
    super(`training was cancelled after ${epochsDone} epoch${epochsDone === 1 ? '' : 's'}`, { details: { epochsDone } });
  }
}

/**
 * The trained weights cannot be put into the architecture's fixed quantization (scales, widths, worst-case
 * bounds) so that the model keeps the architecture's hash: `details.node` names the layer, `details.problem` what failed.
 */
export class ArchitectureFitError extends ZkmlError {
  override name = 'ArchitectureFitError';
  constructor(node: string, problem: string) {
    super(`the trained layer ${node} cannot be fitted to the bounty's architecture: ${problem}`, { details: { node, problem } });
  }
}
