/**
 * `zkml verify <dir>`: proof.json + public.json against verification_key.json, and the proof's model
 * commitment against this model's. Valid → exit 0, invalid → exit 1 (with the reason).
 * A hashed-input proof makes one `claim` public that folds both commitments (docs/PROTOCOL.md §3a):
 * its input commitment is read from commitments.json (written by `zkml prove`), and the claim must
 * be the fold of this model's commitment with it.
 */
import { verifyDetailed } from '../../src/zk/verify.js';
import { SCHEMES, type Scheme } from '../../src/zk/ptau.js';
import { needArtifact, readJson, artifact } from '../fs.js';
import { type CircuitReport, readProject, isFile, rel } from '../project.js';
import { type Io, silent, stopwatch, seconds } from '../format.js';
import { DataError } from '../errors.js';
import { publicInputOutOfRange } from '../../src/core/share/input-binding.js';
import { inputDescriptorOf } from '../../src/core/commit/input.js';
import { claimOf } from '../../src/core/commit/claim.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A field element as the signed integer it stands for (values above p/2 are negative). */
export function signedField(v: string): bigint {
  const x = BigInt(v);
  return x > R / 2n ? x - R : x;
}

export interface DecodedPublic {
  class?: number;
  values?: number[];
  /** the model commitment: the public signal, or (folded layout) the one commitments.json gives */
  commitment?: string;
  inputCommitment?: string;
  /** the public claim folding both (hashed input: PROTOCOL §3a) */
  claim?: string;
  lines: string[];
}

/** commitments.json: what a folded claim stands for (decimal strings). */
export interface FoldedCommitments { model: string; input: string; claim: string }

/** The public signals by name (see report.publicSignals), with the output decoded. */
export function describeOutputs(report: CircuitReport, publicSignals: readonly string[], folded?: FoldedCommitments): DecodedPublic {
  const at = (name: string) => { const i = report.publicSignals.indexOf(name); return i < 0 ? undefined : publicSignals[i]; };
  const claim = at('claim');
  const commitment = claim !== undefined ? folded?.model : at('commitment');
  const inputCommitment = claim !== undefined ? folded?.input : report.input.visibility === 'hashed' ? at('inputCommitment') : undefined;
  const lines: string[] = [];
  let cls: number | undefined, values: number[] | undefined;
  try {
    if (report.output.kind === 'class') {
      cls = Number(at('out')!);
      lines.push(`class: ${cls}`);
    } else {
      values = report.publicSignals.filter((n) => n.startsWith('out[')).map((n) => Number(signedField(at(n)!)) / 2 ** report.output.scale);
      lines.push(`output: [${values.map((v) => v.toPrecision(5)).join(', ')}] (scale 2^-${report.output.scale})`);
    }
  } catch {
    lines.push('output: (unreadable public signals)');
  }
  if (report.options.weights === 'public') lines.push(`model: public (its parameters are constants of this project's circuit; commitment ${report.commitment})`);
  else lines.push(`model commitment: ${commitment ?? '(folded into the claim; commitments.json not read)'}`);
  if (inputCommitment !== undefined) lines.push(`input commitment: ${inputCommitment}`);
  if (claim !== undefined) lines.push(`claim: ${claim} = PoseidonCommit(tag("claim/v1"), model commitment, input commitment)`);
  if (report.input.visibility === 'public') lines.push(`input: public (${report.publicSignals.filter((n) => n.startsWith('in[')).length} values in public.json)`);
  return { class: cls, values, commitment, inputCommitment, ...(claim !== undefined ? { claim } : {}), lines };
}

export interface VerifyCommandOptions extends Io {
  dir: string;
  proof?: string;
  public?: string;
  /** commitments.json of a hashed-input proof (default: the project's) */
  commitments?: string;
}

export interface VerifyCommandResult {
  valid: boolean;
  reason?: string;
  scheme: Scheme;
  decoded?: DecodedPublic;
  ms: number;
}

export async function verifyCommand(opts: VerifyCommandOptions): Promise<VerifyCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const { dir } = opts;
  const { report, q } = readProject(dir);
  const vkey = readJson(needArtifact(dir, 'vkey'), 'verification key') as { protocol?: unknown };
  const proof = readJson(opts.proof ?? needArtifact(dir, 'proof'), 'proof');
  const publicSignals = readJson(opts.public ?? needArtifact(dir, 'public'), 'public signals');
  let scheme: Scheme;
  if (isFile(artifact(dir, 'setup'))) scheme = (readJson(artifact(dir, 'setup'), 'setup record') as { scheme: Scheme }).scheme;
  else if (SCHEMES.includes(vkey.protocol as Scheme)) scheme = vkey.protocol as Scheme;
  else throw new DataError(`${rel(artifact(dir, 'vkey'))} names no proving scheme (protocol)`);

  const sw = stopwatch('verify', err);
  sw.log(`${scheme} verification…`);
  const outcome = await verifyDetailed({ scheme, vkey, proof, publicSignals });
  const ms = sw.total();
  sw.log('done');
  let { valid, reason } = outcome;
  let decoded: DecodedPublic | undefined;
  if (valid) {
    const ps = publicSignals as string[];
    const claimAt = report.publicSignals.indexOf('claim');
    let folded: FoldedCommitments | undefined;
    if (claimAt >= 0) {
      const path = opts.commitments ?? artifact(dir, 'commitments');
      if (isFile(path)) folded = readFoldedCommitments(path);
    }
    decoded = describeOutputs(report, ps, folded);
    if (ps.length !== report.publicSignals.length) {
      valid = false;
      reason = `the proof has ${ps.length} public signals, this circuit ${report.publicSignals.length}`;
    } else if (claimAt >= 0 && !folded) {
      valid = false;
      reason = `the proof folds the model and input commitments into one public claim; ${rel(opts.commitments ?? artifact(dir, 'commitments'))} (written by zkml prove) is needed to check that it is this model's`;
    } else if (claimAt >= 0 && claimOf(BigInt(report.commitment), BigInt(folded!.input)).toString() !== ps[claimAt]) {
      valid = false;
      reason = folded!.model !== report.commitment
        ? `the proof is for another model: its commitments name ${folded!.model}, not this model's ${report.commitment}`
        : 'the proof\'s claim is not this model\'s commitment folded with the input commitment in commitments.json: the proof is for another model or another input';
    } else if (claimAt < 0 && report.options.weights !== 'public' && decoded.commitment !== report.commitment) {
      valid = false;
      reason = `the proof is for another model: its commitment ${decoded.commitment} is not this model's ${report.commitment}`;
    } else {
      // the circuit checks the declared input range; a public input outside it is refused here too
      const out = publicInputOutOfRange(report.publicSignals, ps, inputDescriptorOf(q));
      if (out) { valid = false; reason = out; }
    }
  }
  if (valid) {
    out(`VALID ${scheme} proof (${seconds(ms)})`);
    for (const l of decoded!.lines) out(`  ${l}`);
  } else {
    out(`INVALID proof: ${reason ?? 'it does not verify'}`);
  }
  return { valid, reason, scheme, decoded, ms };
}

/** commitments.json, strictly: three decimal field elements. */
export function readFoldedCommitments(path: string): FoldedCommitments {
  const o = readJson(path, 'commitments') as Record<string, unknown>;
  const dec = (k: string) => {
    const v = o?.[k];
    if (typeof v !== 'string' || !/^(0|[1-9]\d*)$/.test(v) || BigInt(v) >= R) throw new DataError(`${rel(path)}: "${k}" must be a decimal field element`);
    return v;
  };
  return { model: dec('model'), input: dec('input'), claim: dec('claim') };
}
