/**
 * A public model (docs/PROTOCOL.md §2b): its quantized parameters travel in the clear, as the
 * circuit's constants. A share link of a public-model proof carries them with the architecture, so a
 * viewer can rebuild the exact circuit (`graphWithParameters` → `generateCircuit(g, { weights: 'public' })`)
 * and compare verification keys: the key pins the model. The model's usual commitment
 * (`modelCommitment`, §2) names it off-circuit, so a public model can be compared with a committed one.
 *
 *   const params = parametersOf(q);                         // { weights: string[], biases: string[] }
 *   const g = graphWithParameters(architectureOf(q), params);  // the same QGraph, rebuilt
 *   modelCommitment(g) === modelCommitment(q)
 */
import type { QGraph } from '../quantize/types.js';
import { flatParams, paramSlots } from '../codegen/index.js';
import { graphFromArchitecture, ArchitectureError } from './architecture.js';

/** A public model's parameters, flat in the circuit's `weights` / `biases` slot order, as signed decimals. */
export interface PublicModelParameters {
  weights: string[];
  biases: string[];
}

const SIGNED = /^-?(0|[1-9][0-9]{0,77})$/;

export function parametersOf(q: QGraph): PublicModelParameters {
  const { weights, biases } = flatParams(q);
  return { weights: weights.map(String), biases: biases.map(String) };
}

/**
 * The quantized graph of `arch` with `params` as its weights. Throws ArchitectureError when the
 * parameters do not fit the architecture: wrong count, not integers, or wider than the width the
 * architecture declares for their tensor (the width the commitment packs them at).
 */
export function graphWithParameters(arch: unknown, params: PublicModelParameters): QGraph {
  const g = graphFromArchitecture(arch);
  const fail = (msg: string): never => { throw new ArchitectureError(`the public model's parameters ${msg}`, { details: { problem: msg } }); };
  if (!params || !Array.isArray(params.weights) || !Array.isArray(params.biases)) fail('are not two lists (weights, biases)');
  const { slots, nWeights, nBiases } = paramSlots(g);
  if (params.weights.length !== nWeights || params.biases.length !== nBiases) {
    fail(`are ${params.weights.length} weights and ${params.biases.length} biases; the architecture has ${nWeights} and ${nBiases}`);
  }
  for (const s of slots) {
    const w = g.nodes.find((n) => n.id === s.node)!.weights[s.signal];
    const src = s.group === 'weights' ? params.weights : params.biases;
    const width = BigInt(w.width ?? w.bits);
    const lo = -(1n << (width - 1n)), hi = (1n << (width - 1n)) - 1n;
    for (let i = 0; i < s.size; i++) {
      const v = src[s.offset + i];
      if (typeof v !== 'string' || !SIGNED.test(v)) fail(`${s.group}[${s.offset + i}] is not an integer`);
      const x = BigInt(v);
      if (x < lo || x > hi) fail(`${s.group}[${s.offset + i}] = ${v} is wider than the ${width} bits the architecture declares for ${s.node}.${s.signal}`);
      w.data[i] = x;
    }
  }
  return g;
}

/**
 * What a share link of a public model's proof carries about the model, from quantization.json:
 * `weights: 'public'`, the parameters, and the model commitment that names them (§2, off-circuit).
 * Undefined for a committed (private-weights) model's plan.
 */
export async function publicModelOfPlan(quantization: string): Promise<{ weights: 'public'; parameters: PublicModelParameters; modelCommitment: string } | undefined> {
  const [{ parseQGraph }, { modelCommitment }, { weightsModeOf }] = await Promise.all([
    import('../quantize/serialize.js'), import('./model.js'), import('../witness/run.js'),
  ]);
  const g = parseQGraph(quantization);
  if (weightsModeOf(g) !== 'public') return undefined;
  return { weights: 'public', parameters: parametersOf(g), modelCommitment: modelCommitment(g).toString() };
}
