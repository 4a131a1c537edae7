/**
 * `zkml prove <dir> --input input.json`: the float input → the circuit's integers (shape and range
 * checked) → witness (circuit_js/circuit.wasm) → proof.json + public.json in snarkjs's formats.
 */
import { createHash } from 'node:crypto';
import { witnessInput } from '../../src/core/witness/run.js';
import { prove } from '../../src/zk/prove.js';
import { needArtifact, readBytes, writeJson, artifact } from '../fs.js';
import { readProjectInput, readSetupRecord, rel } from '../project.js';
import { type Io, silent, stopwatch, seconds } from '../format.js';
import { ConsistencyError, MissingArtifactError } from '../errors.js';
import { describeOutputs, signedField, type DecodedPublic, type FoldedCommitments } from './verify.js';
import { inputCommitment, inputDescriptorOf } from '../../src/core/commit/input.js';
import { claimOf } from '../../src/core/commit/claim.js';

export interface ProveCommandOptions extends Io {
  dir: string;
  /** path of `{"input": <nested float array>}` */
  input?: string;
  /** the nested float input itself (instead of a file) */
  value?: unknown;
}

export interface ProveCommandResult {
  proof: unknown;
  publicSignals: string[];
  decoded: DecodedPublic;
  ms: number;
}

export async function proveCommand(opts: ProveCommandOptions): Promise<ProveCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const { dir } = opts;
  const { q, report, ints, expected } = readProjectInput(dir, opts);
  const witness = witnessInput(q, ints);

  const rec = readSetupRecord(dir);
  const wasm = readBytes(needArtifact(dir, 'wasm'), 'circuit wasm');
  const zkey = readBytes(needArtifact(dir, 'zkey'), 'zkey');
  const r1csHash = createHash('sha256').update(readBytes(needArtifact(dir, 'r1cs'), 'r1cs')).digest('hex');
  if (r1csHash !== rec.r1csSha256) {
    throw new MissingArtifactError(`the circuit was compiled again after the setup (circuit.r1cs changed): run \`zkml setup ${dir}\` again`);
  }

  const sw = stopwatch('prove', err);
  sw.log(`witness (circuit_js/circuit.wasm) and ${rec.scheme} proof…`);
  const r = await prove({ scheme: rec.scheme, wasm, zkey, input: witness });
  const ms = sw.total();
  sw.log('proved');

  const publicSignals = r.publicSignals.map(String);
  // a hashed input: one public claim folds both commitments (PROTOCOL §3a); keep them beside the proof
  let folded: FoldedCommitments | undefined;
  if (report.publicSignals.includes('claim')) {
    const ic = inputCommitment(inputDescriptorOf(q), ints);
    folded = { model: report.commitment, input: ic.toString(), claim: claimOf(BigInt(report.commitment), ic).toString() };
    if (publicSignals[report.publicSignals.indexOf('claim')] !== folded.claim) {
      throw new ConsistencyError('the proof\'s claim is not this model\'s commitment folded with the input\'s: transpile and compile again');
    }
  }
  const decoded = describeOutputs(report, publicSignals, folded);
  // The proof must say what exact integer inference says, for this model.
  const want = expected.output.map(String);
  const got = report.output.kind === 'class' ? [publicSignals[0]] : publicSignals.slice(0, want.length);
  if (got.map((v) => signedField(v).toString()).join() !== want.join()) {
    throw new ConsistencyError(`the circuit output ${got.join(', ')} differs from integer inference ${want.join(', ')}: the compiled circuit does not match quantization.json; transpile and compile again`);
  }
  // a public model's circuit has no commitment signal: its weights are the circuit's constants (the key is this project's)
  if (report.options.weights !== 'public' && decoded.commitment !== report.commitment) {
    throw new ConsistencyError(`the proof's model commitment ${decoded.commitment} is not this model's (${report.commitment}): transpile and compile again`);
  }

  writeJson(artifact(dir, 'proof'), r.proof);
  writeJson(artifact(dir, 'public'), publicSignals);
  if (folded) writeJson(artifact(dir, 'commitments'), folded);
  for (const l of decoded.lines) out(l);
  out(`wrote ${rel(artifact(dir, 'proof'))}, ${rel(artifact(dir, 'public'))}${folded ? `, ${rel(artifact(dir, 'commitments'))}` : ''} (${rec.scheme}, ${seconds(ms)})`);
  return { proof: r.proof, publicSignals, decoded, ms };
}
