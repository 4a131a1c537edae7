/**
 * Plain-words explanations of chain errors and registry reverts, for the studio and the proof-link
 * view. Errors are recognised by their stable `name` (and duck-typed fields), not by class, so this
 * module stays free of viem (loaded lazily).
 */
import { ZkmlError } from '../../core/errors.js';
import type { ChainProblem } from './types.js';

export interface ChainErrorExplained {
  /** what kind of problem, for styling and tests */
  kind: ChainProblem | 'rejected' | 'reverted' | 'unsupported' | 'wallet';
  title: string;
  message: string;
}

const shortHex = (v: unknown): string => {
  const s = String(v);
  return /^0x[0-9a-fA-F]{16,}$/.test(s) ? `${s.slice(0, 8)}…${s.slice(-6)}` : s;
};

/** One custom error of VerifierRegistry, in words (its name stays visible for the curious). */
export function describeRevert(errorName: string | undefined, args: readonly unknown[] = [], reason?: string): string {
  const a = args.map((x) => String(x));
  switch (errorName) {
    case 'ClaimAlreadyRecorded':
      return `this claim was already recorded in block ${a[2] ?? '?'} by ${a[1] ?? '?'}: the proof is fine, the registry keeps the first prover`;
    case 'InvalidProof':
      return 'the registry rejected the proof: it does not verify under this circuit\'s key (InvalidProof)';
    case 'UnknownCircuit':
      return `circuit ${shortHex(a[0])} is not registered on this chain (UnknownCircuit)`;
    case 'ProofLengthMismatch':
      return `the proof has ${a[1]} words where the circuit's scheme takes ${a[0]} (ProofLengthMismatch)`;
    case 'PublicSignalsLengthMismatch':
      return `the proof has ${a[1]} public signals where the circuit has ${a[0]} (PublicSignalsLengthMismatch)`;
    case 'SignalNotInField':
      return `public signal ${a[0]} is not below the field modulus (SignalNotInField)`;
    case 'VerifierOutOfGas':
      return 'the verifier ran out of gas: the transaction\'s gas limit was too low, so nothing was recorded (VerifierOutOfGas)';
    case 'VerifierCodeChanged':
      return `the verifier contract ${a[1] ?? ''} no longer has the code it was registered with (VerifierCodeChanged)`;
    case 'CircuitAlreadyRegistered':
      return `this circuit is already registered by ${a[1] ?? '?'} (CircuitAlreadyRegistered)`;
    case 'DegenerateVerificationKey':
      return 'the registry refuses this verification key: anyone could forge proofs for it (δ = γ: its setup had no phase-2 contribution; run the setup in step 3 again, the development setup and a ptau setup both add one) (DegenerateVerificationKey)';
    case 'MalformedVerificationKey':
      return `the verification key encoding has the wrong length, ${a[0]} bytes (MalformedVerificationKey)`;
    case 'KeyValueNotInField':
      return `word ${a[0]} of the verification key is not a field element (KeyValueNotInField)`;
    case 'BadPublicSignalCount':
      return `${a[0]} public signals is more than the registry takes (at most ${a[1]}) (BadPublicSignalCount)`;
    case undefined:
      return reason ? `reverted: ${reason}` : 'reverted without a reason';
    default:
      return `${errorName}(${a.map(shortHex).join(', ')})`;
  }
}

const field = (e: unknown, k: string): unknown => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[k] : undefined);
const detail = (e: unknown, k: string): unknown => field(field(e, 'details'), k);

const WORKS_WITHOUT = 'Everything else works without it: proofs are made and verified in this browser.';

/** A node on this machine (npm start's anvil), as opposed to a remote one or the wallet's. */
const isLocalNode = (url: string): boolean => {
  try {
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
};

/**
 * The node named in deployments.json does not answer. The file was served, so the app server is
 * up: it is the chain that stopped (npm start restarts its anvil, a few times a minute).
 */
function nodeNotAnswering(e: unknown): string {
  const url = detail(e, 'url');
  if (typeof url === 'string' && isLocalNode(url)) {
    const { host, port } = new URL(url);
    return `The local chain at ${host} is not answering (no Ethereum node answers at ${url}): it stopped, or npm start is restarting it. `
      + `Check again in a few seconds. If it stays down, start it again: npm run chain${port ? ` -- --port ${port}` : ''} in another terminal, `
      + `or Ctrl-C in the terminal of npm start and npm start again. ${WORKS_WITHOUT}`;
  }
  return typeof url === 'string'
    ? `The chain's node is not answering (no Ethereum node answers at ${url}): check that it is running and that this browser can reach it. ${WORKS_WITHOUT}`
    : `The browser wallet's chain is not answering: check the wallet and its network. ${WORKS_WITHOUT}`;
}

/** Any error from the chain service, as a title and a sentence. Never throws. */
export function explainChainError(e: unknown): ChainErrorExplained {
  const name = e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  switch (name) {
    case 'ChainNotConfiguredError':
      if (field(e, 'reason') === 'invalid') return { kind: 'not-configured', title: 'Chain configuration invalid', message };
      if (field(e, 'reason') === 'unreachable') {
        // the page's own server did not hand out deployments.json: which chain to use is unknown,
        // the chain itself may be fine (it is the app server, npm start, that is not answering)
        const url = detail(e, 'url') ?? 'deployments.json';
        const problem = detail(e, 'problem');
        return {
          kind: 'unreachable', title: 'Chain settings could not be loaded',
          message: `The app server did not hand out ${String(url)}${problem ? ` (${String(problem)})` : ''}, so the page cannot tell which chain to use: `
            + `is npm start still running? Start it again and check again. ${WORKS_WITHOUT}`,
        };
      }
      return { kind: 'not-configured', title: 'No local chain configured', message: `${message}. ${WORKS_WITHOUT}` };
    case 'NoChainError':
      return { kind: 'unreachable', title: 'Chain not answering', message: nodeNotAnswering(e) };
    case 'WrongChainError':
      return { kind: 'wrong-chain', title: 'Wrong chain', message };
    case 'NoRegistryError':
      return { kind: 'no-registry', title: 'No registry on this chain', message };
    case 'WalletError':
      return field(e, 'kind') === 'rejected'
        ? { kind: 'rejected', title: 'Rejected in the wallet', message }
        : { kind: 'wallet', title: 'Wallet problem', message };
    case 'TransactionRejectedError':
      return field(e, 'by') === 'user'
        ? { kind: 'rejected', title: 'Transaction rejected', message: 'The transaction was rejected in the wallet; nothing was sent.' }
        : { kind: 'rejected', title: 'The node refused the transaction', message };
    case 'ContractRevertedError': {
      const fn = (field(e, 'details') as { functionName?: string } | undefined)?.functionName ?? 'the call';
      const text = describeRevert(field(e, 'errorName') as string | undefined, (field(e, 'args') as unknown[] | undefined) ?? [], (field(e, 'details') as { reason?: string } | undefined)?.reason);
      return { kind: 'reverted', title: `${fn === 'verify' ? 'Verification' : fn} reverted`, message: text.charAt(0).toUpperCase() + text.slice(1) + '.' };
    }
    case 'ChainUnsupportedError':
      return { kind: 'unsupported', title: 'Not supported on chain yet', message };
    case 'CalldataError':
      return { kind: 'error', title: 'The proof cannot be encoded for the contract', message };
    default:
      return { kind: 'error', title: e instanceof ZkmlError ? 'Chain error' : 'Unexpected chain error', message };
  }
}
