/**
 * The model commitment (docs/PROTOCOL.md §2), off-circuit: the value the generated circuit outputs
 * as `commitment`, and the limbs the hand-over encrypts.
 *
 *   commitment = PoseidonCommit(tag("model/v1"), archHash, wC, bC)
 *   wC = PoseidonCommit(weight limbs), bC = PoseidonCommit(bias limbs) or 0 without biases
 *
 * Each parameter group is packed (PackedPoseidonCommit) or committed value by value
 * (PoseidonCommit), whichever `cheapestCommit` picks: the same choice codegen makes.
 */
import type { QGraph } from '../quantize/types.js';
import { paramSlots } from '../codegen/index.js';
import { cheapestCommit } from '../../circuits/packed-poseidon-commit.js';
import { packSigned } from '../witness/packed-poseidon-commit.js';
import { poseidonCommit } from '../witness/poseidon-commit.js';
import { toField } from '../field.js';
import { architectureOf, archHash } from './architecture.js';
import { tag, MODEL_TAG } from './tags.js';

export interface ModelParams {
  weights: bigint[];
  biases: bigint[];
  weightBits: number;
  biasBits: number;
}

/** Every kernel value and every bias/shift, flat, in the circuit's `weights` / `biases` order. */
export function modelParams(q: QGraph): ModelParams {
  const { slots, nWeights, nBiases, weightBits, biasBits } = paramSlots(q);
  const weights = new Array<bigint>(nWeights), biases = new Array<bigint>(nBiases);
  for (const s of slots) {
    const data = q.nodes.find((n) => n.id === s.node)!.weights[s.signal].data;
    for (let i = 0; i < s.size; i++) (s.group === 'weights' ? weights : biases)[s.offset + i] = data[i];
  }
  return { weights, biases, weightBits, biasBits };
}

/** The field elements one parameter group is committed as: packed limbs, or the values themselves. */
export function groupLimbs(values: readonly bigint[], bits: number): bigint[] {
  if (values.length === 0) return [];
  return cheapestCommit(values.length, bits).template === 'PackedPoseidonCommit'
    ? packSigned(values, bits)
    : values.map(toField);
}

export interface ModelLimbs { weightLimbs: bigint[]; biasLimbs: bigint[] }

export function modelLimbs(q: QGraph): ModelLimbs {
  const p = modelParams(q);
  return { weightLimbs: groupLimbs(p.weights, p.weightBits), biasLimbs: groupLimbs(p.biases, p.biasBits) };
}

/** PoseidonCommit(tag("model/v1"), archHash, wC, bC) from the limbs and the architecture hash. */
export function commitmentFromLimbs(arch: bigint, limbs: ModelLimbs): bigint {
  const wC = limbs.weightLimbs.length ? poseidonCommit(limbs.weightLimbs) : 0n;
  const bC = limbs.biasLimbs.length ? poseidonCommit(limbs.biasLimbs) : 0n;
  return poseidonCommit([tag(MODEL_TAG), arch, wC, bC]);
}

/** The value the circuit's public `commitment` takes for this quantized model. */
export function modelCommitment(q: QGraph): bigint {
  return commitmentFromLimbs(archHash(architectureOf(q)), modelLimbs(q));
}
