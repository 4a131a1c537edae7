/**
 * A small, isomorphic reader for circom's binary `.r1cs` format (iden3 binfile, type "r1cs"),
 * and a checker that evaluates every constraint A·w × B·w = C·w against a witness.
 *
 * A computed witness proves nothing by itself: circom's `assert` and `<--` are not
 * constraints. This checker is what turns "the witness calculator did not complain" into
 * "the constraint system accepts this assignment", and it is what forged-witness tests run.
 */

export type LinearCombination = Map<number, bigint>;
export interface Constraint { a: LinearCombination; b: LinearCombination; c: LinearCombination }

export interface R1cs {
  prime: bigint;
  nWires: number;
  nPubOut: number;
  nPubIn: number;
  nPrvIn: number;
  nLabels: number;
  nConstraints: number;
  constraints: Constraint[];
}

export class R1csFormatError extends Error {
  override name = 'R1csFormatError';
}

function readLE(bytes: Uint8Array, off: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[off + i]);
  return v;
}

/** The header of an `.r1cs` file (section 1) and where its sections are; the constraints are not read. */
export interface R1csHeader {
  prime: bigint;
  /** bytes per field element */
  n8: number;
  nWires: number;
  nPubOut: number;
  nPubIn: number;
  nPrvIn: number;
  nLabels: number;
  nConstraints: number;
  /** section id → where its payload starts and how long it is */
  sections: Map<number, { start: number; size: number }>;
}

/**
 * Reads and bounds-checks the binfile frame and the header section, without touching the constraints
 * (which can be hundreds of MB): what the UI's counts, the setup's power and `parseR1cs` all start from.
 * A damaged file is an `R1csFormatError` naming what is wrong.
 */
export function readR1csHeader(bytes: Uint8Array): R1csHeader {
  if (!(bytes instanceof Uint8Array)) throw new R1csFormatError('not an r1cs file: expected bytes');
  if (bytes.byteLength < 12) throw new R1csFormatError(`not an r1cs file: only ${bytes.byteLength} bytes`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'r1cs') throw new R1csFormatError(`not an r1cs file (magic "${magic.replace(/[^\x20-\x7e]/g, '?')}")`);
  const version = dv.getUint32(4, true);
  if (version !== 1) throw new R1csFormatError(`unsupported r1cs version ${version}`);
  const nSections = dv.getUint32(8, true);
  let off = 12;
  const sections = new Map<number, { start: number; size: number }>();
  for (let i = 0; i < nSections; i++) {
    if (off + 12 > bytes.byteLength) throw new R1csFormatError(`truncated r1cs: section table entry ${i} of ${nSections} is past the end`);
    const type = dv.getUint32(off, true);
    const size = dv.getBigUint64(off + 4, true);
    const left = bytes.byteLength - off - 12;
    if (size > BigInt(left)) throw new R1csFormatError(`truncated r1cs: section ${type} claims ${size} bytes, ${left} are left`);
    if (sections.has(type)) throw new R1csFormatError(`r1cs has two sections of type ${type}`);
    sections.set(type, { start: off + 12, size: Number(size) });
    off += 12 + Number(size);
  }
  const h = sections.get(1);
  if (!h || !sections.get(2)) throw new R1csFormatError('r1cs file lacks its header or constraints section');
  if (h.size < 4) throw new R1csFormatError('r1cs header section too short');
  let p = h.start;
  const n8 = dv.getUint32(p, true); p += 4;
  if (h.size !== 4 + n8 + 28) throw new R1csFormatError(`r1cs header section is ${h.size} bytes, expected ${4 + n8 + 28}`);
  const prime = readLE(bytes, p, n8); p += n8;
  const nWires = dv.getUint32(p, true); p += 4;
  const nPubOut = dv.getUint32(p, true); p += 4;
  const nPubIn = dv.getUint32(p, true); p += 4;
  const nPrvIn = dv.getUint32(p, true); p += 4;
  const nLabels = Number(dv.getBigUint64(p, true)); p += 8;
  const nConstraints = dv.getUint32(p, true);
  // (private inputs need not have wires: circom's optimiser removes unused or substituted ones)
  if (nWires < 1 + nPubOut + nPubIn) throw new R1csFormatError(`${nWires} wires cannot hold the constant and ${nPubOut + nPubIn} public signals`);
  return { prime, n8, nWires, nPubOut, nPubIn, nPrvIn, nLabels, nConstraints, sections };
}

export function parseR1cs(bytes: Uint8Array): R1cs {
  const { prime, n8, nWires, nPubOut, nPubIn, nPrvIn, nLabels, nConstraints, sections } = readR1csHeader(bytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cs = sections.get(2)!;
  let p: number;
  const constraints: Constraint[] = [];
  p = cs.start;
  const readLc = (): LinearCombination => {
    const n = dv.getUint32(p, true); p += 4;
    const lc: LinearCombination = new Map();
    for (let i = 0; i < n; i++) {
      const w = dv.getUint32(p, true); p += 4;
      lc.set(w, readLE(bytes, p, n8)); p += n8;
    }
    return lc;
  };
  for (let i = 0; i < nConstraints; i++) {
    const a = readLc(); const b = readLc(); const c = readLc();
    constraints.push({ a, b, c });
  }
  return { prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels, nConstraints, constraints };
}

function evalLc(lc: LinearCombination, w: readonly bigint[], p: bigint): bigint {
  let acc = 0n;
  for (const [i, k] of lc) acc += k * w[i];
  return acc % p;
}

/**
 * Returns the index of the first constraint the witness violates, or -1 when all hold.
 * `witness[0]` must be 1, as in every circom witness.
 */
export function firstViolatedConstraint(r1cs: R1cs, witness: readonly bigint[]): number {
  if (witness.length < r1cs.nWires) throw new R1csFormatError(`witness has ${witness.length} wires, r1cs needs ${r1cs.nWires}`);
  if (witness[0] !== 1n) return -2;
  const p = r1cs.prime;
  for (let i = 0; i < r1cs.constraints.length; i++) {
    const { a, b, c } = r1cs.constraints[i];
    const lhs = (evalLc(a, witness, p) * evalLc(b, witness, p)) % p;
    if ((((lhs - evalLc(c, witness, p)) % p) + p) % p !== 0n) return i;
  }
  return -1;
}

/** Parse circom's `.sym` file: signal name → witness index (−1 when optimised away). */
export function parseSym(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [, varIdx, , ...name] = line.split(',');
    m.set(name.join(','), Number(varIdx));
  }
  return m;
}
