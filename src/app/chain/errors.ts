/**
 * Errors of the app's chain service, on the project's ZkmlError base. The chain actions' own errors
 * (NoChainError, WrongChainError, ContractRevertedError, …) come from src/chain/errors.ts; this module
 * adds what only the app meets: no deployment file, and the browser wallet. No viem here: the UI
 * imports it eagerly, viem is loaded lazily.
 */
import { ZkmlError } from '../../core/errors.js';

/**
 * The app has no chain to talk to: `deployments.json` is absent (no local chain was started with
 * the app), unreadable or malformed. `details.reason` says which, `details.url` where it looked.
 */
export class ChainNotConfiguredError extends ZkmlError {
  override name = 'ChainNotConfiguredError';
  readonly reason: 'missing' | 'unreachable' | 'invalid';
  constructor(reason: 'missing' | 'unreachable' | 'invalid', url: string, problem?: string, opts: { cause?: unknown } = {}) {
    super(
      reason === 'missing' ? `no local chain configured: ${url} was not found (npm start starts one and writes it)`
      : reason === 'unreachable' ? `no local chain reachable: ${url} could not be loaded${problem ? ` (${problem})` : ''}`
      : `the chain configuration ${url} is invalid: ${problem ?? 'malformed'}`,
      { cause: opts.cause, details: { reason, url, problem } },
    );
    this.reason = reason;
  }
}

export type WalletErrorKind = 'rejected' | 'pending' | 'no-account' | 'no-wallet' | 'switch-failed';

/**
 * The browser wallet (window.ethereum) did not give what was asked: the user refused (EIP-1193
 * code 4001), a request is already waiting in the wallet (-32002), no account was shared, there is
 * no wallet to send from, or switching to the deployment's chain failed.
 */
export class WalletError extends ZkmlError {
  override name = 'WalletError';
  readonly kind: WalletErrorKind;
  constructor(kind: WalletErrorKind, message: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: opts.cause, details: { kind, ...opts.details } });
    this.kind = kind;
  }
}

/**
 * What the app cannot put on chain yet: PLONK/FFLONK circuits are registered by the code hash of a
 * deployed snarkjs verifier, which would need solc in the browser. Groth16 keys are registered as data.
 */
export class ChainUnsupportedError extends ZkmlError {
  override name = 'ChainUnsupportedError';
  constructor(scheme: string) {
    super(`on-chain verification in the app is Groth16-only for now: a ${scheme.toUpperCase()} circuit is registered by deploying its snarkjs verifier contract, which needs solc (use the CLI and src/chain/deployVerifier)`, { details: { scheme } });
  }
}
