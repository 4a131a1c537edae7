/**
 * One base class for every error ZKML raises on purpose (viem style): each carries a stable
 * `name`, a short human message, optional `details` (structured data for the UI) and `cause`.
 */
export class ZkmlError extends Error {
  override name = 'ZkmlError';
  readonly details: Record<string, unknown>;
  constructor(message: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.details = opts.details ?? {};
  }
}

/** A template was asked for parameters it cannot honour. `details.param` names the parameter. */
export class TemplateParamError extends ZkmlError {
  override name = 'TemplateParamError';
  constructor(template: string, param: string, message: string, value?: unknown) {
    super(`${template}: parameter ${param} ${message}${value === undefined ? '' : ` (got ${String(value)})`}`, { details: { template, param, value } });
  }
}

/** A value is outside the range a template or layer declares for it. */
export class RangeError_ extends ZkmlError {
  override name = 'RangeError';
}
