/**
 * A Groth16 prover that keeps one circuit's wasm and zkey resident: loaded once, then every batch
 * proof sends only its input. What workers/batch-prove.worker.ts runs (one per pool worker), and what
 * Node runs in-process (tests, the CLI): plain async code over snark-ops' `prove`, no worker APIs.
 *
 *   const r = await ResidentProver.load({ wasm: wasmBytes, zkey: 'https://…/circuit.zkey' });
 *   const { proof, publicSignals, timings } = await r.prove(input, (p) => show(p.stage, p.fraction));
 *
 * A key source is the bytes (used as they are, not copied), a `Blob` (read once: a Blob crosses to a
 * worker as a handle, so the page need not hold the bytes) or a URL (fetched once by whoever loads it,
 * e.g. the worker itself from the app's key cache). Never import this on the main thread: it pulls in
 * snarkjs (through snark-ops).
 */
import { ZkmlError } from '../../core/errors.js';
import { zkeyScheme } from '../../zk/setup.js';
import { prove, type ProgressFn, type ProveResponse, type ProofInput } from '../clients/snark-ops.js';

/** The bytes, a Blob (read once), or a URL (fetched once). */
export type KeySource = Uint8Array | Blob | string;

export interface ResidentKeySource {
  /** the circuit's witness calculator (circom's .wasm) */
  wasm: KeySource;
  /** a Groth16 zkey */
  zkey: KeySource;
}

/** A key could not be read or fetched, or the zkey is not a Groth16 key (`details.key`: 'wasm' | 'zkey'). */
export class ResidentKeyError extends ZkmlError {
  override name = 'ResidentKeyError';
}

export interface ResidentLoadInfo {
  wasmBytes: number;
  zkeyBytes: number;
  /** time to read / fetch both, ms */
  ms: number;
}

async function bytesOf(src: KeySource, key: 'wasm' | 'zkey'): Promise<Uint8Array> {
  try {
    if (src instanceof Uint8Array) return src;
    if (typeof Blob !== 'undefined' && src instanceof Blob) return new Uint8Array(await src.arrayBuffer());
    if (typeof src === 'string') {
      const res = await fetch(src);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${src}`);
      return new Uint8Array(await res.arrayBuffer());
    }
  } catch (e) {
    throw new ResidentKeyError(`the ${key} could not be read: ${(e as Error)?.message ?? e}`, { cause: e, details: { key } });
  }
  throw new ResidentKeyError(`the ${key} is neither bytes, a Blob nor a URL`, { details: { key } });
}

export class ResidentProver {
  /** proofs made with these keys */
  proofs = 0;

  private constructor(private readonly wasm: Uint8Array, private readonly zkey: Uint8Array, readonly info: ResidentLoadInfo) {}

  /** Reads both keys (in parallel) and checks that the zkey is a Groth16 key. */
  static async load(src: ResidentKeySource): Promise<ResidentProver> {
    const t0 = performance.now();
    const [wasm, zkey] = await Promise.all([bytesOf(src.wasm, 'wasm'), bytesOf(src.zkey, 'zkey')]);
    let scheme: string;
    try { scheme = zkeyScheme(zkey); } catch (e) {
      throw new ResidentKeyError(`the zkey is unusable: ${(e as Error)?.message ?? e}`, { cause: e, details: { key: 'zkey' } });
    }
    if (scheme !== 'groth16') throw new ResidentKeyError(`the batch pool proves Groth16; this zkey is for ${scheme}`, { details: { key: 'zkey', scheme } });
    return new ResidentProver(wasm, zkey, { wasmBytes: wasm.byteLength, zkeyBytes: zkey.byteLength, ms: Math.round(performance.now() - t0) });
  }

  /** Witness, then Groth16 proof, with the resident keys (a refused input is a `ProveError`). */
  async prove(input: ProofInput, onProgress?: ProgressFn): Promise<ProveResponse> {
    const r = await prove({ scheme: 'groth16', wasm: this.wasm, zkey: this.zkey, input }, onProgress);
    this.proofs++;
    return r;
  }
}
