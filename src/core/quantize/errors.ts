import { ZkmlError } from '../errors.js';

export class QuantizationError extends ZkmlError {
  override name = 'QuantizationError';
  constructor(message: string, details: Record<string, unknown> = {}) { super(message, { details }); }
}
