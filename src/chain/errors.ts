/**
 * Typed chain errors on the project's ZkmlError base, and `toChainError`, which turns whatever
 * viem (or a wallet) threw into one of them.
 */
import {
  BaseError, ChainMismatchError, ContractFunctionRevertedError, HttpRequestError, TimeoutError,
  UserRejectedRequestError, WebSocketRequestError, InsufficientFundsError, NonceTooLowError,
  NonceTooHighError, IntrinsicGasTooLowError, ExecutionRevertedError, type Hex,
} from 'viem';
import { ZkmlError } from '../core/errors.js';

/** Base of every chain error. */
export class ChainError extends ZkmlError {
  override name = 'ChainError';
}

/** No Ethereum node answered at `details.url` (not running, wrong port, network down). */
export class NoChainError extends ChainError {
  override name = 'NoChainError';
  constructor(url: string | undefined, opts: { cause?: unknown } = {}) {
    super(`no Ethereum node answers${url ? ` at ${url}` : ''}; is the local chain running? \`npm start\` starts it`, { cause: opts.cause, details: { url } });
  }
}

/** The node (or wallet) is on another chain than the deployment expects. */
export class WrongChainError extends ChainError {
  override name = 'WrongChainError';
  readonly expected: number;
  readonly actual: number;
  constructor(expected: number, actual: number, opts: { cause?: unknown } = {}) {
    super(`connected to chain ${actual}, but the contracts are deployed on chain ${expected}`, { cause: opts.cause, details: { expected, actual } });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The deployment's registry address holds no contract on this chain (a fresh or restarted node?). */
export class NoRegistryError extends ChainError {
  override name = 'NoRegistryError';
  constructor(registry: string, chainId: number, url?: string) {
    super(`no VerifierRegistry at ${registry} on chain ${chainId}${url ? ` (${url})` : ''}: the node was restarted or the deployment is from another node; deploy again (npm start does)`, { details: { registry, chainId, url } });
  }
}

/**
 * The transaction was never executed: refused in the wallet (`details.by = 'user'`) or by the
 * node (`'node'`: insufficient funds, bad nonce, gas limit too low for the intrinsic cost, …).
 */
export class TransactionRejectedError extends ChainError {
  override name = 'TransactionRejectedError';
  readonly by: 'user' | 'node';
  constructor(by: 'user' | 'node', reason: string, opts: { cause?: unknown } = {}) {
    super(by === 'user' ? 'the transaction was rejected in the wallet' : `the node refused the transaction: ${reason}`, { cause: opts.cause, details: { by, reason } });
    this.by = by;
  }
}

/**
 * A contract call or transaction reverted. `errorName` is the decoded custom error
 * (e.g. `InvalidProof`, `ClaimAlreadyRecorded`) when the ABI knows it, with its `args`.
 */
export class ContractRevertedError extends ChainError {
  override name = 'ContractRevertedError';
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];
  readonly txHash: Hex | undefined;
  constructor(p: { functionName: string; errorName?: string; args?: readonly unknown[]; reason?: string; txHash?: Hex; gasUsed?: bigint; cause?: unknown }) {
    const what = p.errorName
      ? `${p.errorName}(${(p.args ?? []).map((a) => String(a)).join(', ')})`
      : p.reason ?? 'without a reason';
    super(`${p.functionName} reverted: ${what}`, {
      cause: p.cause,
      details: { functionName: p.functionName, errorName: p.errorName, args: p.args, reason: p.reason, txHash: p.txHash, gasUsed: p.gasUsed },
    });
    this.errorName = p.errorName;
    this.args = p.args ?? [];
    this.txHash = p.txHash;
  }
}

function find<T>(e: unknown, ctor: abstract new (...a: never[]) => T): T | undefined {
  if (!(e instanceof BaseError)) return e instanceof ctor ? e : undefined;
  return (e.walk((x) => x instanceof ctor) as T | null) ?? undefined;
}

const UNREACHABLE = /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|Failed to fetch|NetworkError|socket hang up|Load failed/i;

/**
 * Maps an error thrown by viem or a wallet onto the chain errors above. ZkmlErrors pass through;
 * anything unrecognised becomes a plain ChainError with viem's short message.
 */
export function toChainError(e: unknown, ctx: { url?: string; functionName?: string; txHash?: Hex } = {}): ZkmlError {
  if (e instanceof ZkmlError) return e;
  const rejected = find(e, UserRejectedRequestError);
  if (rejected || (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 4001)) {
    return new TransactionRejectedError('user', 'rejected in the wallet', { cause: e });
  }
  const mismatch = find(e, ChainMismatchError);
  if (mismatch) {
    const m = /\(id: (\d+)\)[\s\S]*?\(id: (\d+)/.exec(mismatch.shortMessage);
    const actual = Number(m?.[1] ?? NaN);
    const expected = Number(m?.[2] ?? NaN);
    return new WrongChainError(expected, actual, { cause: e });
  }
  const reverted = find(e, ContractFunctionRevertedError);
  if (reverted) {
    return new ContractRevertedError({
      functionName: ctx.functionName ?? 'call',
      errorName: reverted.data?.errorName ?? undefined,
      args: reverted.data?.args ?? [],
      reason: reverted.reason ?? undefined,
      txHash: ctx.txHash,
      cause: e,
    });
  }
  if (find(e, ExecutionRevertedError)) {
    return new ContractRevertedError({ functionName: ctx.functionName ?? 'call', reason: 'execution reverted', txHash: ctx.txHash, cause: e });
  }
  for (const [ctor, reason] of [
    [InsufficientFundsError, 'insufficient funds for gas × price + value'],
    [NonceTooLowError, 'nonce too low'],
    [NonceTooHighError, 'nonce too high'],
    [IntrinsicGasTooLowError, 'gas limit below the intrinsic cost'],
  ] as const) {
    if (find(e, ctor)) return new TransactionRejectedError('node', reason, { cause: e });
  }
  const http = find(e, HttpRequestError);
  const msg = e instanceof Error ? `${e.message} ${String((e as { cause?: { message?: string } }).cause?.message ?? '')}` : String(e);
  if (find(e, TimeoutError) || find(e, WebSocketRequestError) || (http && (http.status === undefined || http.status >= 500)) || UNREACHABLE.test(msg)) {
    return new NoChainError(ctx.url ?? http?.url, { cause: e });
  }
  const short = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return new ChainError(short, { cause: e, details: { functionName: ctx.functionName, txHash: ctx.txHash } });
}
