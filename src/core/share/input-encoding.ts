/**
 * What a share link says about its circuit, read from the circuit's quantization.json
 * (`serializeQGraph`): the input descriptor, so that a viewer can re-read the input picture exactly as
 * the circuit does (./input-binding.ts), and the architecture, so that it can rebuild the circuit.
 *
 *   const { inputDescriptor, architecture } = linkCircuitOfPlan(transpiled.quantization);
 */
import { ZkmlError } from '../errors.js';
import { parseQGraph } from '../quantize/serialize.js';
import { inputDescriptorOf, type InputDescriptor } from '../commit/input-descriptor.js';
import { architectureOf, type Architecture } from '../commit/architecture.js';

/** quantization.json does not describe a circuit input. */
export class InputEncodingError extends ZkmlError {
  override name = 'InputEncodingError';
}

/** The input descriptor and the architecture of a plan, parsed once. */
export function linkCircuitOfPlan(quantization: string): { inputDescriptor: InputDescriptor; architecture: Architecture } {
  let g;
  try {
    g = parseQGraph(quantization);
    return { inputDescriptor: inputDescriptorOf(g), architecture: architectureOf(g) };
  } catch (e) {
    throw new InputEncodingError(`quantization.json does not describe a circuit: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export const inputDescriptorOfPlan = (quantization: string): InputDescriptor => linkCircuitOfPlan(quantization).inputDescriptor;
export const architectureOfPlan = (quantization: string): Architecture => linkCircuitOfPlan(quantization).architecture;
