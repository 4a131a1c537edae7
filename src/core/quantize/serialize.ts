/** quantization.json: the quantized plan as JSON, bigints written as decimal strings. */
import type { QGraph } from './types.js';
import { ZkmlError } from '../errors.js';

export class PlanFormatError extends ZkmlError { override name = 'PlanFormatError'; }

export function serializeQGraph(g: QGraph): string {
  return JSON.stringify(g, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v), 1);
}

export function parseQGraph(text: string): QGraph {
  let g: QGraph;
  try {
    g = JSON.parse(text, (_k, v) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));
  } catch (e) {
    throw new PlanFormatError(`quantization.json is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!g || !Array.isArray(g.nodes) || !Array.isArray(g.inputShape) || typeof g.output !== 'string') {
    throw new PlanFormatError('quantization.json does not describe a quantized model (nodes, inputShape, output)');
  }
  return g;
}
