/**
 * The accuracy proof's circuit input for batch k (docs/PROTOCOL.md §6): the opened batch, the
 * model's private parameters, the bindings, and the public signals the circuit must output, computed
 * with the exact integer inference of `core/witness/run.ts`.
 */
import type { QGraph } from '../quantize/types.js';
import type { AccuracyPlan } from '../codegen/accuracy.js';
import { infer } from '../witness/run.js';
import { argMax } from '../witness/arg-max.js';
import { countCorrect } from '../witness/count-correct.js';
import { modelParams, modelCommitment } from '../commit/model.js';
import { TestSetError } from './errors.js';
import { batchOpeningWitness } from './witness.js';
import type { TestSet } from './commit.js';

export interface AccuracyBindings {
  /** the address the bounty pays (a 0x-prefixed hex address or its integer) */
  beneficiary: bigint | `0x${string}`;
  bountyId: bigint | number;
}

export interface AccuracyWitness {
  /** the circuit input (all signals the generated ZkmlAccuracy() takes) */
  input: Record<string, bigint | bigint[]>;
  /** predicted class and label of every sample of the batch */
  predictions: number[];
  labels: number[];
  correct: bigint;
  commitment: bigint;
  /** public signals in snarkjs order: [correct, commitment, testRoot, batchIndex, beneficiary, bountyId] */
  publicSignals: bigint[];
}

export function accuracyWitness(g: QGraph, acc: AccuracyPlan, ts: TestSet, k: number, bind: AccuracyBindings): AccuracyWitness {
  if (ts.B !== acc.B || ts.S !== acc.S || ts.D !== acc.D || ts.m !== acc.m) {
    throw new TestSetError('batch-size', `the test set (B = ${ts.B}, S = ${ts.S}, D = ${ts.D}) does not fit the circuit (B = ${acc.B}, S = ${acc.S}, D = ${acc.D})`, {
      testSet: { B: ts.B, S: ts.S, D: ts.D }, circuit: { B: acc.B, S: acc.S, D: acc.D },
    });
  }
  const open = batchOpeningWitness(ts, k, acc.F);
  const labels = open.label.map(Number);
  const last = g.nodes.find((n) => n.id === g.output)!;
  const predictions = open.x.map((x) => {
    const out = infer(g, x).output;
    return acc.output === 'class' ? Number(out[0]) : argMax(out, last.bits).index;
  });
  const bad = labels.findIndex((y) => y >= acc.C);
  if (bad >= 0) throw new TestSetError('label', `batch ${k}: label ${labels[bad]} is not one of the model's ${acc.C} classes`, { batch: k, sample: bad, label: labels[bad], classes: acc.C });
  const correct = countCorrect(predictions, labels, acc.C);
  const commitment = modelCommitment(g);
  const { weights, biases } = modelParams(g);
  const beneficiary = BigInt(bind.beneficiary);
  const bountyId = BigInt(bind.bountyId);
  const input: Record<string, bigint | bigint[]> = {
    testRoot: open.input.testRoot, batchIndex: open.input.batchIndex, beneficiary, bountyId,
    weights, ...(acc.nBiases ? { biases } : {}), d: open.input.d, siblings: open.input.siblings,
  };
  return {
    input, predictions, labels, correct, commitment,
    publicSignals: [correct, commitment, open.input.testRoot, open.input.batchIndex, beneficiary, bountyId],
  };
}
