/**
 * A circuit's input descriptor and architecture, read from its quantization.json (`serializeQGraph`):
 * what a share link carries so that a viewer can re-read the input picture exactly as the circuit
 * does (./input-binding.ts) and rebuild the circuit from its architecture.
 *
 *   const d = inputDescriptorOfPlan(transpiled.quantization);   // { kind: 'zkml/input/v1', shape, bits, fracBits, lo, hi }
 */
import { ZkmlError } from '../errors.js';
import { parseQGraph } from '../quantize/serialize.js';
import { INPUT_KIND, type InputDescriptor } from '../commit/input.js';
import { architectureOf, type Architecture } from '../commit/architecture.js';

/** quantization.json does not describe a circuit input. */
export class InputEncodingError extends ZkmlError {
  override name = 'InputEncodingError';
}

function graphOf(quantization: string) {
  try {
    return parseQGraph(quantization);
  } catch (e) {
    throw new InputEncodingError(`quantization.json is unreadable: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function inputDescriptorOfPlan(quantization: string): InputDescriptor {
  const g = graphOf(quantization);
  const input = g.nodes.find((n) => n.kind === 'input');
  if (!input || !Number.isInteger(g.inputScale) || !Number.isInteger(input.bits)) {
    throw new InputEncodingError('quantization.json has no input node with a scale and bit width', { details: { inputScale: g.inputScale } });
  }
  return { kind: INPUT_KIND, shape: [...g.inputShape], bits: input.bits, fracBits: g.inputScale, lo: BigInt(input.lo).toString(), hi: BigInt(input.hi).toString() };
}

export function architectureOfPlan(quantization: string): Architecture {
  return architectureOf(graphOf(quantization));
}
