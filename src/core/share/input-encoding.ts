/**
 * A circuit's input encoding, read from its quantization.json (`serializeQGraph`): what a share link
 * states in `meta.inputEncoding` so a viewer can recompute the input's public form (./input-binding.ts).
 * Light on purpose (JSON only, no Poseidon): the studio's share step runs it on the page.
 *
 *   const enc = inputEncodingOf(transpiled.quantization);   // { fracBits: 8, bits: 10 }
 */
import { ZkmlError } from '../errors.js';
import type { ProofLinkInputEncoding } from './input-binding.js';

/** quantization.json does not describe an input encoding. */
export class InputEncodingError extends ZkmlError {
  override name = 'InputEncodingError';
}

/** `{ fracBits: inputScale, bits: <the input node's bit width> }` of a quantized graph's JSON. */
export function inputEncodingOf(quantization: string): ProofLinkInputEncoding {
  let g: unknown;
  try {
    g = JSON.parse(quantization);
  } catch (e) {
    throw new InputEncodingError(`quantization.json is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const o = g as { inputScale?: unknown; nodes?: { kind?: unknown; bits?: unknown }[] } | null;
  const input = Array.isArray(o?.nodes) ? o.nodes.find((n) => n?.kind === 'input') : undefined;
  const fracBits = o?.inputScale;
  const bits = input?.bits;
  if (typeof fracBits !== 'number' || !Number.isInteger(fracBits) || typeof bits !== 'number' || !Number.isInteger(bits)) {
    throw new InputEncodingError('quantization.json has no input scale or input node bit width', { details: { fracBits, bits } });
  }
  return { fracBits, bits };
}
