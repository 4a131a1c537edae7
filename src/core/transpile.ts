/**
 * The transpiler pipeline, pure and isomorphic: Keras model → IR → quantized plan → circom source,
 * plus the report a user sees (layers, shapes, parameters, scales, bit widths, estimated constraints).
 */
import type { KerasModel } from './keras/types.js';
import { fromKeras } from './ir/from-keras.js';
import { optimize } from './ir/passes.js';
import type { IrGraph } from './ir/types.js';
import { quantize } from './quantize/index.js';
import type { QGraph, QuantizeOptions } from './quantize/types.js';
import { generateCircuit, nodeConstraints, type CircuitPlan, type InputVisibility, type WeightsVisibility } from './codegen/index.js';
import { tabFit, TAB_PROVE_LIMIT } from './fit.js';

export interface TranspileOptions extends QuantizeOptions {
  /** keep the logits instead of turning a final softmax into the class index */
  raw?: boolean;
  input?: InputVisibility;
  /** `private` (default): weights are circuit inputs under the model commitment; `public`: constants of the circuit */
  weights?: WeightsVisibility;
  /** float inputs used to pick the input range (when none is declared) */
  calibration?: ArrayLike<number>[];
}

/** Largest circuit a browser tab was measured to prove (src/core/fit.ts, bench/scale.ts). */
export const BROWSER_CONSTRAINT_LIMIT = TAB_PROVE_LIMIT;

export interface LayerReport { id: string; kind: string; comment: string; shape: number[]; scale: number; bits: number; params: number; constraints: number }

export interface TranspileResult {
  ir: IrGraph;
  q: QGraph;
  plan: CircuitPlan;
  layers: LayerReport[];
  /** the ptau power a Groth16 setup needs, from the estimate */
  ptauPower: number;
  warnings: string[];
}

export function transpile(model: KerasModel, opts: TranspileOptions = {}): TranspileResult {
  const ir = optimize(fromKeras(model), { raw: opts.raw });
  const q = quantize(ir, opts, opts.calibration);
  const plan = generateCircuit(q, { input: opts.input, weights: opts.weights, name: model.name });
  const layers: LayerReport[] = q.nodes.map((n) => ({
    id: n.id, kind: n.kind, comment: n.comment, shape: n.shape, scale: n.scale, bits: n.bits,
    params: Object.values(n.weights).reduce((a, w) => a + w.data.length, 0), constraints: nodeConstraints(n, plan.weights),
  }));
  const warnings: string[] = [];
  const total = plan.estimate.total;
  const ptauPower = Math.max(8, Math.ceil(Math.log2(total + plan.publicSignals.length + 1)));
  const fit = tabFit(total, ptauPower);
  if (fit.verdict !== 'tab') {
    warnings.push(`estimated ${total.toLocaleString('en')} constraints: beyond what a browser tab can prove (the largest measured to prove in a tab: ${BROWSER_CONSTRAINT_LIMIT.toLocaleString('en')}); ` +
      (fit.verdict === 'native' ? 'compile it and compute its witness in the tab, and prove it with a native prover' : 'use the CLI and a native prover'));
  }
  return { ir, q, plan, layers, ptauPower, warnings };
}
