/**
 * Proving over bytes: circuit wasm + zkey + input → proof and public signals, or a ready
 * witness (`.wtns`) + zkey → proof. snarkjs reads Uint8Arrays as in-memory files. Isomorphic.
 *
 * snarkjs's provers do not check the witness against the constraints: a witness that violates
 * them yields a proof that simply fails verification. Witness computation does run the
 * circuit's asserts, so an input a circuit refuses throws here (ProveError).
 */
import * as snarkjs from 'snarkjs';
import { ZkmlError } from '../core/errors.js';
import { type Scheme, zkeyScheme } from './setup.js';
import { bn128 } from './curve.js';

export type { Scheme } from './setup.js';

export class ProveError extends ZkmlError {
  override name = 'ProveError';
}

/** Circuit input: signal name → field element(s) as bigint, number or decimal string. */
export type ProofInputValue = bigint | number | string | ProofInputValue[];
export type ProofInput = Record<string, ProofInputValue>;

export interface ProveResult {
  proof: snarkjs.Proof;
  /** Outputs then public inputs, as decimal strings, in the circuit's order. */
  publicSignals: snarkjs.PublicSignals;
}

function checkScheme(scheme: Scheme, zkey: Uint8Array): void {
  let actual: Scheme;
  try { actual = zkeyScheme(zkey); } catch (e) { throw new ProveError(`unusable zkey: ${(e as Error).message}`, { cause: e }); }
  if (actual !== scheme) throw new ProveError(`this zkey is for ${actual}, not ${scheme}`, { details: { expected: scheme, actual } });
}

function wrap(e: unknown, what: string): ProveError {
  if (e instanceof ProveError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ProveError(`${what} failed: ${msg.trim()}`, { cause: e });
}

/** Computes the witness with the circuit's wasm and proves. */
export async function prove(opts: { scheme: Scheme; wasm: Uint8Array; zkey: Uint8Array; input: ProofInput }): Promise<ProveResult> {
  const { scheme, wasm, zkey, input } = opts;
  checkScheme(scheme, zkey);
  try {
    await bn128(); // the shared curve snarkjs picks up, with its threads fixed (./curve.ts)
    return await snarkjs[scheme].fullProve(input, wasm, zkey);
  } catch (e) {
    throw wrap(e, `${scheme} proof`);
  }
}

/** Proves from a computed witness (snarkjs `.wtns` bytes, e.g. from wtns.ts `writeWtns`). */
export async function proveFromWitness(opts: {
  scheme: Scheme; zkey: Uint8Array; wtns: Uint8Array; logger?: snarkjs.Logger;
  /**
   * Prove on this thread alone, without snarkjs's curve threads (a fresh curve per proof, ~50 ms). Faster
   * for small circuits, where splitting each multi-exponentiation over threads costs more than it saves,
   * and for a pool of one single-threaded worker per core (docs/BENCHMARKS.md).
   */
  singleThread?: boolean;
}): Promise<ProveResult> {
  const { scheme, zkey, wtns, logger, singleThread } = opts;
  checkScheme(scheme, zkey);
  try {
    if (!singleThread) await bn128(); // the shared curve snarkjs picks up, with its threads fixed (./curve.ts)
    return await snarkjs[scheme].prove(zkey, wtns, logger, singleThread ? { singleThread: true } : undefined);
  } catch (e) {
    throw wrap(e, `${scheme} proof`);
  }
}
