/**
 * The app's chain service, given to components through context (Services.chain):
 *
 *   const status = await chain.status();               // never throws: 'ready' or 'unavailable' with why
 *   const out = await chain.verify(req, setStage);      // registers the circuit if needed, verifies; typed errors
 *   const claim = await chain.lookupClaim(req);         // share links: recorded on chain? never throws
 *   const circuit = await chain.lookupCircuit(req);     // share links: is the key's circuit registered, by whom? never throws
 *
 * It fetches `deployments.json` next to index.html at run time (written by `npm start`; never
 * bundled, never served stale by the service worker) and only then loads viem (connect.ts, a lazy
 * chunk). No file, no node, the wrong chain or no registry: the status says so, and the rest of
 * the app is unaffected.
 */
import { ChainNotConfiguredError } from './errors.js';
import { explainChainError } from './messages.js';
import type { ChainConnection } from './connect.js';
import type { StoredOnChainReceipt } from '../store/projects.js';
import { isEip1193Provider, type ChainProblem, type ChainStatus, type CircuitLookup, type ClaimLookup, type Eip1193Provider, type OnChainRequest, type VerifyOutcome, type VerifyStage } from './types.js';

export interface ChainService {
  /** What the chain looks like now (cached connection; `refresh` re-reads deployments.json). Never throws. */
  status(opts?: { refresh?: boolean }): Promise<ChainStatus>;
  /** Registers the circuit if needed and verifies the proof on chain. Throws typed errors (see messages.ts). */
  verify(req: OnChainRequest, onStage?: (s: VerifyStage) => void): Promise<VerifyOutcome>;
  /** Whether the claim of a proof is recorded on chain. Never throws. */
  lookupClaim(req: Pick<OnChainRequest, 'scheme' | 'vkey' | 'publicSignals'>): Promise<ClaimLookup>;
  /** Whether the circuit of a key is registered on chain (registry id, owner). Never throws. */
  lookupCircuit(req: Pick<OnChainRequest, 'scheme' | 'vkey'>): Promise<CircuitLookup>;
  /** Whether a receipt kept with a project is still on the current chain (undefined: cannot tell). Never throws. */
  stillRecorded(receipt: StoredOnChainReceipt): Promise<boolean | undefined>;
}

export interface ChainServiceOptions {
  /** default: deployments.json next to the page (document.baseURI) */
  deploymentsUrl?: string;
  fetch?: typeof fetch;
  /** the injected wallet; default globalThis.ethereum when it is an EIP-1193 provider */
  ethereum?: () => unknown;
  /** per-request timeout of the node, ms */
  timeoutMs?: number;
  /** how connect.ts is loaded (tests in Node pass a static import) */
  load?: () => Promise<typeof import('./connect.js')>;
}

/** Fetches and parses deployments.json; ChainNotConfiguredError when absent, unreachable or not JSON. */
export async function fetchDeployments(url: string, f: typeof fetch = fetch): Promise<unknown> {
  let res: Response;
  try {
    res = await f(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ChainNotConfiguredError('unreachable', url, e instanceof Error ? e.message : String(e), { cause: e });
  }
  if (res.status === 404) throw new ChainNotConfiguredError('missing', url);
  if (!res.ok) throw new ChainNotConfiguredError('unreachable', url, `HTTP ${res.status}`);
  const text = await res.text();
  // A server answering every path with the app shell is "no file", not "a broken file".
  if (/^\s*</.test(text)) throw new ChainNotConfiguredError('missing', url);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ChainNotConfiguredError('invalid', url, 'not JSON', { cause: e });
  }
}

const problemOf = (e: unknown): ChainProblem => {
  const k = explainChainError(e).kind;
  return k === 'not-configured' || k === 'unreachable' || k === 'wrong-chain' || k === 'no-registry' ? k : 'error';
};

/** A status for an error (the message in plain words). */
export function unavailable(e: unknown): Extract<ChainStatus, { state: 'unavailable' }> {
  return { state: 'unavailable', problem: problemOf(e), message: explainChainError(e).message, error: e };
}

export function createChainService(opts: ChainServiceOptions = {}): ChainService {
  const url = () => opts.deploymentsUrl ?? new URL('deployments.json', document.baseURI).href;
  const load = opts.load ?? (() => import('./connect.js'));
  const ethereum = (): Eip1193Provider | undefined => {
    const e = opts.ethereum ? opts.ethereum() : (globalThis as { ethereum?: unknown }).ethereum;
    return isEip1193Provider(e) ? e : undefined;
  };
  let conn: Promise<ChainConnection> | undefined;

  function connection(refresh = false): Promise<ChainConnection> {
    if (refresh) conn = undefined;
    conn ??= (async () => {
      const source = url();
      const json = await fetchDeployments(source, opts.fetch);
      const { openChain } = await load();
      return openChain(json, { source, ethereum: ethereum(), timeoutMs: opts.timeoutMs });
    })();
    const p = conn;
    // a failed connection is retried next time (the file may appear, the node may start)
    p.catch(() => { if (conn === p) conn = undefined; });
    return p;
  }

  return {
    async status(o = {}) {
      try {
        return await (await connection(o.refresh)).status();
      } catch (e) {
        return unavailable(e);
      }
    },
    async verify(req, onStage) {
      return (await connection()).verify(req, onStage);
    },
    async lookupClaim(req) {
      try {
        return await (await connection()).lookupClaim(req);
      } catch (e) {
        const s = unavailable(e);
        return { status: 'unavailable', problem: s.problem, message: s.message };
      }
    },
    async lookupCircuit(req) {
      try {
        return await (await connection()).lookupCircuit(req);
      } catch (e) {
        const s = unavailable(e);
        return { status: 'unavailable', problem: s.problem, message: s.message };
      }
    },
    async stillRecorded(receipt) {
      try {
        return await (await connection()).stillRecorded(receipt);
      } catch {
        return undefined;
      }
    },
  };
}
