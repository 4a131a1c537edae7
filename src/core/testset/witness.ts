/**
 * Circuit inputs built from a test set: the reveal proof `RevealTestSet(K, m)` and the data half of
 * the accuracy proof `BatchOpening(B, S, D, F)` (docs/PROTOCOL.md §5, §6). Values are bigints in
 * the circuits' signal layout; the expected public signals are given alongside.
 */
import { revealTestSet } from '../witness/reveal-test-set.js';
import { batchOpening } from '../witness/batch-opening.js';
import { type TestSet, testSetPath } from './commit.js';
import { revealCalldata, revealEval } from './reveal.js';

export interface RevealWitness {
  /** circuit input: d[K][m] (private), rho (public) */
  input: { d: bigint[][]; rho: bigint };
  /** public signals in snarkjs order: [testRoot, e, rho] */
  publicSignals: [bigint, bigint, bigint];
  /** the reveal calldata R */
  calldata: Uint8Array;
}

/** Input of RevealTestSet(K, m) for the set's own reveal; ρ and e as the contract computes them from R. */
export function revealWitness(ts: TestSet): RevealWitness {
  const calldata = revealCalldata(ts);
  const { rho, e } = revealEval(calldata);
  const d = ts.batches.map((b) => b.elements);
  const ref = revealTestSet(d, rho);
  // the reference recomputes both from d: equal to the commitment's root and the contract's e by construction
  if (ref.testRoot !== ts.testRoot || ref.e !== e) throw new Error('revealWitness: internal inconsistency');
  return { input: { d, rho }, publicSignals: [ts.testRoot, e, rho], calldata };
}

export interface BatchOpeningWitness {
  /** circuit input of BatchOpening(B, S, D, F): d[m], batchIndex, siblings[D] (private), testRoot */
  input: { d: bigint[]; batchIndex: bigint; siblings: bigint[]; testRoot: bigint };
  /** what the circuit outputs: x[B][S] (model input integers), label[B] */
  x: bigint[][];
  label: bigint[];
}

/** Input of BatchOpening(B, S, D, F) for batch k; F = the model input's fractional bits. */
export function batchOpeningWitness(ts: TestSet, k: number, F: number): BatchOpeningWitness {
  const siblings = testSetPath(ts, k);
  const d = ts.batches[k].elements;
  const { x, label } = batchOpening(d, k, siblings, ts.testRoot, { B: ts.B, S: ts.S, D: ts.D, F });
  return { input: { d, batchIndex: BigInt(k), siblings, testRoot: ts.testRoot }, x, label };
}
