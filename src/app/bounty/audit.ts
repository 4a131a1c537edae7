/**
 * Audit a bounty's circuits (docs/PROTOCOL.md §5–7): before committing, a hunter regenerates every circuit the
 * bounty pins — one reveal circuit, and per accepted architecture its accuracy and hand-over circuits — from
 * what is public (the architectures, B, K and the sample size), recompiles each, makes its development
 * Groth16 key (src/zk/dev-setup.ts: deterministic from the public beacon, so everyone gets the same key; NOT
 * FOR VALUE) and compares it with the key registered on chain under the id the bounty's terms pin.
 *
 *   const targets = bountyAuditTargets(architectures, terms);             // sources and pinned ids
 *   const report = await auditBountyCircuits(targets, {
 *     compile: (src) => clients.compile.compile({ main: src }),           // → { r1cs }
 *     devSetup: (r1cs) => clients.snark.devSetup({ r1cs }),               // → { vkey }
 *     // or, instead of both: build: (t, onStage) => buildCircuit(clients, t.role, t.source, …) (circuits.ts's cache)
 *     registeredKey: (id) => readRegisteredKey(pub, registry, id),        // the chain's copy
 *   });
 *   report.ok; report.circuits[i].ok / .reason / .message
 *   describeAudit(report);   // plain words per circuit (the page's report)
 *   auditError(report);      // a BountyAuditError unless every circuit matched
 *
 * Plain functions, no UI: the bounty page renders the report. A registered key equal to the recompiled one
 * means the bounty runs ZKML's circuits for its architectures with development keys (anyone can recompute
 * them; also anyone can forge proofs for them — development only). Reasons when not:
 *  - `not-registered`: the pinned id has no circuit in the registry;
 *  - `not-groth16`: the pinned circuit is a PLONK/FFLONK verifier contract, which a dev key cannot reproduce;
 *  - `other-key`: the registered key is not the development key of the regenerated circuit (another circuit,
 *    or a key from a real ceremony: nothing here can tell those apart);
 *  - `corrupt-key`: the registry's stored key does not hash to the pinned id;
 *  - `compile-failed` / `setup-failed`: the circuit could not be rebuilt here (its error in `message`).
 */
import type * as snarkjs from 'snarkjs';
import { getCode } from 'viem/actions';
import { getAddress, keccak256, type Address, type Hex } from 'viem';
import type { Architecture } from '../../core/commit/architecture.js';
import { ZkmlError } from '../../core/errors.js';
import { testBatchElements } from '../../core/testset/index.js';
import { BOUNTY_CIRCUIT_NAME, bountySources, revealSource } from './circuits.js';
import { circuitIdOf, groth16CircuitId, groth16VkPublicCount, groth16VkToBytes } from '../../chain/calldata.js';
import { getCircuit } from '../../chain/get-circuit.js';
import type { BountyTerms } from '../../chain/bounty-calldata.js';
import type { ChainClient } from '../../chain/types.js';

export type AuditRole = 'accuracy' | 'reveal' | 'handover';

/** One circuit to audit: its role, the accepted architecture it belongs to (reveal: -1), the pinned id and the regenerated source. */
export interface AuditTarget { role: AuditRole; architecture: number; circuitId: Hex; source: string }

export type AuditReason = 'not-registered' | 'not-groth16' | 'other-key' | 'corrupt-key' | 'compile-failed' | 'setup-failed';

export interface CircuitAudit {
  role: AuditRole;
  architecture: number;
  /** the id the bounty's terms pin */
  registeredId: Hex;
  /** the id of the recompiled circuit's development key (when it was made) */
  recompiledId?: Hex;
  /** the registered key equals the recompiled development key */
  ok: boolean;
  reason?: AuditReason;
  /** a sentence for people */
  message: string;
  constraints?: number;
  ms: number;
}

export interface BountyAudit { ok: boolean; circuits: CircuitAudit[] }

/** What the registry holds under an id: its scheme and, for Groth16, the key bytes (groth16VkToBytes layout). */
export type RegisteredKey = { scheme: 'groth16'; vk: Hex } | { scheme: 'plonk' | 'fflonk' } | null;

export interface AuditDeps {
  compile(source: string): Promise<{ r1cs: Uint8Array }>;
  devSetup(r1cs: Uint8Array): Promise<{ vkey: snarkjs.VerificationKey | Record<string, unknown> }>;
  /**
   * Instead of compile + devSetup: the target's development key from elsewhere (the bounty page's
   * circuits.ts cache, which compiles in the compile worker and sets up in the snark worker once per
   * source). `onStage` is called with 'compile' / 'setup' as the build gets there (not for a cached one).
   */
  build?(t: AuditTarget, onStage: (stage: 'compile' | 'setup') => void): Promise<{ vkey: snarkjs.VerificationKey | Record<string, unknown>; constraints?: number }>;
  registeredKey(circuitId: Hex): Promise<RegisteredKey>;
  /** before each circuit: its index in `targets` and what is being done */
  onProgress?(i: number, stage: 'compile' | 'setup' | 'compare'): void;
  signal?: AbortSignal;
}

/** The name the bounty circuits are generated under (the bounty page's circuits.ts: the same sources, so its cache is shared). */
export const AUDIT_CIRCUIT_NAME = BOUNTY_CIRCUIT_NAME;

/**
 * The sources of a bounty's circuits, from its accepted architectures (in the order of the terms' id lists) and
 * its terms — circuits.ts's generators, so the audit compiles exactly what the provider and the hunter compile.
 */
export function bountyAuditTargets(
  architectures: readonly unknown[],
  terms: Pick<BountyTerms, 'batchSize' | 'n' | 'revealCircuitId' | 'accuracyCircuitIds' | 'handoverCircuitIds'>,
): AuditTarget[] {
  const B = terms.batchSize, K = Math.floor(terms.n / terms.batchSize);
  const targets: AuditTarget[] = [];
  let S: number | undefined;
  architectures.forEach((a, i) => {
    const src = bountySources(a as Architecture, { B, K });
    S ??= src.acc.S;
    if (terms.accuracyCircuitIds[i]) targets.push({ role: 'accuracy', architecture: i, circuitId: terms.accuracyCircuitIds[i], source: src.accuracy });
    if (terms.handoverCircuitIds[i]) targets.push({ role: 'handover', architecture: i, circuitId: terms.handoverCircuitIds[i], source: src.handover });
  });
  if (S !== undefined) targets.unshift({ role: 'reveal', architecture: -1, circuitId: terms.revealCircuitId, source: revealSource(K, testBatchElements(B, S)) });
  return targets;
}

/**
 * The audit found a circuit that is not what the bounty's terms claim, or could not check one (`details.mismatch`:
 * a registered key differs or is missing; `details.failed`: role, architecture, reason per circuit).
 */
export class BountyAuditError extends ZkmlError {
  override name = 'BountyAuditError';
}

const ROLE_WORDS: Record<AuditRole, string> = {
  accuracy: 'Accuracy circuit',
  reveal: 'Reveal circuit',
  handover: 'Hand-over circuit',
};

/** What each circuit does for a hunter, in plain words. */
export const ROLE_PURPOSE: Record<AuditRole, string> = {
  accuracy: 'counts how many test samples your model gets right, batch by batch, without showing the model',
  reveal: 'proves the test set the provider reveals is the one committed when the bounty was created',
  handover: 'proves the winner\'s encrypted hand-over holds the weights of the committed model',
};

const REASON_WORDS: Record<AuditReason, string> = {
  'not-registered': 'The circuit the bounty names is not in the verifier registry.',
  'not-groth16': 'The bounty uses a PLONK/FFLONK verifier here, which this audit cannot recompute.',
  'other-key': 'The registered key is not the one recompiled here: the bounty checks proofs with another circuit (or with keys from a real ceremony).',
  'corrupt-key': 'The registry\'s stored key does not match the id the bounty names.',
  'compile-failed': 'The circuit could not be recompiled in this browser.',
  'setup-failed': 'The circuit\'s development key could not be made in this browser.',
};

/** One line of the audit report for people: a title, the verdict and what was checked. */
export interface AuditLine { title: string; verdict: 'match' | 'mismatch' | 'unchecked'; headline: string; checked: string }

/** The report in plain words (the page shows these; the technical detail stays in the CircuitAudit). */
export function describeAudit(report: BountyAudit, architectures = 1): AuditLine[] {
  return report.circuits.map((c) => {
    const arch = c.role !== 'reveal' && architectures > 1 ? ` (architecture ${c.architecture + 1})` : '';
    const checked = `Regenerated from the bounty's published architecture and terms, compiled here${c.constraints ? ` (${c.constraints.toLocaleString('en-US')} constraints)` : ''}, its development key made and compared with the key registered under the id the bounty names.`;
    const verdict = c.ok ? 'match' : c.reason === 'compile-failed' || c.reason === 'setup-failed' || c.reason === 'not-groth16' ? 'unchecked' : 'mismatch';
    const headline = c.ok ? 'Matches: the bounty uses exactly this circuit (development keys: not for value).' : REASON_WORDS[c.reason!];
    return { title: `${ROLE_WORDS[c.role]}${arch}`, verdict, headline, checked };
  });
}

/** A typed error for a report that is not all matches (undefined when every circuit matched). */
export function auditError(report: BountyAudit): BountyAuditError | undefined {
  if (report.ok) return undefined;
  const failed = report.circuits.filter((c) => !c.ok);
  if (!failed.length) return new BountyAuditError('Nothing was audited: the bounty publishes no architecture to regenerate its circuits from.', { details: { failed: [] } });
  const mismatch = failed.some((c) => c.reason !== 'compile-failed' && c.reason !== 'setup-failed' && c.reason !== 'not-groth16');
  const names = failed.map((c) => ROLE_WORDS[c.role].toLowerCase()).join(', ');
  return new BountyAuditError(
    mismatch
      ? `The bounty's ${names} ${failed.length > 1 ? 'are' : 'is'} not what its published architecture and terms give. Do not commit: your proofs would be checked by circuits other than the ones you can inspect.`
      : `The ${names} could not be checked in this browser (see the report). Nothing wrong was found, but nothing was confirmed either.`,
    { details: { mismatch, failed: failed.map((c) => ({ role: c.role, architecture: c.architecture, reason: c.reason, registeredId: c.registeredId, recompiledId: c.recompiledId, message: c.message })) } },
  );
}

/** The registry's copy of a circuit's key (src/chain/get-circuit.ts; a Groth16 key is the code `0x00 ‖ vk` of its data contract). */
export async function readRegisteredKey(client: ChainClient, registry: Address, circuitId: Hex): Promise<RegisteredKey> {
  const c = await getCircuit(client, { registry, circuitId });
  if (!c) return null;
  if (c.scheme !== 'groth16') return { scheme: c.scheme };
  const code = (await getCode(client, { address: getAddress(c.logic) })) ?? '0x';
  return { scheme: 'groth16', vk: (code.startsWith('0x00') ? `0x${code.slice(4)}` : code) as Hex };
}

const r1csConstraints = (r1cs: Uint8Array): number | undefined => {
  // header section: n8 (u32), prime (n8 bytes), nWires, nPubOut, nPubIn, nPrvIn (u32), nLabels (u64), nConstraints (u32)
  try {
    const dv = new DataView(r1cs.buffer, r1cs.byteOffset, r1cs.byteLength);
    let o = 12;
    const nSections = dv.getUint32(8, true);
    for (let s = 0; s < nSections; s++) {
      const type = dv.getUint32(o, true), size = Number(dv.getBigUint64(o + 4, true));
      if (type === 1) { const n8 = dv.getUint32(o + 12, true); return dv.getUint32(o + 12 + 4 + n8 + 24, true); }
      o += 12 + size;
    }
  } catch { /* not an r1cs we can read: no count */ }
  return undefined;
};

const sameKeyBytes = (a: Hex, b: Hex) => a.toLowerCase() === b.toLowerCase();

/** Recompiles and compares every target (sources compiled once each); never throws for a circuit's own failure. */
export async function auditBountyCircuits(targets: readonly AuditTarget[], deps: AuditDeps): Promise<BountyAudit> {
  const built = new Map<string, Promise<{ vkey: snarkjs.VerificationKey | Record<string, unknown>; constraints?: number }>>();
  const circuits: CircuitAudit[] = [];
  for (const [i, t] of targets.entries()) {
    deps.signal?.throwIfAborted();
    const t0 = Date.now();
    const done = (r: Omit<CircuitAudit, 'role' | 'architecture' | 'registeredId' | 'ms'>) => {
      circuits.push({ role: t.role, architecture: t.architecture, registeredId: t.circuitId, ms: Date.now() - t0, ...r });
    };
    const what = t.role === 'reveal' ? 'the reveal circuit' : `the ${t.role} circuit of architecture ${t.architecture + 1}`;
    let stage: 'compile' | 'setup' = 'compile';
    let key: { vkey: snarkjs.VerificationKey | Record<string, unknown>; constraints?: number };
    try {
      let p = built.get(t.source);
      if (!p) {
        // with `build`, a cached circuit reports no stage: 'compile' is announced first so progress moves anyway
        p = deps.build ? (deps.onProgress?.(i, 'compile'), deps.build(t, (st) => { stage = st; if (st === 'setup') deps.onProgress?.(i, st); })) : (async () => {
          deps.onProgress?.(i, 'compile');
          const { r1cs } = await deps.compile(t.source);
          stage = 'setup';
          deps.onProgress?.(i, 'setup');
          const { vkey } = await deps.devSetup(r1cs);
          return { vkey, constraints: r1csConstraints(r1cs) };
        })();
        built.set(t.source, p);
      }
      key = await p;
    } catch (e) {
      deps.signal?.throwIfAborted();
      const message = e instanceof Error ? e.message : String(e);
      done({ ok: false, reason: stage === 'compile' ? 'compile-failed' : 'setup-failed', message: `${what} could not be ${stage === 'compile' ? 'recompiled' : 'set up'} here: ${message}` });
      continue;
    }
    deps.onProgress?.(i, 'compare');
    const recompiledId = groth16CircuitId(key.vkey);
    const c = { recompiledId, ...(key.constraints !== undefined ? { constraints: key.constraints } : {}) };
    const reg = await deps.registeredKey(t.circuitId);
    if (!reg) { done({ ...c, ok: false, reason: 'not-registered', message: `${what}: the id the bounty pins (${t.circuitId}) is not registered` }); continue; }
    if (reg.scheme !== 'groth16') { done({ ...c, ok: false, reason: 'not-groth16', message: `${what} is a ${reg.scheme} verifier: a development key cannot be recomputed for it` }); continue; }
    const mine = groth16VkToBytes(key.vkey);
    let storedId: Hex | undefined;
    try { storedId = circuitIdOf('groth16', groth16VkPublicCount(reg.vk), keccak256(reg.vk)); } catch { storedId = undefined; }
    if (storedId !== undefined && storedId.toLowerCase() !== t.circuitId.toLowerCase()) {
      done({ ...c, ok: false, reason: 'corrupt-key', message: `${what}: the registry's stored key does not hash to the pinned id` });
      continue;
    }
    if (!sameKeyBytes(reg.vk, mine)) {
      done({ ...c, ok: false, reason: 'other-key', message: `${what}: the registered key is not the development key of the circuit regenerated from the bounty's terms (another circuit, or keys from a real ceremony)` });
      continue;
    }
    done({ ...c, ok: true, message: `${what}: the registered key is the development key of the regenerated circuit (not for value)` });
  }
  return { ok: circuits.length > 0 && circuits.every((x) => x.ok), circuits };
}
