/**
 * Which circuit a share link's proof is for, as far as the person opening it can know.
 *
 * A valid link proves only that SOME circuit, the one whose key the link carries, outputs its public
 * signals: anyone can write a circuit that outputs an honest model commitment, an honest input
 * commitment and any class (docs/SECURITY.md). So the viewer calls a circuit known only when its key
 * is one the user already has:
 *
 *   const project = await findProjectWithKey(store, payload.vkey);   // a project in this browser
 *   const chain = await services.chain.lookupCircuit(payload);         // registered on the connected chain
 *   const trust = circuitTrust(project, chain, rebuilt?.matches);      // 'project' | 'chain' | 'rebuilt' | 'claim'
 *
 * and, when the link carries the model's architecture (without weights), it can rebuild ZKML's circuit
 * for it, make that circuit's development key (deterministic: anyone gets the same key) and compare:
 *
 *   const r = await rebuildAndCompare(payload, { compile, snark }, { signal, onProgress });  // r.matches
 *
 * A match makes the circuit known too: it is ZKML's circuit for that architecture, so the class is what
 * that architecture computes on the committed weights (a development key is still NOT FOR VALUE: its
 * setup secret is public, so anyone can make proofs for it).
 * Plain functions; codegen is loaded on first use (not in the first paint), compiling and the key run
 * in their workers, so the page stays responsive.
 */
import type * as snarkjs from 'snarkjs';
import { canonicalJson, essentialVkey, vkeyFingerprint, type ProofLinkPayload } from '../../core/share/proof-link.js';
import type { CompileClient } from '../clients/compile-client.js';
import type { SnarkClient } from '../clients/snark-client.js';
import type { CircuitLookup } from '../chain/types.js';
import type { ProjectStore } from '../store/projects.js';

export type InputMode = 'public' | 'private' | 'hashed';

/** How the circuit takes its input, from the link's public-signal names (the ZKML layout). */
export function inputModeOf(publicSignalNames: readonly string[]): InputMode {
  if (publicSignalNames.includes('inputCommitment') || publicSignalNames.includes('claim')) return 'hashed';
  if (publicSignalNames.includes('in[0]')) return 'public';
  return 'private';
}

/**
 * Which kind of model a link's proof is for: `public` (the parameters are constants of the circuit and
 * travel in the link) or `private` (a committed model: only its commitment is public).
 */
export type ModelKind = 'public' | 'private';
export function modelKindOf(meta: Pick<ProofLinkPayload['meta'], 'weights'>): ModelKind {
  return meta.weights === 'public' ? 'public' : 'private';
}

/** The same verification key (what any verifier reads: `essentialVkey`), compared without WebCrypto. */
export function sameKey(a: unknown, b: unknown): boolean {
  const norm = (k: unknown) => canonicalJson(k && typeof k === 'object' ? essentialVkey(k as Record<string, unknown>) : k);
  return norm(a) === norm(b);
}

export interface KnownProject { id: string; name: string }

/**
 * The first project in this browser whose stored key is `vkey` (same fingerprint), or undefined.
 * Reads the summaries, then only the keys of projects that have one.
 */
export async function findProjectWithKey(store: Pick<ProjectStore, 'list' | 'getArtifact'>, vkey: unknown): Promise<KnownProject | undefined> {
  const want = await vkeyFingerprint(vkey).catch(() => undefined);
  for (const p of await store.list()) {
    if (!p.sizes.vkey) continue;
    const key = await store.getArtifact(p.id, 'vkey').catch(() => undefined);
    if (!key) continue;
    const match = want !== undefined ? (await vkeyFingerprint(key).catch(() => undefined)) === want : sameKey(key, vkey);
    if (match) return { id: p.id, name: p.name };
  }
  return undefined;
}

export type CircuitTrust =
  /** the key of a project in this browser */
  | { kind: 'project'; project: KnownProject }
  /** a circuit registered on the chain the app is connected to */
  | { kind: 'chain'; chainId: number; registry: string; circuitId: string; owner: string }
  /** the development key of the circuit ZKML rebuilt here from the link's architecture (`rebuildAndCompare`) */
  | { kind: 'rebuilt' }
  /** a key nobody here knows: the link's claims are claims */
  | { kind: 'claim' };

/** Known from a project first, else from the chain, else from a matching rebuild, else a claim. */
export function circuitTrust(project: KnownProject | undefined, chain: CircuitLookup | undefined, rebuiltMatches = false): CircuitTrust {
  if (project) return { kind: 'project', project };
  if (chain?.status === 'registered') return { kind: 'chain', chainId: chain.chainId, registry: chain.registry, circuitId: chain.circuitId, owner: chain.owner };
  if (rebuiltMatches) return { kind: 'rebuilt' };
  return { kind: 'claim' };
}

export const CLAIM_TEXT = 'Anyone can make a circuit that outputs these numbers: the class is a claim, not proven for this model.';

// ── rebuild ────────────────────────────────────────────────────────────────────────────────────

/** Bounds on what this page rebuilds (a link is a stranger's data; bigger circuits belong in the studio or the CLI). */
export const REBUILD_LIMITS = Object.freeze({ maxNodes: 512, maxParams: 5_000_000 });

/** Why the architecture is too large to rebuild here, or undefined. Reads only the JSON's shape. */
export function rebuildTooLarge(arch: unknown): string | undefined {
  const nodes = (arch as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return undefined; // graphFromArchitecture says what is wrong
  if (nodes.length > REBUILD_LIMITS.maxNodes) return `it has ${nodes.length} layers; this page rebuilds at most ${REBUILD_LIMITS.maxNodes}`;
  let params = 0;
  for (const n of nodes) {
    const ws = (n as { weights?: unknown } | null)?.weights;
    if (!ws || typeof ws !== 'object') continue;
    for (const w of Object.values(ws as Record<string, { shape?: unknown }>)) {
      if (Array.isArray(w?.shape)) params += w.shape.reduce((a: number, d: unknown) => a * (typeof d === 'number' && d > 0 ? d : 1), 1);
    }
  }
  if (params > REBUILD_LIMITS.maxParams) return `it has ${params.toLocaleString('en')} parameters; this page rebuilds at most ${REBUILD_LIMITS.maxParams.toLocaleString('en')}`;
  return undefined;
}

export type RebuildStage = 'generating' | 'compiling' | 'key' | 'comparing';

export interface RebuildProgress { stage: RebuildStage; message?: string; fraction?: number }

export interface RebuildResult {
  matches: boolean;
  /** SHA-256 of the rebuilt key (undefined without WebCrypto) */
  fingerprint?: string;
  /** the rebuilt circuit's size and inputs */
  constraints?: number;
  input: InputMode;
  /** the kind of circuit rebuilt: a committed model's, or a public model's with the link's parameters as constants */
  weights: ModelKind;
  ms: number;
}

/** A rebuild that cannot start or failed, in plain words (`cause` keeps the typed error). */
export class RebuildError extends Error {
  override name = 'RebuildError';
}

const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Regenerates ZKML's circuit from the link's architecture (input mode from its public-signal names),
 * compiles it in the compile worker, makes its development Groth16 key in the snark worker and compares
 * that key with the link's. Cancel with `signal` (the workers' jobs reject with CancelledError).
 * Throws RebuildError (plain words) for an architecture it cannot build; worker errors as they come.
 */
export async function rebuildAndCompare(
  payload: Pick<ProofLinkPayload, 'scheme' | 'vkey' | 'meta'>,
  clients: { compile: Pick<CompileClient, 'compile'>; snark: Pick<SnarkClient, 'devSetup'> },
  opts: { signal?: AbortSignal; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const t0 = performance.now();
  const report = opts.onProgress ?? (() => {});
  const arch = payload.meta.architecture;
  if (!arch) throw new RebuildError('the link carries no architecture to rebuild the circuit from');
  if (payload.scheme !== 'groth16') throw new RebuildError(`only Groth16 development keys can be rebuilt (this link uses ${payload.scheme}, whose key depends on a ptau the link does not name)`);
  const big = rebuildTooLarge(arch);
  if (big) throw new RebuildError(`the architecture is too large to rebuild in this page: ${big}`);
  const input = inputModeOf(payload.meta.publicSignalNames);
  const weights = modelKindOf(payload.meta);

  report({ stage: 'generating' });
  await yieldToPage();
  const [{ graphFromArchitecture }, { generateCircuit }, { graphWithParameters }] = await Promise.all([
    import('../../core/commit/architecture.js'),
    import('../../core/codegen/index.js'),
    import('../../core/commit/public-model.js'),
  ]);
  if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('cancelled', 'AbortError');
  let source: string;
  try {
    // a public model's circuit holds the link's parameters as constants (a development key does not tell
    // weights apart: a Groth16 key holds only the public signals' columns; docs/SECURITY.md)
    source = weights === 'public'
      ? generateCircuit(graphWithParameters(arch, payload.meta.parameters!), { input, weights }).source
      : generateCircuit(graphFromArchitecture(arch), { input }).source;
  } catch (e) {
    throw new RebuildError(`ZKML cannot build a circuit from this architecture: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }

  report({ stage: 'compiling' });
  let lines = 0;
  const compiled = await clients.compile.compile({ main: source }, {
    signal: opts.signal,
    onMessage: () => { lines++; report({ stage: 'compiling', message: `${lines} compiler line${lines === 1 ? '' : 's'}` }); },
  });
  let constraints: number | undefined;
  try { constraints = (await import('../../zk/r1cs.js')).readR1csHeader(compiled.r1cs).nConstraints; } catch { /* the key step says what is wrong */ }

  report({ stage: 'key', fraction: 0 });
  const keys = await clients.snark.devSetup({ r1cs: compiled.r1cs }, {
    signal: opts.signal,
    transfer: true,
    onProgress: (p) => report({ stage: 'key', ...(p.message ? { message: p.message } : {}), ...(p.fraction !== undefined ? { fraction: p.fraction } : {}) }),
  });

  report({ stage: 'comparing' });
  const matches = sameKey(keys.vkey as snarkjs.VerificationKey, payload.vkey);
  const fingerprint = await vkeyFingerprint(keys.vkey).catch(() => undefined);
  return { matches, input, weights, ms: Math.round(performance.now() - t0), ...(fingerprint ? { fingerprint } : {}), ...(constraints !== undefined ? { constraints } : {}) };
}
