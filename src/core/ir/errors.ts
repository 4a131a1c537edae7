import { ZkmlError } from '../errors.js';

/** A layer class ZKML cannot turn into a circuit; names it and lists what is supported. */
export class UnsupportedLayerError extends ZkmlError {
  override name = 'UnsupportedLayerError';
  constructor(layer: string, className: string, supported: readonly string[], reason?: string) {
    super(
      reason
        ? `layer "${layer}" (${className}) is not supported: ${reason}`
        : `layer "${layer}" has the unsupported class ${className}. Supported layers: ${supported.join(', ')}`,
      { details: { layer, className, supported: [...supported], reason } },
    );
  }
}

/** Shapes that do not fit: names the layer and the expected shape. */
export class ShapeError extends ZkmlError {
  override name = 'ShapeError';
  constructor(message: string, details: Record<string, unknown> = {}) { super(message, { details }); }
}
