/**
 * The bounty's accuracy circuit (docs/PROTOCOL.md §6), generated from a transpiled model: one
 * test-set batch opened under the public testRoot, B inferences of the model's `ZkmlLayers()` under
 * ONE set of private weights bound by the model commitment, and the number of correct predictions.
 *
 *   const acc = generateAccuracyCircuit(q, plan, { batch: 10, batches: 10 });
 *   acc.source          // circom main: public signals [correct, commitment, testRoot, batchIndex, beneficiary, bountyId]
 *   acc.estimate.total  // exact constraint count
 *
 * The model commitment is the same value `ZkmlModel()` outputs (PROTOCOL §2), so a bounty can check
 * it against the hunter's committed model.
 */
import type { QGraph } from '../quantize/types.js';
import type { CircuitPlan } from './index.js';
import { CodegenError } from './errors.js';
import { elements } from './templates.js';
import { cheapestCommit } from '../../circuits/packed-poseidon-commit.js';
import { PoseidonCommit } from '../../circuits/poseidon-commit.js';
import { PackedPoseidonCommit } from '../../circuits/packed-poseidon-commit.js';
import { RangeCheck } from '../../circuits/range-check.js';
import { ArgMax } from '../../circuits/arg-max.js';
import { BatchOpening } from '../../circuits/batch-opening.js';
import { CountCorrect } from '../../circuits/count-correct.js';
import { merkleDepth } from '../witness/merkle-root.js';
import { testBatchElements } from '../witness/batch-opening.js';
import { tag, MODEL_TAG } from '../commit/tags.js';

/** Public signals of every accuracy circuit, in snarkjs order (outputs, then public inputs). */
export const ACCURACY_PUBLIC_SIGNALS = ['correct', 'commitment', 'testRoot', 'batchIndex', 'beneficiary', 'bountyId'] as const;

export interface AccuracyOptions {
  /** B: samples per batch (the test set's batch size) */
  batch: number;
  /** K: number of batches of the test set (fixes the Merkle depth D = max(1, ⌈log2 K⌉)) */
  batches: number;
  /** model name for the header comment */
  name?: string;
}

export interface AccuracyPlan {
  source: string;
  includes: string[];
  publicSignals: readonly string[];
  /** samples per batch, bytes per sample (the model's input size), classes, Merkle depth, input fractional bits, payload elements */
  B: number; S: number; C: number; D: number; F: number; m: number;
  /** 'class': the model ends in its own argmax; 'logits': the accuracy circuit adds ArgMax(C, bits) per sample */
  output: 'class' | 'logits';
  nWeights: number;
  nBiases: number;
  /** exact constraint count and its parts */
  estimate: {
    total: number;
    /** one sample's inference (the model's layers, plus the argmax added for a logits model) */
    inference: number;
    /** BatchOpening(B, S, D, F) */
    opening: number;
    /** CountCorrect(B, C) */
    count: number;
    /** the model commitment (as in ZkmlModel) */
    commitment: number;
    /** beneficiary² and bountyId² */
    bindings: number;
    /** total / B */
    perSample: number;
  };
}

/** The model's number of classes: the logits' size, or the size of what its own argmax reads. */
function classesOf(g: QGraph, plan: CircuitPlan): number {
  if (plan.layers.output === 'logits') return plan.layers.outputSize;
  const last = g.nodes.find((n) => n.id === g.output)!;
  const src = g.nodes.find((n) => n.id === last.inputs[0])!;
  return elements(src.shape);
}

export function generateAccuracyCircuit(g: QGraph, plan: CircuitPlan, opts: AccuracyOptions): AccuracyPlan {
  const B = opts.batch;
  const K = opts.batches;
  if (plan.weights === 'public') throw new CodegenError('accuracy circuit: the bounty proves accuracy of a committed (private-weights) model; transpile with weights "private"');
  if (!Number.isInteger(B) || B < 1) throw new CodegenError(`accuracy circuit: the batch size must be a positive integer, got ${B}`);
  if (!Number.isInteger(K) || K < 1) throw new CodegenError(`accuracy circuit: the number of batches must be a positive integer, got ${K}`);
  const S = elements(g.inputShape);
  const F = g.inputScale;
  const C = classesOf(g, plan);
  if (C < 2 || C > 256) throw new CodegenError(`accuracy circuit: the model has ${C} classes; labels are bytes, so it needs 2 to 256`);
  if (F < 0 || F > 64) throw new CodegenError(`accuracy circuit: input scale 2^-${F} is outside what ByteToFixed takes (0..64 fractional bits)`);
  // samples are bytes read as v/255 ∈ [0, 1]: their integers [0, 2^F] must lie in the input range the layers were bounded for
  const inNode = g.nodes.find((n) => n.kind === 'input')!;
  if (inNode.lo > 0n || inNode.hi < 1n << BigInt(F)) {
    throw new CodegenError(`accuracy circuit: test samples are pixels in [0, 1], but the model was built for inputs in [${g.inputRange.join(', ')}]; transpile it with inputRange [0, 1]`);
  }
  const D = merkleDepth(K);
  const m = testBatchElements(B, S);
  const { nWeights, nBiases, weightBits, biasBits } = plan;
  const includes = new Set<string>([...plan.layers.includes, BatchOpening.file, CountCorrect.file, PoseidonCommit.file]);

  // ---- one sample's inference, and its class ----
  const last = g.nodes.find((n) => n.id === g.output)!;
  const layersCost = g.nodes.reduce((a, n) => a + n.constraints, 0);
  const argmaxCost = plan.layers.output === 'logits' ? ArgMax.constraints({ N: C, B: last.bits }) : 0;
  if (argmaxCost) includes.add(ArgMax.file);

  // ---- the model commitment, exactly as ZkmlModel() computes it (PROTOCOL §2) ----
  const commitLines: string[] = [];
  let commitment = 0;
  const parts: string[] = [];
  for (const [name, n, bits] of [['weights', nWeights, weightBits], ['biases', nBiases, biasBits]] as const) {
    if (n === 0) { parts.push('0'); continue; }
    const cc = cheapestCommit(n, bits);
    if (cc.template === 'PackedPoseidonCommit') {
      includes.add(PackedPoseidonCommit.file);
      commitLines.push(`component commit_${name} = PackedPoseidonCommit(${n}, ${bits});`);
      commitLines.push(`commit_${name}.in <== ${name};`);
    } else {
      includes.add(RangeCheck.file);
      commitLines.push(`component commit_${name} = PoseidonCommit(${n});`);
      commitLines.push(`commit_${name}.in <== ${name};`);
      commitLines.push(`component range_${name}[${n}];`);
      commitLines.push(`for (var i = 0; i < ${n}; i++) { range_${name}[i] = RangeCheck(${bits}); range_${name}[i].in <== ${name}[i]; }`);
      commitment += n * RangeCheck.constraints({ B: bits });
    }
    commitment += cc.constraints;
    parts.push(`commit_${name}.out`);
  }
  commitLines.push(`// commitment = PoseidonCommit(tag("${MODEL_TAG}"), archHash, weights, biases), as the model's own circuit`);
  commitLines.push('component commit_model = PoseidonCommit(4);');
  commitLines.push(`commit_model.in[0] <== ${tag(MODEL_TAG)};`);
  commitLines.push(`commit_model.in[1] <== ${plan.archHash};`);
  parts.forEach((p, i) => commitLines.push(`commit_model.in[${i + 2}] <== ${p};`));
  commitLines.push('commitment <== commit_model.out;');
  commitment += PoseidonCommit.constraints({ N: 4 }) - 3 * (2 + parts.filter((p) => p === '0').length);
  if (commitment !== plan.estimate.commitment) throw new CodegenError(`internal: accuracy commitment cost ${commitment} ≠ the model circuit's ${plan.estimate.commitment}`);

  const opening = BatchOpening.constraints({ B, S, D, F });
  const count = CountCorrect.constraints({ B, C });
  const bindings = 2;
  const inference = layersCost + argmaxCost;
  const total = B * inference + opening + count + commitment + bindings;

  const pred = plan.layers.output === 'class'
    ? ['count.pred[b] <== model[b].out;']
    : [
      `argmax[b] = ArgMax(${C}, ${last.bits});`,
      'argmax[b].in <== model[b].out;',
      'count.pred[b] <== argmax[b].out;',
    ];
  const source = [
    'pragma circom 2.2.3;',
    `// ${opts.name ?? 'model'}: accuracy on one test-set batch, generated by ZKML (docs/PROTOCOL.md §6).`,
    `// B = ${B} samples of S = ${S} bytes, C = ${C} classes, K = ${K} batches (Merkle depth D = ${D}), m = ${m} payload elements,`,
    `// input 2^-${F}. Constraints: ${total} = ${B}·${inference} (inference) + ${opening} (batch opening) + ${count} (count)`,
    `// + ${commitment} (model commitment) + ${bindings} (bindings).`,
    ...[...includes].sort().map((f) => `include "${f}";`),
    '',
    plan.layers.source,
    '',
    'template ZkmlAccuracy() {',
    '    // public inputs, in snarkjs order after the outputs',
    '    signal input testRoot;              // the bounty\'s test-set root',
    `    signal input batchIndex;            // k ∈ [0, 2^${D}) (the contract checks k < K)`,
    '    signal input beneficiary;           // the address paid, as a field element (binds the proof to it)',
    '    signal input bountyId;',
    '    // private',
    `    signal input weights[${nWeights}];`,
    ...(nBiases ? [`    signal input biases[${nBiases}];`] : []),
    `    signal input d[${m}];                // batch k's payload: salt, samples, labels, zero padding`,
    `    signal input siblings[${D}];`,
    '    signal output correct;              // samples of batch k whose predicted class equals the label',
    '    signal output commitment;           // the model commitment (PROTOCOL §2)',
    '',
    `    component open = BatchOpening(${B}, ${S}, ${D}, ${F});`,
    '    open.d <== d;',
    '    open.batchIndex <== batchIndex;',
    '    open.siblings <== siblings;',
    '    open.testRoot <== testRoot;',
    '',
    `    component model[${B}];`,
    ...(argmaxCost ? [`    component argmax[${B}];`] : []),
    `    component count = CountCorrect(${B}, ${C});`,
    `    for (var b = 0; b < ${B}; b++) {`,
    '        model[b] = ZkmlLayers();',
    '        model[b].in <== open.x[b];',
    '        model[b].weights <== weights;',
    ...(nBiases ? ['        model[b].biases <== biases;'] : []),
    ...pred.map((l) => `        ${l}`),
    '        count.label[b] <== open.label[b];',
    '    }',
    '    correct <== count.correct;',
    '',
    ...commitLines.map((l) => `    ${l}`),
    '',
    '    // bind the beneficiary and the bounty: a proof copied from the mempool pays nobody else',
    '    signal beneficiarySquare;',
    '    beneficiarySquare <== beneficiary * beneficiary;',
    '    signal bountyIdSquare;',
    '    bountyIdSquare <== bountyId * bountyId;',
    '}',
    '',
    'component main {public [testRoot, batchIndex, beneficiary, bountyId]} = ZkmlAccuracy();',
    '',
  ].join('\n');

  return {
    source, includes: [...includes].sort(), publicSignals: ACCURACY_PUBLIC_SIGNALS,
    B, S, C, D, F, m, output: plan.layers.output, nWeights, nBiases,
    estimate: { total, inference, opening, count, commitment, bindings, perSample: total / B },
  };
}
