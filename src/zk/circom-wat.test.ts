/**
 * The witness-calculator assembler against circom's own `--wasm`: for several circuits, circom is run
 * once with `--wasm --wat`, and `watToWasm` on the text must give exactly circom's bytes (so the
 * witness is the same, bit for bit). Then: the text collected through a MemFs sink in a `--wat`-only
 * run is the same text, and text outside the subset is refused with `WatError`.
 */
import { describe, it, expect } from 'vitest';
import { compileCircom } from './circom.js';
import { libraryFiles, circomWasmBytes } from './circom-node.js';
import { watToWasm, WatError } from './circom-wat.js';
import { MemFs, MemFsError } from './memfs.js';
import { ZkmlError } from '../core/errors.js';

const CIRCUITS: Record<string, string> = {
  rescale: 'pragma circom 2.2.3;\ninclude "rescale.circom";\ncomponent main = Rescale(32, 12);\n',
  argmax: 'pragma circom 2.2.3;\ninclude "arg-max.circom";\ncomponent main = ArgMax(10, 32);\n',
  poseidon: `pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";
template T() {
  signal input a[3];
  signal output o;
  signal output lt;
  component p = Poseidon(3);
  for (var i = 0; i < 3; i++) p.inputs[i] <== a[i];
  o <== p.out;
  component c = LessThan(16);
  c.in[0] <== a[0]; c.in[1] <== a[1];
  lt <== c.out;
}
component main = T();
`,
};

const join = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const text = (s: string) => new TextEncoder().encode(s);

describe('watToWasm (circom witness calculators, text → binary)', () => {
  for (const [name, main] of Object.entries(CIRCUITS)) {
    it(`gives circom's own --wasm bytes for ${name}`, async () => {
      const files = await libraryFiles(main);
      const both = await compileCircom({ main, files, wasmBytes: circomWasmBytes(), flags: { r1cs: true, sym: false, wasm: true, wat: true } });
      expect(both.wasm.length).toBeGreaterThan(1000);
      const ours = watToWasm(join(both.wat!));
      expect(ours.length).toBe(both.wasm.length);
      expect(Buffer.from(ours).equals(Buffer.from(both.wasm))).toBe(true);

      // a --wat-only run (the compile client's second pass) writes the same text, and its r1cs-only
      // first pass the same r1cs
      const watOnly = await compileCircom({ main, files, wasmBytes: circomWasmBytes(), flags: { r1cs: false, sym: false, wasm: false, wat: true } });
      expect(Buffer.from(join(watOnly.wat!)).equals(Buffer.from(join(both.wat!)))).toBe(true);
      const pieces = watOnly.wat!;
      expect(Buffer.from(watToWasm(pieces)).equals(Buffer.from(both.wasm))).toBe(true);
      expect(pieces).toHaveLength(0); // emptied: the pieces are not kept twice
      const r1csOnly = await compileCircom({ main, files, wasmBytes: circomWasmBytes(), flags: { r1cs: true, sym: false, wasm: false } });
      expect(Buffer.from(r1csOnly.r1cs).equals(Buffer.from(both.r1cs))).toBe(true);
    }, 600_000);
  }

  it('refuses what is outside circom\'s subset, with WatError', () => {
    const mod = (body: string) => text(`(module (type $t (func (param i32) (result i32))) (func $f (type $t) (param $x i32) (result i32) ${body}))`);
    expect(watToWasm(mod('get_local $x i32.const 1 i32.add')).length).toBeGreaterThan(8);
    for (const bad of ['f32.sqrt', 'get_local $y', '(i32.add (get_local $x) (i32.const 1))', 'block $l end get_local $x', 'call $nowhere']) {
      let err: unknown;
      try { watToWasm(mod(bad)); } catch (e) { err = e; }
      expect(err, bad).toBeInstanceOf(WatError);
      expect(err).toBeInstanceOf(ZkmlError);
    }
    expect(() => watToWasm(text('(module (global $g i32 (i32.const 0)))'))).toThrow(WatError);
    expect(() => watToWasm(text('(module (data (i32.const 0) "abc'))).toThrow(WatError);
  });

  it('encodes small hand-written modules as the spec says', () => {
    const bytes = watToWasm(text(`(module
      (type $t (func (param i32) (result i64)))
      (memory 1)
      (export "f" (func $f))
      (func $f (type $t) (param $x i32) (result i64) (local $a i64) (local $b i64) (local $c i32)
        i64.const -1 i64.const 4294967295 i64.add
        i32.const 2147483648 drop
        get_local $x i64.load32_u offset=8 align=4 i64.add)
      (data (i32.const 16) "\\01\\ff\\n"))`));
    const wasm = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(wasm)).toEqual([{ name: 'f', kind: 'function' }]);
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('02027e017f'); // locals run-length encoded: 2 runs, [2 × i64], [1 × i32]
    expect(hex).toContain('427f42ffffffff0f7c'); // i64.const -1, i64.const 4294967295, i64.add
    expect(hex).toContain('41808080807808'.slice(0, 12)); // i32.const 2147483648 wraps to -2^31
    expect(hex).toContain('3502087c'); // i64.load32_u align=2^2 offset=8, i64.add
  });
});

describe('MemFs sinks', () => {
  it('passes writes through, keeps only the size, refuses reads and out-of-order writes', () => {
    const got: number[] = [];
    const fs = new MemFs({ sinks: { '/out/big.txt': (b) => got.push(...b) } });
    fs.mkdirSync('/out');
    const fd = fs.openSync('/out/big.txt', 'w');
    fs.writeSync(fd, new Uint8Array([1, 2, 3]));
    fs.writeSync(fd, new Uint8Array([4]));
    expect(got).toEqual([1, 2, 3, 4]);
    expect(fs.fstatSync(fd).size).toBe(4);
    expect(() => fs.writeSync(fd, new Uint8Array([9]), 0, 1, 0)).toThrow(MemFsError);
    expect(() => fs.readFile('/out/big.txt')).toThrow(MemFsError);
    fs.closeSync(fd);
  });
});
