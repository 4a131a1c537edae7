/**
 * What a bounty publishes besides its terms, in the `datasetCid` string of BountyCreated (the contract
 * only logs it): the training dataset's CID and the accepted architectures (docs/PROTOCOL.md §2,
 * `architectureOf`). Kept on chain with the terms, so a hunter can always regenerate the bounty's
 * circuits (and check their keys against the terms' circuit ids) from the chain alone; a plain CID
 * string (a bounty made by the CLI or a test) is read as the dataset with no architecture.
 *
 *   const s = encodeBountyInfo({ dataset: 'bafy…', architectures: [architectureOf(q)] });
 *   parseBountyInfo(s) // { dataset, architectures, description }
 */
import { canonicalJson } from '../../core/canonical-json.js';
import { ARCHITECTURE_KIND, type Architecture } from '../../core/commit/architecture.js';

export const BOUNTY_INFO_KIND = 'zkml/bounty-info/v1';

export interface BountyInfoDoc {
  /** the public training dataset (a Helia/IPFS CID), or '' */
  dataset: string;
  /** accepted architectures, index = the `arch` a hunter commits under (its accuracy and hand-over circuit ids) */
  architectures: Architecture[];
  description?: string;
}

export function encodeBountyInfo(d: BountyInfoDoc): string {
  return canonicalJson({ kind: BOUNTY_INFO_KIND, dataset: d.dataset, architectures: d.architectures, ...(d.description ? { description: d.description } : {}) });
}

/** Never throws: anything that is not our JSON is a dataset CID (or nothing) with no architecture. */
export function parseBountyInfo(s: string): BountyInfoDoc & { readable: boolean } {
  const t = s.trim();
  if (!t.startsWith('{')) return { dataset: t, architectures: [], readable: t === '' || /^[a-z0-9]+$/i.test(t) };
  try {
    const o = JSON.parse(t) as Record<string, unknown>;
    if (o.kind !== BOUNTY_INFO_KIND) return { dataset: '', architectures: [], readable: false };
    const archs = Array.isArray(o.architectures) ? o.architectures.filter((a): a is Architecture => !!a && typeof a === 'object' && (a as { kind?: unknown }).kind === ARCHITECTURE_KIND) : [];
    return {
      dataset: typeof o.dataset === 'string' ? o.dataset : '',
      architectures: archs,
      ...(typeof o.description === 'string' ? { description: o.description } : {}),
      readable: true,
    };
  } catch {
    return { dataset: '', architectures: [], readable: false };
  }
}

/** A one-line summary of an architecture: input shape → layer kinds → classes. */
export function describeArchitecture(a: Architecture): string {
  const kinds = a.nodes.map((n) => n.kind).filter((k) => k !== 'input');
  const last = a.nodes.find((n) => n.id === a.output);
  return `[${a.inputShape.join('×')}] → ${kinds.join(' → ')}${last ? ` → [${last.shape.join('×')}]` : ''}`;
}
