/**
 * How faithful the circuit is: the float model (tfjs) against the circuit's exact integer
 * semantics on a calibration set: argmax agreement and the largest logit error.
 */
import type { KerasModel } from '../keras/types.js';
import type { QGraph } from '../quantize/types.js';
import { infer } from '../witness/run.js';
import { quantizeInput } from '../witness/run.js';
import { nest } from '../tensor.js';
import { buildTfjsModel, predict } from './predict.js';

export interface Agreement {
  n: number;
  /** share of inputs where the float argmax equals the circuit's */
  agreement: number;
  /** largest |float logit − circuit logit / 2^scale| over all inputs and classes */
  maxLogitError: number;
  /** accuracy of each against labels, when labels are given */
  floatAccuracy?: number;
  circuitAccuracy?: number;
  floatClasses: number[];
  circuitClasses: number[];
}

const argmax = (xs: ArrayLike<number>) => { let k = 0; for (let i = 1; i < xs.length; i++) if (xs[i] > xs[k]) k = i; return k; };

/** The tensor the circuit takes its class from (the argmax input), or the raw output. */
function logitsNode(q: QGraph) {
  const last = q.nodes.find((n) => n.id === q.output)!;
  return last.kind === 'argmax' ? q.nodes.find((n) => n.id === last.inputs[0])! : last;
}

export async function evaluateAgreement(model: KerasModel, q: QGraph, inputs: Float32Array[], labels?: number[]): Promise<Agreement> {
  const tfm = await buildTfjsModel(model, { logits: true });
  const floatLogits = predict(tfm, model.inputShape, inputs);
  tfm.dispose();
  const ln = logitsNode(q);
  let agree = 0, maxErr = 0, accF = 0, accC = 0;
  const floatClasses: number[] = [], circuitClasses: number[] = [];
  inputs.forEach((x, k) => {
    const ints = quantizeInput(q, nest({ shape: q.inputShape, data: Array.from(x, (v) => v as unknown as bigint) }) as unknown);
    const r = infer(q, ints);
    const logits = r.tensors.get(ln.id)!.data.map((v) => Number(v) / 2 ** ln.scale);
    const fc = argmax(floatLogits[k]);
    const cc = argmax(logits);
    floatClasses.push(fc); circuitClasses.push(cc);
    if (fc === cc) agree++;
    for (let i = 0; i < logits.length; i++) maxErr = Math.max(maxErr, Math.abs(logits[i] - floatLogits[k][i]));
    if (labels) { if (fc === labels[k]) accF++; if (cc === labels[k]) accC++; }
  });
  const n = inputs.length;
  return {
    n, agreement: agree / n, maxLogitError: maxErr, floatClasses, circuitClasses,
    ...(labels ? { floatAccuracy: accF / n, circuitAccuracy: accC / n } : {}),
  };
}
