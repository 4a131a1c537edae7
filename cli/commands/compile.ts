/**
 * `zkml compile <dir>`: circuit.circom → circuit.r1cs, circuit_js/circuit.wasm, circuit.sym with circom 2
 * (circom2's WASM build, in memory), and the real constraint count next to the estimate.
 */
import { createRequire } from 'node:module';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles } from '../../src/zk/circom-node.js';
import { readR1csCounts } from '../../src/zk/setup.js';
import { needArtifact, readText, readBytes, writeFile, artifact } from '../fs.js';
import { readProject, rel } from '../project.js';
import { type Io, silent, int, stopwatch, seconds } from '../format.js';
import { removeStale } from './transpile.js';

const require = createRequire(import.meta.url);

export interface CompileCommandOptions extends Io {
  dir: string;
}

export interface CompileCommandResult {
  constraints: number;
  estimate: number;
  nPublic: number;
  wires: number;
  ms: number;
  files: string[];
}

export async function compileCommand(opts: CompileCommandOptions): Promise<CompileCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const { dir } = opts;
  const { report } = readProject(dir);
  const main = readText(needArtifact(dir, 'circuit'), 'circuit');
  const sw = stopwatch('compile', err);

  const files = await libraryFiles(main);
  const wasmBytes = readBytes(require.resolve('circom2/circom.wasm'), 'circom compiler');
  sw.log(`circom 2 (--O2) on ${rel(artifact(dir, 'circuit'))} + ${Object.keys(files).length} library files…`);
  const r = await compileCircom({
    main, files, wasmBytes,
    onMessage: (l) => { if (l.trim() && !/^Written successfully|^Everything went okay/.test(l)) sw.log(`circom: ${l}`); },
  });
  const ms = sw.total();
  sw.log('compiled');

  const stale = removeStale(dir, ['zkey', 'vkey', 'setup', 'proof', 'public']);
  if (stale.length) err(`compile: removed stale ${stale.join(', ')} (the circuit changed: run setup again)`);
  writeFile(artifact(dir, 'r1cs'), r.r1cs);
  writeFile(artifact(dir, 'wasm'), r.wasm);
  writeFile(artifact(dir, 'sym'), r.sym);

  const c = readR1csCounts(r.r1cs);
  const diff = c.nConstraints - report.estimate.total;
  out(`constraints: ${int(c.nConstraints)} (estimated ${int(report.estimate.total)}${diff === 0 ? ', exact' : `, ${diff > 0 ? '+' : ''}${int(diff)}`})`);
  out(`wires: ${int(c.nWires)}, public signals: ${c.nPublic}`);
  out(`wrote ${rel(artifact(dir, 'r1cs'))}, ${rel(artifact(dir, 'wasm'))}, ${rel(artifact(dir, 'sym'))} in ${seconds(ms)}`);
  return {
    constraints: c.nConstraints, estimate: report.estimate.total, nPublic: c.nPublic, wires: c.nWires, ms,
    files: [artifact(dir, 'r1cs'), artifact(dir, 'wasm'), artifact(dir, 'sym')],
  };
}
