/**
 * JSON with object keys sorted and no whitespace: the one form ZKML hashes a JSON value in (key
 * fingerprints, descriptor hashes, key-file headers). Keys whose value is undefined are left out, as
 * JSON.stringify does; bigints are written as decimal strings.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  return JSON.stringify(v) ?? 'null';
}
