/**
 * Local evaluation before proving (issue 11): on a labelled uint8 dataset, the float model's accuracy
 * (tfjs, input v / 255) and the circuit's exact accuracy (the integer reference `infer`, input
 * byteToFixed(v) as the accuracy circuit's opening computes it, the class as the circuit takes it:
 * the model's own argmax, or ArgMax over the logits, ties to the lowest index). The circuit numbers
 * are exactly what the accuracy proofs will show; with `batch` the per-batch counts are given too.
 *
 *   const e = await evaluateAccuracy(model, q, samples, labels, { batch: 10 });
 *   e.floatAccuracy, e.circuitAccuracy, e.batches // [{ batch: 0, correct: 9 }, …]
 */
import type { KerasModel } from '../keras/types.js';
import type { QGraph } from '../quantize/types.js';
import { ZkmlError } from '../errors.js';
import { infer } from '../witness/run.js';
import { argMax } from '../witness/arg-max.js';
import { byteToFixed } from '../witness/byte-to-fixed.js';
import { buildTfjsModel, predict } from './predict.js';

/** The dataset does not fit the model (`details.reason`: 'count' | 'sample-size' | 'label' | 'batch' | 'empty'). */
export class EvaluationError extends ZkmlError {
  override name = 'EvaluationError';
  constructor(readonly reason: 'count' | 'sample-size' | 'label' | 'batch' | 'empty', message: string, details: Record<string, unknown> = {}) {
    super(message, { details: { reason, ...details } });
  }
}

export interface AccuracyEvaluation {
  n: number;
  classes: number;
  floatCorrect: number;
  circuitCorrect: number;
  floatAccuracy: number;
  circuitAccuracy: number;
  /** share of samples where float and circuit predict the same class */
  agreement: number;
  floatClasses: number[];
  circuitClasses: number[];
  /** with `batch`: the number correct in each batch, as its accuracy proof's public `correct` */
  batches?: { batch: number; correct: number }[];
  ms: { float: number; circuit: number };
}

export interface EvaluateOptions {
  /** B, to report the counts per batch */
  batch?: number;
  /** called after each circuit inference (the slow part on big models) */
  onSample?: (done: number, total: number) => void;
  /** samples per tfjs call (default 256) */
  chunk?: number;
}

const argmaxLow = (xs: ArrayLike<number>) => { let k = 0; for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[k]!) k = i; return k; };
const now = () => (globalThis.performance ?? Date).now();

/** The circuit's class for one uint8 sample (the accuracy circuit's semantics). */
export function circuitClass(q: QGraph, sample: Uint8Array): number {
  const out = infer(q, Array.from(sample, (v) => byteToFixed(v, q.inputScale))).output;
  const last = q.nodes.find((n) => n.id === q.output)!;
  return last.kind === 'argmax' ? Number(out[0]) : argMax(out, last.bits).index;
}

export async function evaluateAccuracy(model: KerasModel, q: QGraph, samples: readonly Uint8Array[], labels: readonly number[], opts: EvaluateOptions = {}): Promise<AccuracyEvaluation> {
  const n = samples.length;
  if (n === 0) throw new EvaluationError('empty', 'no samples to evaluate');
  if (labels.length !== n) throw new EvaluationError('count', `${n} samples but ${labels.length} labels`, { samples: n, labels: labels.length });
  const S = q.inputShape.reduce((a, b) => a * b, 1);
  samples.forEach((x, i) => {
    if (x.length !== S) throw new EvaluationError('sample-size', `sample ${i} has ${x.length} bytes; the model's input [${q.inputShape.join(', ')}] is ${S}`, { sample: i, length: x.length, expected: S });
  });
  if (opts.batch !== undefined && (!Number.isInteger(opts.batch) || opts.batch < 1 || n % opts.batch !== 0)) {
    throw new EvaluationError('batch', `the number of samples (${n}) is not a positive multiple of the batch size ${opts.batch}`, { samples: n, batch: opts.batch });
  }
  // float: tfjs on v / 255, logits (a final softmax left out does not change the argmax)
  const t0 = now();
  const tfm = await buildTfjsModel(model, { logits: true });
  const floatClasses: number[] = [];
  let classes = 0;
  try {
    const chunk = Math.max(1, opts.chunk ?? 256);
    for (let i = 0; i < n; i += chunk) {
      const outs = predict(tfm, model.inputShape, samples.slice(i, i + chunk).map((x) => Float32Array.from(x, (v) => v / 255)));
      for (const o of outs) { classes = o.length; floatClasses.push(argmaxLow(o)); }
      await new Promise((r) => setTimeout(r, 0)); // let a page breathe between chunks
    }
  } finally {
    tfm.dispose();
  }
  const bad = labels.findIndex((y) => !Number.isInteger(y) || y < 0 || y >= classes);
  if (bad >= 0) throw new EvaluationError('label', `label ${bad} (${labels[bad]}) is not one of the model's ${classes} classes`, { sample: bad, label: labels[bad], classes });
  const t1 = now();
  const circuitClasses: number[] = [];
  for (let i = 0; i < n; i++) {
    circuitClasses.push(circuitClass(q, samples[i]!));
    opts.onSample?.(i + 1, n);
    if (i % 16 === 15) await new Promise((r) => setTimeout(r, 0));
  }
  const t2 = now();
  const floatCorrect = floatClasses.filter((c, i) => c === labels[i]).length;
  const circuitCorrect = circuitClasses.filter((c, i) => c === labels[i]).length;
  const B = opts.batch;
  return {
    n, classes, floatCorrect, circuitCorrect,
    floatAccuracy: floatCorrect / n, circuitAccuracy: circuitCorrect / n,
    agreement: floatClasses.filter((c, i) => c === circuitClasses[i]).length / n,
    floatClasses, circuitClasses,
    ...(B ? {
      batches: Array.from({ length: n / B }, (_, k) => ({
        batch: k, correct: circuitClasses.slice(k * B, (k + 1) * B).filter((c, j) => c === labels[k * B + j]).length,
      })),
    } : {}),
    ms: { float: Math.round(t1 - t0), circuit: Math.round(t2 - t1) },
  };
}
