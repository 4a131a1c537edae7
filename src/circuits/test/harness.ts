/**
 * Node-side circuit test harness. No native circom: circuits are compiled with the circom2
 * package (circom 2.2.3 as WASM), witnesses are computed with circom_runtime, and every
 * witness is then checked against the R1CS constraints with our own checker, because a
 * computed witness proves nothing by itself (`assert` and `<--` add no constraint).
 *
 * Compiled circuits are cached by a content hash of the main source, every circom file it can
 * include from this folder and circomlib, the compiler version and the flags (the name given to
 * compileSource only labels the cache folder).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { WitnessCalculatorBuilder, type WitnessInput } from 'circom_runtime';
import { parseR1cs, parseSym, firstViolatedConstraint, type R1cs } from '../../zk/r1cs.js';
import { P, toField, fromField } from '../../core/field.js';

const require = createRequire(import.meta.url);
const { CircomRunner, bindings } = require('circom2') as {
  CircomRunner: new (o: unknown) => { execute(b: Uint8Array): Promise<unknown> };
  bindings: Record<string, unknown>;
};

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
export const CIRCUITS_DIR = path.join(ROOT, 'src/circuits');
const CIRCOMLIB_DIR = path.join(ROOT, 'node_modules/circomlib/circuits');
// outside node_modules, so that a reinstall (npm ci) keeps the cache
const CACHE_DIR = path.join(ROOT, '.cache/circuits');
/** The optimisation level every ZKML circuit is compiled with, in tests and in the product. */
export const OPT_LEVEL = '--O2';

let libHash: string | undefined;
function libraryHash(): string {
  if (libHash) return libHash;
  const h = createHash('sha256');
  for (const dir of [CIRCUITS_DIR, CIRCOMLIB_DIR]) {
    for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (!f.endsWith('.circom')) continue;
      h.update(f).update(fs.readFileSync(path.join(dir, f)));
    }
  }
  h.update(fs.readFileSync(require.resolve('circom2/package.json')));
  return (libHash = h.digest('hex'));
}

export type SignalValue = bigint | number | string | SignalValue[];
export type CircuitInput = Record<string, SignalValue>;

export interface CompiledCircuit {
  dir: string;
  r1cs: R1cs;
  /** Signal name (as in the .sym file, e.g. `main.out[3]`) → witness index, −1 if optimised away. */
  sym: Map<string, number>;
  nConstraints: number;
  /** Compute a witness (throws if a circom assert or a `===` fails during computation). */
  witness(input: CircuitInput): Promise<Witness>;
}

export class CompileError extends Error {
  override name = 'CompileError';
  constructor(message: string, readonly output: string) { super(message); }
}

let compileLock: Promise<unknown> = Promise.resolve();

async function runCircom(args: string[]): Promise<{ code: number; output: string }> {
  // circom2 writes through console/process; capture stdout+stderr by swapping the fs writer.
  let output = '';
  const decoder = new TextDecoder();
  const origWrite = fs.writeSync;
  const fsProxy = {
    ...fs,
    writeSync(fd: number, buf: unknown, ...rest: unknown[]) {
      if (fd === 1 || fd === 2) {
        output += typeof buf === 'string' ? buf : decoder.decode(buf as Uint8Array);
        return typeof buf === 'string' ? buf.length : (buf as Uint8Array).byteLength;
      }
      return (origWrite as (...a: unknown[]) => number)(fd, buf, ...rest);
    },
  };
  let code = 0;
  const preopens: Record<string, string> = {};
  let cwd = process.cwd();
  for (;;) {
    const seg = path.relative(process.cwd(), cwd) || '.';
    preopens[seg] = seg;
    const next = path.dirname(cwd);
    if (next === cwd) break;
    cwd = next;
  }
  const runner = new CircomRunner({
    args: args.map((a) => (a.startsWith('-') ? a : path.relative(process.cwd(), a))),
    env: {},
    preopens,
    bindings: {
      ...bindings,
      fs: fsProxy,
      exit(c: number) { code = c; throw Object.assign(new Error('exit'), { exitCode: c }); },
    },
  });
  const wasm = fs.readFileSync(require.resolve('circom2/circom.wasm'));
  try {
    await runner.execute(wasm);
  } catch (e) {
    if (!(e as { exitCode?: number }).exitCode && code === 0 && !(e instanceof Error && e.message === 'exit')) throw e;
  }
  return { code, output };
}

/** A finished compilation of this content hash under any name, if the cache has one. */
function compiledDir(hash: string): string | undefined {
  if (!fs.existsSync(CACHE_DIR)) return undefined;
  const found = fs.readdirSync(CACHE_DIR).find((d) => d.endsWith(`-${hash}`) && fs.existsSync(path.join(CACHE_DIR, d, 'ok')));
  return found && path.join(CACHE_DIR, found);
}

/**
 * Compile a circom main source (a string). Relative paths to the library folder and to
 * circomlib (`include "circomlib/circuits/…"`) resolve via `-l`.
 */
export async function compileSource(mainSource: string, name = 'main'): Promise<CompiledCircuit> {
  const hash = createHash('sha256').update(mainSource).update(libraryHash()).update(OPT_LEVEL).digest('hex').slice(0, 24);
  // the name only labels the folder: the same source compiled under another name (the bounty circuits
  // of bounty.test.ts, bounty-protocol.test.ts and the audit test) is the same compilation
  const dir = compiledDir(hash) ?? path.join(CACHE_DIR, `${name}-${hash}`);
  const r1csPath = path.join(dir, 'circuit.r1cs');
  if (!fs.existsSync(path.join(dir, 'ok'))) {
    const run = async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'circuit.circom'), mainSource);
      const { code, output } = await runCircom([
        path.join(dir, 'circuit.circom'), '--r1cs', '--wasm', '--sym', OPT_LEVEL,
        '-l', CIRCUITS_DIR, '-l', path.join(ROOT, 'node_modules'), '-o', dir,
      ]);
      if (code !== 0 || !fs.existsSync(r1csPath)) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new CompileError(`circom failed (exit ${code}):\n${output}`, output);
      }
      fs.writeFileSync(path.join(dir, 'ok'), output);
    };
    // circom2's WASI shim is not re-entrant; compile one at a time within a process.
    const p = compileLock.then(run, run);
    compileLock = p.catch(() => undefined);
    await p;
  }
  const r1cs = parseR1cs(fs.readFileSync(r1csPath));
  const sym = parseSym(fs.readFileSync(path.join(dir, 'circuit.sym'), 'utf8'));
  const wasm = fs.readFileSync(path.join(dir, 'circuit_js', 'circuit.wasm'));
  return {
    dir, r1cs, sym, nConstraints: r1cs.nConstraints,
    async witness(input) {
      const wc = await WitnessCalculatorBuilder(wasm, { memorySize: 256 });
      const quiet = console.error; const log = console.log;
      console.error = () => {}; console.log = () => {};
      let w: bigint[];
      try {
        w = await wc.calculateWitness(normalize(input) as WitnessInput, true);
      } finally { console.error = quiet; console.log = log; }
      return new Witness(this as CompiledCircuit, w);
    },
  };
}

function normalize(v: SignalValue | CircuitInput): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'bigint') return toField(v).toString();
  if (typeof v === 'number') return toField(BigInt(v)).toString();
  if (typeof v === 'string') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
}

/** Compile `component main {public [..]} = TEMPLATE(params)` from `file` in the library. */
export function compileTemplate(
  file: string, template: string, params: (number | bigint)[] = [], opts: { publicInputs?: string[]; includes?: string[] } = {},
): Promise<CompiledCircuit> {
  const pub = opts.publicInputs?.length ? ` {public [${opts.publicInputs.join(', ')}]}` : '';
  const includes = [file, ...(opts.includes ?? [])].map((f) => `include "${f}";`).join('\n');
  const src = `pragma circom 2.2.3;\n${includes}\ncomponent main${pub} = ${template}(${params.join(', ')});\n`;
  return compileSource(src, template);
}

/** A computed witness, readable by signal name, that can be checked and forged. */
export class Witness {
  constructor(readonly circuit: CompiledCircuit, readonly values: bigint[]) {}

  index(name: string): number {
    const full = name.startsWith('main.') ? name : `main.${name}`;
    const i = this.circuit.sym.get(full);
    if (i === undefined) throw new Error(`no signal named ${full}`);
    if (i < 0) throw new Error(`signal ${full} was optimised away; forge a signal that survives`);
    return i;
  }

  /** Signed value of a signal (field elements above P/2 read as negative). */
  get(name: string): bigint { return fromField(this.values[this.index(name)]); }

  /** Signed values of `name[0..n)`, or of a multi-dimensional array flattened in row-major order. */
  getArray(name: string): bigint[] {
    const full = name.startsWith('main.') ? name : `main.${name}`;
    const out: [string, bigint][] = [];
    for (const [k, i] of this.circuit.sym) {
      if (k.startsWith(`${full}[`) && /^(\[\d+\])+$/.test(k.slice(full.length)) && i >= 0) out.push([k, fromField(this.values[i])]);
    }
    const key = (s: string) => s.slice(full.length).match(/\d+/g)!.map(Number);
    out.sort((a, b) => { const x = key(a[0]); const y = key(b[0]); for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return x[j] - y[j]; return 0; });
    return out.map(([, v]) => v);
  }

  /** Does the R1CS accept this witness? */
  satisfies(): boolean { return firstViolatedConstraint(this.circuit.r1cs, this.values) === -1; }

  /** A copy with some signals replaced (signed values allowed). The rest is kept as computed. */
  forge(changes: Record<string, bigint>): Witness {
    const v = this.values.slice();
    for (const [name, val] of Object.entries(changes)) v[this.index(name)] = ((val % P) + P) % P;
    return new Witness(this.circuit, v);
  }
}

/** Strip ANSI colours from compiler output. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Compile and expect circom to refuse; resolves with the plain compiler output. */
export async function compileError(file: string, template: string, params: (number | bigint)[]): Promise<string> {
  try {
    await compileTemplate(file, template, params);
  } catch (e) {
    if (e instanceof CompileError) return plain(e.output);
    throw e;
  }
  throw new Error(`${template}(${params.join(', ')}) compiled but should have been refused`);
}

/** Computing the witness must fail (an out-of-range input is refused, not wrapped). */
export async function witnessFails(c: CompiledCircuit, input: CircuitInput): Promise<boolean> {
  try {
    const w = await c.witness(input);
    // The calculator may not assert everything; what matters is the R1CS.
    return !w.satisfies();
  } catch {
    return true;
  }
}
