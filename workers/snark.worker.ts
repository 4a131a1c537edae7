/**
 * Web worker: setup, prove, verify and export with snarkjs, off the main thread. A thin comlink entry
 * over the plain functions in src/app/clients/snark-ops.ts (themselves over src/zk/*). snarkjs starts
 * its own nested workers for the curve arithmetic (ffjavascript threads); they live as long as this
 * worker, and `terminate()` on it ends them too — that is how a job is cancelled.
 *
 * Use it through `SnarkClient` (src/app/clients/snark-client.ts), which queues jobs, cancels by
 * terminating and restarting this worker, and revives the typed errors. Directly:
 *
 *   const api = Comlink.wrap<SnarkWorker>(new Worker(new URL('../workers/snark.worker.ts', import.meta.url), { type: 'module' }));
 *   try { const { proof, publicSignals } = await api.prove({ scheme, wasm, zkey, input }, Comlink.proxy((p) => show(p))); }
 *   catch (e) { throw await reviveWorkerError(e); } // a ProveError again, with details
 *
 * Errors are thrown as `ErrorRecord`s (name, message, details). Result buffers (the zkey) are
 * transferred, not copied; progress callbacks are all delivered before a call settles.
 */
import * as Comlink from 'comlink';
import { withProgress } from './with-progress.js';
import { toErrorRecord } from '../src/core/transpile-files.js';
import * as ops from '../src/app/clients/snark-ops.js';

import type {
  SetupRequest, SetupResponse, DevSetupRequest, DevSetupResponse, ProveRequest, ProveResponse, VerifyRequest, VerifyResponse, SnarkProgress, Scheme,
  WitnessRequest, WitnessResponse,
} from '../src/app/clients/snark-ops.js';
import type * as snarkjs from 'snarkjs';
import type { VerifyLinkResponse } from '../src/app/clients/snark-ops.js';
import type { PowerRequirement } from '../src/zk/ptau.js';
import type { ProofLinkPayload } from '../src/core/share/proof-link.js';

/** The buffers under `views`, once each (transferring one twice is a DataCloneError). */
const buffersOf = (...views: (Uint8Array | undefined)[]): ArrayBuffer[] =>
  [...new Set(views.flatMap((v) => (v && v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0 ? [v.buffer] : [])))];

type OnProgress = ((p: SnarkProgress) => unknown) | undefined;

const api = {
  /** Loads snarkjs and builds the curve and its threads; resolves with the thread count. */
  async warmup(): Promise<{ threads: number; ms: number }> {
    return withProgress(undefined, () => ops.warmup());
  },

  /** Circuit-specific setup; the zkey is transferred to the caller. */
  async setup(req: SetupRequest, onProgress?: (p: SnarkProgress) => unknown): Promise<SetupResponse> {
    const r = await withProgress(onProgress, (report) => ops.setup(req, report));
    return Comlink.transfer(r, [r.zkey.buffer]);
  },

  /** DEVELOPMENT Groth16 setup from the public dev-ptau secret (no ptau file; NOT FOR VALUE); the zkey is transferred. */
  async devSetup(req: DevSetupRequest, onProgress?: (p: SnarkProgress) => unknown): Promise<DevSetupResponse> {
    const r = await withProgress(onProgress, (report) => ops.devSetup(req, report));
    return Comlink.transfer(r, buffersOf(r.zkey, r.returned?.r1cs));
  },

  /** Witness, then proof; the wasm and zkey are transferred back when the request asked (`giveBack`). */
  async prove(req: ProveRequest, onProgress?: (p: SnarkProgress) => unknown): Promise<ProveResponse> {
    const r = await withProgress(onProgress, (report) => ops.prove(req, report));
    return r.returned ? Comlink.transfer(r, buffersOf(r.returned.wasm, r.returned.zkey)) : r;
  },

  /** The witness alone (.wtns), for a native prover; the wtns (and the wasm, when asked back) is transferred. */
  async witness(req: WitnessRequest): Promise<WitnessResponse> {
    const r = await withProgress(undefined, () => ops.witness(req));
    return Comlink.transfer(r, buffersOf(r.wtns, r.returned?.wasm));
  },

  /** Never rejects for bad content: `valid: false` with a reason. */
  async verify(req: VerifyRequest): Promise<VerifyResponse> {
    return withProgress(undefined, () => ops.verify(req));
  },

  /** The exact ptau power a scheme needs for an r1cs (PLONK/FFLONK gates counted from the constraints). */
  async powerRequirement(req: { r1cs: Uint8Array; scheme: Scheme }): Promise<PowerRequirement> {
    return withProgress(undefined, () => ops.powerRequirement(req));
  },

  /** A decoded share link's verdict; never rejects for bad content. */
  async verifyLink(payload: ProofLinkPayload): Promise<VerifyLinkResponse> {
    return withProgress(undefined, () => ops.verifyLink(payload));
  },

  /** Solidity source of a verifier contract for the zkey (byte-identical to snarkjs's CLI). */
  async solidityVerifier(zkey: Uint8Array): Promise<string> {
    return withProgress(undefined, () => ops.solidityVerifier(zkey));
  },

  /** The arguments of the verifier's `verifyProof` for this proof. */
  async calldata(scheme: Scheme, proof: snarkjs.Proof, publicSignals: string[]): Promise<string> {
    return withProgress(undefined, () => ops.calldata(scheme, proof, publicSignals));
  },
};

export type SnarkWorker = typeof api;

Comlink.expose(api);
