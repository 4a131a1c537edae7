/**
 * `zkml witness <dir> --input input.json [-o witness.wtns]`: the float input → the circuit's integers (shape
 * and range checked) → the witness, computed by the circuit's own wasm (circuit_js/circuit.wasm), written in
 * snarkjs's binary format (.wtns). For a native prover when a circuit is too big to prove in a browser tab
 * (or for speed): `prover circuit.zkey witness.wtns proof.json public.json` (rapidsnark), then
 * `zkml verify <dir>` or `snarkjs groth16 verify`. Needs no zkey: computing the witness costs a fraction of
 * proving. The witness's outputs are checked against exact integer inference before it is written.
 */
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import { witnessInput } from '../../src/core/witness/run.js';
import { readWtns } from '../../src/zk/wtns.js';
import { needArtifact, readBytes, writeFile, artifact } from '../fs.js';
import { readProjectInput, rel } from '../project.js';
import { type Io, silent, stopwatch, seconds, int } from '../format.js';
import { ConsistencyError } from '../errors.js';
import { signedField } from './verify.js';

export interface WitnessCommandOptions extends Io {
  dir: string;
  /** path of `{"input": <nested float array>}` */
  input?: string;
  /** the nested float input itself (instead of a file) */
  value?: unknown;
  /** where to write the witness (default <dir>/witness.wtns) */
  out?: string;
}

export interface WitnessCommandResult { file: string; bytes: number; signals: number; ms: number }

export async function witnessCommand(opts: WitnessCommandOptions): Promise<WitnessCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const { dir } = opts;
  const { q, report, ints, expected } = readProjectInput(dir, opts);
  const wasm = readBytes(needArtifact(dir, 'wasm'), 'circuit wasm');

  const sw = stopwatch('witness', err);
  sw.log('witness (circuit_js/circuit.wasm)…');
  const mem: snarkjs.MemFile = { type: 'mem' };
  await snarkjs.wtns.calculate(witnessInput(q, ints), wasm, mem);
  const wtns = mem.data!;
  const ms = sw.total();

  // wire 0 is the constant 1; the outputs follow: they must be what exact integer inference says
  const { values } = readWtns(wtns);
  const want = expected.output.map(String);
  const got = values.slice(1, 1 + (report.output.kind === 'class' ? 1 : want.length)).map((v) => signedField(v.toString()).toString());
  if (got.join() !== want.join()) {
    throw new ConsistencyError(`the witness's output ${got.join(', ')} differs from integer inference ${want.join(', ')}: the compiled circuit does not match quantization.json; transpile and compile again`);
  }
  const file = opts.out ?? path.join(dir, 'witness.wtns');
  writeFile(file, wtns);
  out(`output ${report.output.kind === 'class' ? `class ${got[0]}` : got.join(', ')}; ${int(values.length)} signals`);
  out(`wrote ${rel(file)} (${(wtns.byteLength / 2 ** 20).toFixed(1)} MiB, ${seconds(ms)}): prove it natively with \`prover ${rel(artifact(dir, 'zkey'))} ${rel(file)} proof.json public.json\` (rapidsnark)`);
  return { file, bytes: wtns.byteLength, signals: values.length, ms };
}
