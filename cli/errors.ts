/** Errors the command line raises itself (everything else comes typed from src/). */
import { ZkmlError } from '../src/core/errors.js';

/** Bad arguments: an unknown command or option, a missing value, a malformed number. */
export class UsageError extends ZkmlError {
  override name = 'UsageError';
}

/** A file or directory the command needs is missing or unreadable. */
export class FileError extends ZkmlError {
  override name = 'FileError';
}

/** A step ran out of order: e.g. `prove` before `setup`. Names the command to run first. */
export class MissingArtifactError extends ZkmlError {
  override name = 'MissingArtifactError';
}

/** A calibration set, labels file or input file is not what the model expects. */
export class DataError extends ZkmlError {
  override name = 'DataError';
}

/** Something that must agree does not (the proof's model commitment, the circuit's output). */
export class ConsistencyError extends ZkmlError {
  override name = 'ConsistencyError';
}
