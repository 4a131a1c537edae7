import { ZkmlError } from '../errors.js';

/**
 * Why a test set, a reveal or a batch was refused:
 * - `batch-size`: N is not a positive multiple of B, or B is not a positive integer;
 * - `sample-size`: a sample does not have the S bytes of the model's input;
 * - `label`: a label is not an integer class in [0, C);
 * - `classes`: C is not in [2, 256] (labels are bytes);
 * - `count`: the numbers of samples and labels differ;
 * - `salt`: a salt is not 31 bytes, or the number of salts is not K;
 * - `calldata`: revealed bytes of the wrong length, or with non-zero padding;
 * - `batch-index`: a batch index outside [0, K).
 */
export type TestSetErrorReason = 'batch-size' | 'sample-size' | 'label' | 'classes' | 'count' | 'salt' | 'calldata' | 'batch-index';

export class TestSetError extends ZkmlError {
  override name = 'TestSetError';
  constructor(readonly reason: TestSetErrorReason, message: string, details: Record<string, unknown> = {}) {
    super(message, { details: { reason, ...details } });
  }
}
