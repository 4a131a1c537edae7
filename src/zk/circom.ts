/**
 * Isomorphic circom compiler: circom 2.2.3 (the circom2 package's WASM build) run over an
 * in-memory file system, the same in Node and in a browser worker.
 *
 * Layout the compiler sees (WASI preopen `.` → memfs `/`): every `files` entry at its own key
 * (so `include "rescale.circom"` and `include "circomlib/circuits/bitify.circom"` resolve
 * through `-l .`, and compiler messages name files by those keys), the main source as
 * `main.circom`, and the outputs in `.circom-out/`.
 *
 * circom2's vendored WASI reads the global `Buffer` once, when the module is first evaluated
 * (`@wasmer/wasi/lib/polyfills/buffer.js`), and afterwards only calls `Buffer.from(ArrayBuffer
 * [, offset, length])`, `.write(string, offset[, length, 'utf8'])`, `.toString()` and
 * `Buffer.byteLength(string)`. Where there is no `Buffer` (a browser), a tiny shim providing
 * exactly that is installed for the duration of that first import and removed again.
 */
import { ZkmlError } from '../core/errors.js';
import { MemFs, normalizePath } from './memfs.js';

export type CircomOptimization = 'O0' | 'O1' | 'O2';

export interface CompileCircomOptions {
  /** The main circom source (it must declare `component main`). */
  main: string;
  /** Library sources by include path, e.g. `rescale.circom`, `circomlib/circuits/bitify.circom`. */
  files?: Record<string, string | Uint8Array>;
  /** Default `O2`, the level every ZKML circuit is compiled with. */
  optimization?: CircomOptimization;
  /** circom.wasm (node_modules/circom2/circom.wasm), or the module compiled from it. */
  wasmBytes: Uint8Array | ArrayBuffer | WebAssembly.Module;
  /** Each line the compiler prints, ANSI colours stripped, as it is printed. */
  onMessage?: (line: string) => void;
  /** Which outputs to produce; all by default. One not produced comes back empty. */
  flags?: { r1cs?: boolean; wasm?: boolean; sym?: boolean; wat?: boolean };
}

export interface CompileCircomResult {
  r1cs: Uint8Array;
  /** The witness calculator (for circom_runtime's WitnessCalculatorBuilder). */
  wasm: Uint8Array;
  sym: string;
  /**
   * The witness calculator as WebAssembly text (only with `flags.wat`), in the pieces it was collected
   * in as circom wrote it (4 MiB each; concatenate, or pass to `watToWasm` as they are).
   */
  wat?: Uint8Array[];
  /** Everything the compiler printed, ANSI colours stripped. */
  messages: string;
}

/**
 * circom refused the circuit (or crashed). `message` is the compiler's own plain-text output;
 * `details` has `output` (the same), `exitCode`, and where circom names one, the first
 * error's `file`, `line` and `column`.
 */
export class CircomCompileError extends ZkmlError {
  override name = 'CircomCompileError';
  constructor(readonly output: string, opts: { exitCode?: number; cause?: unknown } = {}) {
    const loc = firstLocation(output);
    super(output.trim() || 'circom failed without printing anything', {
      cause: opts.cause,
      details: { output, exitCode: opts.exitCode, ...loc },
    });
  }
}

/**
 * A `CircomCompileError` that crossed a worker boundary arrives as a plain Error with the same
 * `name` and `message` (comlink's throw handler; `details` are lost): make it a `CircomCompileError` again, with
 * `details` re-read from the message. Anything else is returned unchanged.
 */
export function reviveCircomError(e: unknown): unknown {
  if (e instanceof CircomCompileError || !(e instanceof Error) || e.name !== 'CircomCompileError') return e;
  return new CircomCompileError(e.message, { cause: e });
}

/** Strip ANSI colour escapes. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

/** The first `┌─ "file":line:col` (codespan style) in circom's output. */
function firstLocation(output: string): { file?: string; line?: number; column?: number } {
  const m = /┌─\s*"?([^"\n:]+)"?:(\d+):(\d+)/.exec(output);
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : {};
}

// ── circom2 loading ─────────────────────────────────────────────────────────────────────────

interface Circom2Wasi {
  getImports(mod: WebAssembly.Module): WebAssembly.Imports;
  start(instance: WebAssembly.Instance): void;
}
interface Circom2 {
  CircomRunner: new (o: {
    args: string[]; env: Record<string, string>; preopens: Record<string, string>; bindings: Record<string, unknown>;
  }) => { wasi: Circom2Wasi };
  bindings: Record<string, unknown>;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Exactly the Buffer surface circom2's WASI uses (see the file comment). */
class ShimBuffer extends Uint8Array {
  write(s: string, offset = 0, length?: number): number {
    const bytes = textEncoder.encode(s);
    const n = Math.max(0, Math.min(bytes.length, length ?? Infinity, this.length - offset));
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  override toString(): string {
    return textDecoder.decode(this);
  }
}
const BufferShim = {
  from(src: ArrayBufferLike | ArrayLike<number> | string, byteOffset?: number, length?: number): ShimBuffer {
    if (typeof src === 'string') return new ShimBuffer(textEncoder.encode(src));
    if (src instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && src instanceof SharedArrayBuffer)) {
      const off = byteOffset ?? 0;
      return new ShimBuffer(src as ArrayBuffer, off, length ?? src.byteLength - off);
    }
    return new ShimBuffer(Array.from(src as ArrayLike<number>));
  },
  byteLength(s: string): number {
    return textEncoder.encode(s).length;
  },
  isBuffer(x: unknown): boolean {
    return x instanceof ShimBuffer;
  },
};

let circom2: Promise<Circom2> | undefined;

function loadCircom2(): Promise<Circom2> {
  circom2 ??= (async () => {
    const g = globalThis as { Buffer?: unknown };
    const shim = g.Buffer === undefined;
    if (shim) g.Buffer = BufferShim;
    try {
      // @ts-ignore -- circom2 ships no type declarations; the shape is `Circom2` above.
      const m = (await import('circom2')) as { default?: Circom2 } & Partial<Circom2>;
      return (m.CircomRunner ? m : m.default) as Circom2;
    } finally {
      if (shim && g.Buffer === BufferShim) delete g.Buffer;
    }
  })();
  circom2.catch(() => { circom2 = undefined; });
  return circom2;
}

const compiledModules = new WeakMap<object, Promise<WebAssembly.Module>>();

function wasmModule(w: Uint8Array | ArrayBuffer | WebAssembly.Module): Promise<WebAssembly.Module> {
  if (w instanceof WebAssembly.Module) return Promise.resolve(w);
  let p = compiledModules.get(w);
  if (!p) {
    p = WebAssembly.compile(w instanceof Uint8Array ? (w as Uint8Array<ArrayBuffer>) : w);
    compiledModules.set(w, p);
    p.catch(() => compiledModules.delete(w));
  }
  return p;
}

// ── compile ─────────────────────────────────────────────────────────────────────────────────

const OUT = '.circom-out';
const MAIN = 'main';

class Exit {
  constructor(readonly code: number) {}
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Compile a circuit entirely in memory. Calls are serialised (circom2's WASI shim is not
 * re-entrant and each run needs its own large WASM memory anyway).
 * Throws `CircomCompileError` when circom refuses the circuit.
 */
export function compileCircom(opts: CompileCircomOptions): Promise<CompileCircomResult> {
  const run = queue.then(() => compileNow(opts), () => compileNow(opts));
  queue = run.catch(() => undefined);
  return run;
}

async function compileNow(opts: CompileCircomOptions): Promise<CompileCircomResult> {
  const { r1cs = true, wasm = true, sym = true, wat = false } = opts.flags ?? {};
  const optimization = opts.optimization ?? 'O2';
  if (!['O0', 'O1', 'O2'].includes(optimization)) throw new ZkmlError(`unknown circom optimisation level ${String(optimization)}`);

  // Output, split into lines for onMessage as it arrives.
  let messages = '';
  let pending = '';
  const decoder = new TextDecoder();
  const flushLines = (final: boolean) => {
    const lines = pending.split('\n');
    pending = final ? '' : lines.pop()!;
    if (final && lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) opts.onMessage?.(stripAnsi(l.replace(/\r$/, '')));
  };
  // The witness-calculator text (100 MB+ for a large circuit) is collected as circom writes it,
  // in 4 MiB blocks: no doubling file buffer, no copy when it is read out. (Not with `--wasm`, for
  // which circom reads the text back.)
  const watBlocks: Uint8Array[] = [];
  let block = new Uint8Array(0);
  let used = 0;
  const collectWat = (bytes: Uint8Array) => {
    for (let off = 0; off < bytes.length;) {
      if (used === block.length) { if (used > 0) watBlocks.push(block); block = new Uint8Array(4 << 20); used = 0; }
      const n = Math.min(bytes.length - off, block.length - used);
      block.set(bytes.subarray(off, off + n), used);
      used += n; off += n;
    }
  };
  const fs = new MemFs({
    ...(wat && !wasm ? { sinks: { [`/${OUT}/${MAIN}_js/${MAIN}.wat`]: collectWat } } : {}),
    onOutput: (_fd, bytes) => {
      const s = decoder.decode(bytes, { stream: true });
      messages += s;
      pending += s;
      flushLines(false);
    },
  });

  for (const [key, content] of Object.entries(opts.files ?? {})) {
    const p = normalizePath(key);
    if (p === `/${MAIN}.circom` || p === `/${OUT}` || p.startsWith(`/${OUT}/`) || key.split('/').includes('..')) {
      throw new ZkmlError(`compileCircom: library file name ${JSON.stringify(key)} is reserved or escapes the library`);
    }
    fs.writeFile(p, content);
  }
  fs.writeFile(`/${MAIN}.circom`, opts.main);
  fs.mkdirSync(`/${OUT}`);

  const args = [
    `${MAIN}.circom`,
    ...(r1cs ? ['--r1cs'] : []), ...(wasm ? ['--wasm'] : []), ...(sym ? ['--sym'] : []),
    ...(wat ? ['--wat'] : []),
    `--${optimization}`, '-l', '.', '-o', OUT,
  ];

  const [{ CircomRunner, bindings }, mod] = await Promise.all([loadCircom2(), wasmModule(opts.wasmBytes)]);
  const runner = new CircomRunner({
    args,
    env: {},
    preopens: { '.': '/' },
    bindings: {
      ...bindings,
      fs,
      exit(code: number) { throw new Exit(code); },
      kill(signal: unknown) { throw new Exit(128 + (typeof signal === 'number' ? signal : 9)); },
      isTTY: () => false,
    },
  });

  let exitCode = 0;
  let crash: unknown;
  try {
    const instance = await WebAssembly.instantiate(mod, runner.wasi.getImports(mod));
    runner.wasi.start(instance);
  } catch (e) {
    if (e instanceof Exit) exitCode = e.code;
    else crash = e;
  }
  const tail = decoder.decode();
  messages += tail;
  pending += tail;
  flushLines(true);
  const plainOut = stripAnsi(messages);

  if (crash !== undefined) {
    throw new CircomCompileError(`${plainOut}${plainOut && !plainOut.endsWith('\n') ? '\n' : ''}circom crashed: ${String(crash)}`, { cause: crash });
  }
  const out = {
    r1cs: r1cs ? fs.readFile(`/${OUT}/${MAIN}.r1cs`) : new Uint8Array(0),
    wasm: wasm ? fs.readFile(`/${OUT}/${MAIN}_js/${MAIN}.wasm`) : new Uint8Array(0),
    sym: sym ? fs.readFile(`/${OUT}/${MAIN}.sym`) : new Uint8Array(0),
  };
  if (used > 0) watBlocks.push(block.subarray(0, used));
  if (wat && wasm && exitCode === 0 && crash === undefined) {
    const text = fs.readFile(`/${OUT}/${MAIN}_js/${MAIN}.wat`);
    if (text) watBlocks.push(text);
  }
  if (exitCode !== 0 || !out.r1cs || !out.wasm || !out.sym || (wat && watBlocks.length === 0)) {
    throw new CircomCompileError(plainOut, { exitCode });
  }
  return { r1cs: out.r1cs, wasm: out.wasm, sym: textDecoder.decode(out.sym), ...(wat ? { wat: watBlocks } : {}), messages: plainOut };
}

// ── library include closure ────────────────────────────────────────────────────────────────

/** The paths a circom source `include`s, in order (commented-out includes are ignored). */
export function includesOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  return [...code.matchAll(/\binclude\s+"([^"]+)"\s*;/g)].map((m) => m[1]);
}

/**
 * The library files `main` needs, transitively: each include is resolved the way circom does
 * with `-l <library root>`, relative to the including file's folder first, then from the root.
 * `load(key)` returns a library file's source, or undefined if there is none. An include found
 * nowhere is left for circom to report.
 */
export async function collectIncludes(
  main: string, load: (key: string) => string | undefined | Promise<string | undefined>,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const missing = new Set<string>();
  const get = async (key: string): Promise<string | undefined> => {
    if (key in files) return files[key];
    if (missing.has(key)) return undefined;
    const src = await load(key);
    if (src === undefined) missing.add(key);
    else files[key] = src;
    return src;
  };
  const visit = async (source: string, dir: string): Promise<void> => {
    for (const inc of includesOf(source)) {
      const candidates = inc.startsWith('/') ? [] : [...(dir ? [normalizePath(`${dir}/${inc}`).slice(1)] : []), normalizePath(inc).slice(1)];
      for (const key of candidates) {
        const seen = key in files;
        const src = await get(key);
        if (src === undefined) continue;
        if (!seen) await visit(src, key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '');
        break;
      }
    }
  };
  await visit(main, '');
  return files;
}
