/**
 * `zkml verify <dir>`: proof.json + public.json against verification_key.json, and the proof's model
 * commitment against this model's. Valid → exit 0, invalid → exit 1 (with the reason).
 */
import { verifyDetailed } from '../../src/zk/verify.js';
import { SCHEMES, type Scheme } from '../../src/zk/ptau.js';
import { needArtifact, readJson, artifact } from '../fs.js';
import { type CircuitReport, readProject, isFile, rel } from '../project.js';
import { type Io, silent, stopwatch, seconds } from '../format.js';
import { DataError } from '../errors.js';
import { publicInputOutOfRange } from '../../src/core/share/input-binding.js';
import { inputDescriptorOf } from '../../src/core/commit/input.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A field element as the signed integer it stands for (values above p/2 are negative). */
export function signedField(v: string): bigint {
  const x = BigInt(v);
  return x > R / 2n ? x - R : x;
}

export interface DecodedPublic {
  class?: number;
  values?: number[];
  commitment: string;
  inputCommitment?: string;
  lines: string[];
}

/** The public signals by name (see report.publicSignals), with the output decoded. */
export function describeOutputs(report: CircuitReport, publicSignals: readonly string[]): DecodedPublic {
  const at = (name: string) => publicSignals[report.publicSignals.indexOf(name)];
  const commitment = at('commitment');
  const inputCommitment = report.input.visibility === 'hashed' ? at('inputCommitment') : undefined;
  const lines: string[] = [];
  let cls: number | undefined, values: number[] | undefined;
  try {
    if (report.output.kind === 'class') {
      cls = Number(at('out'));
      lines.push(`class: ${cls}`);
    } else {
      values = report.publicSignals.filter((n) => n.startsWith('out[')).map((n) => Number(signedField(at(n))) / 2 ** report.output.scale);
      lines.push(`output: [${values.map((v) => v.toPrecision(5)).join(', ')}] (scale 2^-${report.output.scale})`);
    }
  } catch {
    lines.push('output: (unreadable public signals)');
  }
  lines.push(`model commitment: ${commitment}`);
  if (inputCommitment !== undefined) lines.push(`input commitment: ${inputCommitment}`);
  if (report.input.visibility === 'public') lines.push(`input: public (${report.publicSignals.filter((n) => n.startsWith('in[')).length} values in public.json)`);
  return { class: cls, values, commitment, inputCommitment, lines };
}

export interface VerifyCommandOptions extends Io {
  dir: string;
  proof?: string;
  public?: string;
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
    decoded = describeOutputs(report, ps);
    if (ps.length !== report.publicSignals.length) {
      valid = false;
      reason = `the proof has ${ps.length} public signals, this circuit ${report.publicSignals.length}`;
    } else if (decoded.commitment !== report.commitment) {
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
