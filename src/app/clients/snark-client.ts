/**
 * The snark worker from the page: setup, prove, verify, Solidity export and calldata, each a queued,
 * cancellable job (see WorkerHost). Plain TypeScript; the UI wraps `subscribe` in its own signals.
 *
 *   const snark = new SnarkClient();
 *   const ac = new AbortController();
 *   const { zkey, vkey } = await snark.setup({ scheme: 'groth16', r1cs, ptau }, { onProgress: (p) => log(p.stage), signal: ac.signal });
 *   const { proof, publicSignals, timings } = await snark.prove({ scheme: 'groth16', wasm, zkey, input });
 *   const { valid, reason } = await snark.verify({ scheme: 'groth16', vkey, proof, publicSignals });
 *   ac.abort(); // the running job rejects with CancelledError, its worker is terminated and replaced
 *
 * Errors are typed: `PtauError` (ptau too small: `details.needed`, `details.file`), `SetupError`, `DevSetupError`,
 * `ProveError`, `ExportError`, `CancelledError`, `WorkerError`.
 *
 * Buffers: by default the request's byte arrays are copied to the worker (structured clone) and stay
 * usable here. With `transfer: true` they are moved instead (no copy; the caller's arrays become
 * empty — and so does anything else sharing their ArrayBuffer); `prove` and `devSetup` then move them
 * back with the result (`returned`), so one copy exists at any time. A cancelled or crashed job loses
 * transferred buffers with its worker. Results (the zkey) are always transferred from the worker.
 */
import * as Comlink from 'comlink';
import type * as snarkjs from 'snarkjs';
import type { SnarkWorker } from '../../../workers/snark.worker.js';
import type {
  SetupRequest, SetupResponse, DevSetupRequest, DevSetupResponse, ProveRequest, ProveResponse, VerifyRequest, VerifyResponse, SnarkProgress, Scheme,
  WitnessRequest, WitnessResponse,
} from './snark-ops.js';
import { WorkerClient, progressProxy, buffersOf, type JobOptions } from './worker-host.js';
import type { VerifyLinkResponse } from './snark-ops.js';
import type { PowerRequirement } from '../../zk/ptau.js';
import type { ProofLinkPayload } from '../../core/share/proof-link.js';

export type { VerifyLinkResponse, ProofLinkPayload };

export type {
  SetupRequest, SetupResponse, DevSetupRequest, DevSetupResponse, ProveRequest, ProveResponse, VerifyRequest, VerifyResponse, SnarkProgress, Scheme,
  WitnessRequest, WitnessResponse,
};

export interface SnarkCallOptions extends JobOptions {
  onProgress?: (p: SnarkProgress) => void;
  /** move the request's buffers to the worker instead of copying them (they become empty here) */
  transfer?: boolean;
}

export interface SnarkClientOptions {
  /** the worker factory (tests, or a custom build); default: workers/snark.worker.ts */
  create?: () => Worker;
  /** stop the worker after this many idle ms; default: keep it warm */
  idleMs?: number;
}

export const createSnarkWorker = (): Worker =>
  new Worker(new URL('../../../workers/snark.worker.ts', import.meta.url), { type: 'module', name: 'zkml-snark' });

export class SnarkClient extends WorkerClient<SnarkWorker> {
  constructor(opts: SnarkClientOptions = {}) {
    super({ name: 'snark', create: opts.create ?? createSnarkWorker, idleMs: opts.idleMs });
  }

  /** Starts the worker and builds snarkjs's curve and threads ahead of the first real job. */
  warmup(opts: JobOptions = {}): Promise<{ threads: number; ms: number }> {
    return this.host.run('warmup', (api) => api.warmup(), opts);
  }

  /** Proving and verification keys for a compiled circuit (r1cs) from a ptau of sufficient power. */
  setup(req: SetupRequest, opts: SnarkCallOptions = {}): Promise<SetupResponse> {
    return this.call('setup', (api, onProgress) => api.setup(this.pack(req, opts.transfer, req.r1cs, req.ptau), onProgress), opts);
  }

  /**
   * DEVELOPMENT Groth16 keys computed from the public dev-ptau secret, at any size, with no ptau file
   * (byte-identical to a snarkjs setup from the development ptau; NOT FOR VALUE). A malformed r1cs is
   * a `DevSetupError`.
   */
  devSetup(req: DevSetupRequest, opts: SnarkCallOptions = {}): Promise<DevSetupResponse> {
    return this.call('devSetup', (api, onProgress) => api.devSetup(this.pack(opts.transfer ? { ...req, giveBack: true } : req, opts.transfer, req.r1cs), onProgress), opts);
  }

  /** A proof for `input` (the witness is computed first; a refused input is a `ProveError`). */
  prove(req: ProveRequest, opts: SnarkCallOptions = {}): Promise<ProveResponse> {
    return this.call('prove', (api, onProgress) => api.prove(this.pack(opts.transfer ? { ...req, giveBack: true } : req, opts.transfer, req.wasm, req.zkey), onProgress), opts);
  }

  /**
   * The witness alone, in snarkjs's .wtns format, for a native prover (rapidsnark) when proving does not fit
   * in the tab; no zkey is needed. A refused input is a `ProveError`.
   */
  witness(req: WitnessRequest, opts: JobOptions & { transfer?: boolean } = {}): Promise<WitnessResponse> {
    return this.host.run('witness', (api) => api.witness(this.pack(opts.transfer ? { ...req, giveBack: true } : req, opts.transfer, req.wasm)), opts);
  }

  /** Never rejects for bad content (only for cancellation or a dead worker): `valid: false` with a reason. */
  verify(req: VerifyRequest, opts: JobOptions = {}): Promise<VerifyResponse> {
    return this.host.run('verify', (api) => api.verify(req), opts);
  }

  /** The exact ptau power `scheme` needs for a compiled circuit (PLONK/FFLONK gates are counted, in the worker). */
  powerRequirement(req: { r1cs: Uint8Array; scheme: Scheme }, opts: JobOptions = {}): Promise<PowerRequirement> {
    return this.host.run('power', (api) => api.powerRequirement(req), opts);
  }

  /** A decoded share link checked in the worker (the page stays responsive); never rejects for bad content. */
  verifyLink(payload: ProofLinkPayload, opts: JobOptions = {}): Promise<VerifyLinkResponse> {
    return this.host.run('verify-link', (api) => api.verifyLink(payload), opts);
  }

  /** Solidity verifier contract source for a zkey. */
  solidityVerifier(zkey: Uint8Array, opts: Omit<SnarkCallOptions, 'onProgress'> = {}): Promise<string> {
    return this.host.run('solidity', (api) => api.solidityVerifier(opts.transfer ? Comlink.transfer(zkey, buffersOf(zkey)) : zkey), opts);
  }

  /** Calldata for the verifier's `verifyProof`. */
  calldata(scheme: Scheme, proof: snarkjs.Proof, publicSignals: string[], opts: JobOptions = {}): Promise<string> {
    return this.host.run('calldata', (api) => api.calldata(scheme, proof, publicSignals), opts);
  }

  private pack<T>(req: T, transfer: boolean | undefined, ...views: Uint8Array[]): T {
    return transfer ? Comlink.transfer(req, buffersOf(...views)) : req;
  }

  private call<T>(label: string, f: (api: Comlink.Remote<SnarkWorker>, onProgress?: (p: SnarkProgress) => void) => Promise<T>, opts: SnarkCallOptions): Promise<T> {
    const progress = progressProxy(opts.onProgress);
    return this.host.run(label, (api) => f(api, progress.proxy), opts).finally(() => progress.done());
  }
}
