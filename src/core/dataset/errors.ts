/** Typed errors of datasets (viem style: name, message naming the problem, details, cause). */
import { ZkmlError } from '../errors.js';

/** Anything wrong with a dataset. */
export class DatasetError extends ZkmlError {
  override name = 'DatasetError';
}

/** dataset.json is missing, not JSON, or breaks the manifest's rules. `details.field` names the field. */
export class DatasetManifestError extends DatasetError {
  override name = 'DatasetManifestError';
}

/** A sample is not of the declared shape or encoding. `details.file` names it. */
export class DatasetShapeError extends DatasetError {
  override name = 'DatasetShapeError';
}

/** labels.json is missing or malformed, a sample has no label, or a label is outside the label set. */
export class DatasetLabelError extends DatasetError {
  override name = 'DatasetLabelError';
}
