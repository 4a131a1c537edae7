import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-ignore -- circom_runtime ships no type declarations (the harness uses it the same way)
import { WitnessCalculatorBuilder as untypedBuilder } from 'circom_runtime';
import { compileCircom, CircomCompileError, collectIncludes, includesOf, reviveCircomError, stripAnsi, type CompileCircomResult } from './circom.js';
import { libraryFiles, circomWasmBytes, readLibraryFile } from './circom-node.js';
import { MemFs, MemFsError } from './memfs.js';
import { parseR1cs } from './r1cs.js';
import { ZkmlError } from '../core/errors.js';
import { compileTemplate, ROOT, type CompiledCircuit } from '../circuits/test/harness.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESCALE_MAIN = 'pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(32, 12);\n';

const WitnessCalculatorBuilder = untypedBuilder as (wasm: Uint8Array, o: { memorySize: number }) => Promise<{
  calculateWitness(input: Record<string, string>, sanityCheck: boolean): Promise<bigint[]>;
}>;

async function witness(wasm: Uint8Array, input: Record<string, string>): Promise<bigint[]> {
  const wc = await WitnessCalculatorBuilder(wasm, { memorySize: 256 });
  const err = console.error; const log = console.log;
  console.error = () => {}; console.log = () => {};
  try {
    return await wc.calculateWitness(input, true);
  } finally { console.error = err; console.log = log; }
}

async function compileError(main: string, files: Record<string, string>): Promise<CircomCompileError> {
  try {
    await compileCircom({ main, files, wasmBytes: circomWasmBytes() });
  } catch (e) {
    expect(e).toBeInstanceOf(CircomCompileError);
    return e as CircomCompileError;
  }
  throw new Error('compiled but should have been refused');
}

describe('compileCircom (in memory) against the disk harness', () => {
  let disk: CompiledCircuit;
  let mem: CompileCircomResult;
  let files: Record<string, string>;
  const lines: string[] = [];
  const times = { disk: 0, memFirst: 0, memWarm: 0 };

  beforeAll(async () => {
    let t = performance.now();
    disk = await compileTemplate('rescale.circom', 'Rescale', [32, 12]);
    times.disk = performance.now() - t;
    files = await libraryFiles(RESCALE_MAIN);
    const wasmBytes = circomWasmBytes();
    t = performance.now();
    mem = await compileCircom({ main: RESCALE_MAIN, files, wasmBytes, onMessage: (l) => lines.push(l) });
    times.memFirst = performance.now() - t;
    t = performance.now();
    await compileCircom({ main: RESCALE_MAIN, files, wasmBytes });
    times.memWarm = performance.now() - t;
    console.info(`[circom] Rescale(32,12): disk harness ${times.disk.toFixed(0)} ms (cached if compiled before), in memory ${times.memFirst.toFixed(0)} ms first, ${times.memWarm.toFixed(0)} ms warm`);
  });

  it('collects exactly the includes it needs: ours and circomlib', () => {
    expect(Object.keys(files).sort()).toEqual([
      'circomlib/circuits/aliascheck.circom', 'circomlib/circuits/binsum.circom', 'circomlib/circuits/bitify.circom',
      'circomlib/circuits/comparators.circom', 'circomlib/circuits/compconstant.circom', 'rescale.circom',
    ]);
  });

  it('produces the same r1cs, sym and witness-calculator wasm, byte for byte', () => {
    const r1csDisk = new Uint8Array(fs.readFileSync(path.join(disk.dir, 'circuit.r1cs')));
    expect(mem.r1cs).toEqual(r1csDisk);
    expect(mem.sym).toBe(fs.readFileSync(path.join(disk.dir, 'circuit.sym'), 'utf8'));
    expect(mem.wasm).toEqual(new Uint8Array(fs.readFileSync(path.join(disk.dir, 'circuit_js', 'circuit.wasm'))));
    const r = parseR1cs(mem.r1cs);
    expect(r.nConstraints).toBe(32);
    expect(r.nConstraints).toBe(disk.r1cs.nConstraints);
  });

  it('its wasm computes the same witness as the harness', async () => {
    for (const x of ['0', '123456789', '-1', '-4097', String((1n << 31n) - 1n)]) {
      const want = (await disk.witness({ in: BigInt(x) })).values;
      const input = { in: (((BigInt(x) % disk.r1cs.prime) + disk.r1cs.prime) % disk.r1cs.prime).toString() };
      expect(await witness(mem.wasm, input)).toEqual(want);
    }
  });

  it('reports the compiler output, plain, line by line', () => {
    expect(lines).toContain('non-linear constraints: 32');
    expect(lines).toContain('Everything went okay');
    expect(mem.messages).toContain('Everything went okay');
    expect(mem.messages).not.toMatch(/\x1b\[/);
    expect(lines.join('\n')).not.toMatch(/\x1b\[/);
  });

  it('honours flags and the optimisation level', async () => {
    const r = await compileCircom({ main: RESCALE_MAIN, files, wasmBytes: circomWasmBytes(), flags: { wasm: false, sym: false }, optimization: 'O0' });
    expect(r.wasm.length).toBe(0);
    expect(r.sym).toBe('');
    // --O0 keeps the linear constraints --O2 folds away
    expect(parseR1cs(r.r1cs).nConstraints).toBeGreaterThan(32);
  });

  it('serialises concurrent calls (results as if run one after another)', async () => {
    const wasmBytes = circomWasmBytes();
    const mains = [RESCALE_MAIN, RESCALE_MAIN.replace('Rescale(32, 12)', 'Rescale(16, 4)'), RESCALE_MAIN.replace('Rescale(32, 12)', 'Rescale(8, 2)')];
    const results = await Promise.all(mains.map((main) => compileCircom({ main, files, wasmBytes })));
    expect(results.map((r) => parseR1cs(r.r1cs).nConstraints)).toEqual([32, 16, 8]);
    expect(results[0].r1cs).toEqual(mem.r1cs);
  });
});

describe('compileCircom errors', () => {
  let files: Record<string, string>;
  beforeAll(async () => { files = await libraryFiles(RESCALE_MAIN); });

  it('a syntax error is a CircomCompileError naming the file and line', async () => {
    const e = await compileError('pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(32 12);\n', files);
    expect(e).toBeInstanceOf(ZkmlError);
    expect(e.name).toBe('CircomCompileError');
    expect(e.message).toContain('"main.circom":3:');
    expect(e.message).toContain('component main = Rescale(32 12);');
    expect(e.message).not.toMatch(/\x1b\[/);
    expect(e.details).toMatchObject({ file: 'main.circom', line: 3, exitCode: 1 });
    expect(e.details.output).toBe(e.output);
  });

  it('a failing compile-time assert gives the compiler text, located in the library file', async () => {
    const e = await compileError(RESCALE_MAIN.replace('Rescale(32, 12)', 'Rescale(32, 40)'), files);
    expect(e.message).toContain('False assert reached');
    expect(e.message).toContain('assert(S >= 1 && S < B)');
    expect(e.details).toMatchObject({ file: 'rescale.circom', line: 15 });
  });

  it('survives a worker boundary: the comlink-delivered copy revives with its details', async () => {
    const e = await compileError('pragma circom 2.2.3;\ncomponent main = ;\n', files);
    // what comlink's throw handler delivers: a plain Error with name, message and stack
    const cloned = Object.assign(new Error(e.message), { name: e.name, stack: e.stack });
    expect(cloned).not.toBeInstanceOf(CircomCompileError);
    const revived = reviveCircomError(cloned) as CircomCompileError;
    expect(revived).toBeInstanceOf(CircomCompileError);
    expect(revived.message).toBe(e.message);
    expect(revived.details).toMatchObject({ file: 'main.circom', line: 2 });
    expect(reviveCircomError(new TypeError('x'))).toBeInstanceOf(TypeError);
  });

  it('a missing include is refused (nothing is read from disk)', async () => {
    const e = await compileError(RESCALE_MAIN, {});
    expect(e.message).toMatch(/rescale\.circom to be included has not been found/);
  });

  it('a failed compile does not poison the next one', async () => {
    await compileError('component main = ;', files);
    const r = await compileCircom({ main: RESCALE_MAIN, files, wasmBytes: circomWasmBytes() });
    expect(parseR1cs(r.r1cs).nConstraints).toBe(32);
  });

  it('refuses library keys that would escape or collide with its own layout', async () => {
    await expect(compileCircom({ main: RESCALE_MAIN, files: { '../x.circom': '' }, wasmBytes: circomWasmBytes() })).rejects.toThrow(/reserved or escapes/);
    await expect(compileCircom({ main: RESCALE_MAIN, files: { 'main.circom': '' }, wasmBytes: circomWasmBytes() })).rejects.toThrow(/reserved/);
  });
});

describe('without a global Buffer (as in a browser worker)', () => {
  it('compiles the same r1cs in a fresh process whose Buffer was deleted before circom2 loads', async () => {
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-circom-')), 'nobuffer.mts');
    fs.writeFileSync(script, `
      import { compileCircom } from ${JSON.stringify(path.join(HERE, 'circom.ts'))};
      import { libraryFiles, circomWasmBytes } from ${JSON.stringify(path.join(HERE, 'circom-node.ts'))};
      const main = ${JSON.stringify(RESCALE_MAIN)};
      const files = await libraryFiles(main);
      const wasmBytes = new Uint8Array(circomWasmBytes());
      delete globalThis.Buffer;
      const r = await compileCircom({ main, files, wasmBytes });
      console.log(JSON.stringify({ after: typeof globalThis.Buffer, r1cs: Array.from(r.r1cs, (b) => b.toString(16).padStart(2, '0')).join('') }));
    `);
    const p = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
    expect(p.stderr).toBe('');
    const out = JSON.parse(p.stdout.trim().split('\n').pop()!) as { after: string; r1cs: string };
    expect(out.after).toBe('undefined'); // the shim is not left behind
    const r = await compileCircom({ main: RESCALE_MAIN, files: await libraryFiles(RESCALE_MAIN), wasmBytes: circomWasmBytes() });
    expect(out.r1cs).toBe(Buffer.from(r.r1cs).toString('hex'));
  });
});

describe('library helpers', () => {
  it('includesOf ignores commented-out includes', () => {
    expect(includesOf('include "a.circom";\n// include "b.circom";\n/* include "c.circom"; */ include  "d/e.circom" ;')).toEqual(['a.circom', 'd/e.circom']);
  });

  it('collectIncludes resolves relative to the including file first, then from the root', async () => {
    const lib: Record<string, string> = {
      'x/a.circom': 'include "b.circom"; include "../top.circom";',
      'x/b.circom': '',
      'b.circom': 'never reached',
      'top.circom': 'include "b.circom";',
    };
    const got = await collectIncludes('include "x/a.circom"; include "missing.circom";', (k) => lib[k]);
    expect(Object.keys(got).sort()).toEqual(['b.circom', 'top.circom', 'x/a.circom', 'x/b.circom']);
  });

  it('libraryFiles() without a main has every src/circuits/*.circom and what they include', async () => {
    const all = await libraryFiles();
    for (const f of fs.readdirSync(path.join(ROOT, 'src/circuits')).filter((f) => f.endsWith('.circom'))) expect(all[f]).toBeDefined();
    expect(all['circomlib/circuits/bitify.circom']).toContain('template Num2Bits');
    expect(readLibraryFile('../package.json')).toBeUndefined();
  });

  it('stripAnsi', () => {
    expect(stripAnsi('\x1b[31merror\x1b[0m: x')).toBe('error: x');
  });
});

describe('MemFs', () => {
  it('reads, writes at positions and appends like Node', () => {
    const out: string[] = [];
    const m = new MemFs({ onOutput: (fd, b) => out.push(`${fd}:${new TextDecoder().decode(b)}`) });
    m.mkdirSync('/a/b', { recursive: true });
    const fd = m.openSync('/a/b/f', m.constants.O_CREAT | m.constants.O_RDWR);
    expect(m.writeSync(fd, new TextEncoder().encode('hello world'), 0, 11, null)).toBe(11);
    expect(m.writeSync(fd, new TextEncoder().encode('W'), 0, 1, 6)).toBe(1);
    const buf = new Uint8Array(20);
    expect(m.readSync(fd, buf, 0, 20, 0)).toBe(11);
    expect(new TextDecoder().decode(buf.subarray(0, 11))).toBe('hello World');
    expect(m.readSync(fd, buf, 0, 20, null)).toBe(0); // position is at the end after the sequential write
    expect(m.fstatSync(fd).size).toBe(11);
    m.closeSync(fd);
    const ap = m.openSync('/a/b/f', 'a');
    m.writeSync(ap, '!');
    m.closeSync(ap);
    expect(new TextDecoder().decode(m.readFile('/a/b/f'))).toBe('hello World!');
    expect(m.statSync('/a/b').isDirectory()).toBe(true);
    expect(m.statSync('/a/b/f').isFile()).toBe(true);
    expect(m.readdirSync('/a')).toEqual(['b']);
    expect((m.readdirSync('/a/b', { withFileTypes: true }) as { name: string; isFile(): boolean }[]).map((d) => [d.name, d.isFile()])).toEqual([['f', true]]);
    expect(m.realpathSync('/a/./b/../b/f')).toBe('/a/b/f');
    m.writeSync(1, 'out'); m.writeSync(2, new TextEncoder().encode('err'));
    expect(out).toEqual(['1:out', '2:err']);
  });

  it('fails with Node error codes', () => {
    const m = new MemFs();
    const code = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(MemFsError); return (e as MemFsError).code; } return 'no error'; };
    expect(code(() => m.openSync('/nope', m.constants.O_RDONLY))).toBe('ENOENT');
    expect(code(() => m.realpathSync('/nope'))).toBe('ENOENT');
    expect(code(() => m.mkdirSync('/x/y'))).toBe('ENOENT');
    m.mkdirSync('/x');
    expect(code(() => m.mkdirSync('/x'))).toBe('EEXIST');
    expect(code(() => m.openSync('/x', m.constants.O_WRONLY))).toBe('EISDIR');
    m.writeFile('/x/f', 'a');
    expect(code(() => m.openSync('/x/f', m.constants.O_CREAT | m.constants.O_EXCL | m.constants.O_WRONLY))).toBe('EEXIST');
    expect(code(() => m.rmdirSync('/x'))).toBe('ENOTEMPTY');
    expect(code(() => m.readSync(99, new Uint8Array(1), 0, 1, null))).toBe('EBADF');
    const fd = m.openSync('/x/f', m.constants.O_TRUNC | m.constants.O_WRONLY);
    expect(m.fstatSync(fd).size).toBe(0);
    m.unlinkSync('/x/f');
    expect(m.existsSync('/x/f')).toBe(false);
  });
});
