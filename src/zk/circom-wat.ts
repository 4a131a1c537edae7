/**
 * WebAssembly text → binary for the witness calculators circom writes (`circom --wat`), so the
 * compile worker need not let circom parse its own 100 MB+ `main.wat` (circom's `--wasm` writes the
 * text, reads it back whole and parses it: for the MNIST CNN that is ~600 MiB of circom's WASM
 * memory that never shrinks, more than everything else the compile does).
 *
 * Not a general WAT assembler: exactly the subset circom 2.x emits — flat (unfolded) instructions of
 * the MVP integer set, `(type)`, `(import … (func $f (type $t)))`, `(memory n)`, `(export)`,
 * `(func $f (type $t) (param $p i32)… (result i32)? (local $l i32)…)`, `(table $t n n funcref)`,
 * `(elem $t (i32.const n) $f…)`, `(data (i32.const n) "…")` — encoded the way circom's own
 * `--wasm` (the Rust `wast` crate) encodes it, name section included, so the bytes are identical
 * (src/zk/circom-wat.test.ts compares them on several circuits). Anything outside the subset throws
 * `WatError` rather than guessing.
 *
 * Works on the UTF-8 bytes (no 100 MB string); the output is built section by section.
 */
import { ZkmlError } from '../core/errors.js';

/** The text is not in the subset of WAT this assembler knows (or is malformed). */
export class WatError extends ZkmlError {
  override name = 'WatError';
}

// ── bytes out ───────────────────────────────────────────────────────────────────────────────

class Bytes {
  buf = new Uint8Array(1024);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  byte(x: number): void { this.room(1); this.buf[this.len++] = x; }
  bytes(x: Uint8Array): void { this.room(x.length); this.buf.set(x, this.len); this.len += x.length; }
  u32(x: number): void {
    this.room(5);
    do {
      let b = x & 0x7f;
      x = Math.floor(x / 128);
      if (x !== 0) b |= 0x80;
      this.buf[this.len++] = b;
    } while (x !== 0);
  }
  s64(x: bigint): void {
    this.room(10);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
      this.buf[this.len++] = done ? b : b | 0x80;
      if (done) return;
    }
  }
  s32(x: number): void {
    this.room(5);
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
      this.buf[this.len++] = done ? b : b | 0x80;
      if (done) return;
    }
  }
  name(s: string): void { const b = enc.encode(s); this.u32(b.length); this.bytes(b); }
  /** `inner` as a length-prefixed vector of bytes */
  sized(inner: Bytes): void { this.u32(inner.len); this.bytes(inner.view()); }
  view(): Uint8Array { return this.buf.subarray(0, this.len); }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

// ── tokens ──────────────────────────────────────────────────────────────────────────────────

const OPEN = 1, CLOSE = 2, ATOM = 3, STRING = 4, EOF = 5;

class Lexer {
  pos = 0;
  kind = EOF;
  start = 0;
  end = 0;
  constructor(readonly src: Uint8Array) {}

  next(): number {
    const s = this.src;
    let p = this.pos;
    for (;;) {
      while (p < s.length && (s[p] === 0x20 || s[p] === 0x0a || s[p] === 0x09 || s[p] === 0x0d)) p++;
      if (s[p] === 0x3b && s[p + 1] === 0x3b) { // ;; to end of line
        while (p < s.length && s[p] !== 0x0a) p++;
        continue;
      }
      if (s[p] === 0x28 && s[p + 1] === 0x3b) { // (; … ;)
        let depth = 1;
        p += 2;
        while (p < s.length && depth > 0) {
          if (s[p] === 0x28 && s[p + 1] === 0x3b) { depth++; p += 2; } else if (s[p] === 0x3b && s[p + 1] === 0x29) { depth--; p += 2; } else p++;
        }
        continue;
      }
      break;
    }
    this.start = p;
    if (p >= s.length) { this.kind = EOF; this.end = this.pos = p; return EOF; }
    const c = s[p];
    if (c === 0x28) { this.kind = OPEN; this.end = this.pos = p + 1; return OPEN; }
    if (c === 0x29) { this.kind = CLOSE; this.end = this.pos = p + 1; return CLOSE; }
    if (c === 0x22) {
      p++;
      while (p < s.length && s[p] !== 0x22) p += s[p] === 0x5c ? 2 : 1;
      if (p >= s.length) throw new WatError('unterminated string in the witness calculator text');
      this.kind = STRING; this.end = p + 1; this.pos = p + 1; return STRING;
    }
    while (p < s.length) {
      const d = s[p];
      if (d === 0x20 || d === 0x0a || d === 0x09 || d === 0x0d || d === 0x28 || d === 0x29 || d === 0x22 || (d === 0x3b && s[p + 1] === 0x3b)) break;
      p++;
    }
    this.kind = ATOM; this.end = this.pos = p; return ATOM;
  }

  text(): string { return latin(this.src, this.start, this.end); }

  /** the current token is an atom equal to `word` (ASCII) */
  is(word: string): boolean {
    if (this.kind !== ATOM || this.end - this.start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (this.src[this.start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  fail(what: string): never {
    let line = 1;
    for (let i = 0; i < this.start; i++) if (this.src[i] === 0x0a) line++;
    throw new WatError(`witness calculator text, line ${line}: ${what} (at ${JSON.stringify(this.text().slice(0, 40))})`);
  }

  expect(kind: number, what: string): void { if (this.next() !== kind) this.fail(`expected ${what}`); }
  atom(what: string): string { this.expect(ATOM, what); return this.text(); }
  word(w: string): void { if (this.next() !== ATOM || !this.is(w)) this.fail(`expected ${w}`); }
  close(): void { this.expect(CLOSE, ')'); }
  /** skip to the `)` matching an already consumed `(` */
  skipRest(): void {
    let depth = 1;
    while (depth > 0) {
      const k = this.next();
      if (k === OPEN) depth++; else if (k === CLOSE) depth--; else if (k === EOF) this.fail('unexpected end');
    }
  }
  /** the atom as a number if it is a plain decimal of at most 9 digits (optionally negative) */
  smallInt(): number | undefined {
    const s = this.src;
    let p = this.start;
    const neg = s[p] === 0x2d;
    if (neg) p++;
    if (this.end - p < 1 || this.end - p > 9) return undefined;
    let v = 0;
    for (; p < this.end; p++) {
      const d = s[p] - 0x30;
      if (d < 0 || d > 9) return undefined;
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  /** the string token's bytes, escapes decoded */
  stringBytes(): Uint8Array {
    const s = this.src;
    const out = new Bytes();
    for (let p = this.start + 1; p < this.end - 1; p++) {
      const c = s[p];
      if (c !== 0x5c) { out.byte(c); continue; }
      const e = s[++p];
      const hex = (x: number) => (x >= 0x30 && x <= 0x39 ? x - 0x30 : x >= 0x61 && x <= 0x66 ? x - 0x57 : x >= 0x41 && x <= 0x46 ? x - 0x37 : -1);
      if (hex(e) >= 0 && hex(s[p + 1]) >= 0) { out.byte(hex(e) * 16 + hex(s[p + 1])); p++; }
      else if (e === 0x6e) out.byte(0x0a);
      else if (e === 0x74) out.byte(0x09);
      else if (e === 0x72) out.byte(0x0d);
      else if (e === 0x22 || e === 0x27 || e === 0x5c) out.byte(e);
      else this.fail('unsupported string escape');
    }
    return out.view();
  }
}

function latin(s: Uint8Array, a: number, b: number): string {
  return b - a < 4096 ? String.fromCharCode(...s.subarray(a, b)) : dec.decode(s.subarray(a, b));
}

// ── instructions ────────────────────────────────────────────────────────────────────────────

const VALTYPE: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** plain opcodes (no immediates) */
const PLAIN: Record<string, number> = {
  unreachable: 0x00, nop: 0x01, else: 0x05, end: 0x0b, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'i64.lt_s': 0x53, 'i64.lt_u': 0x54, 'i64.gt_s': 0x55, 'i64.gt_u': 0x56,
  'i64.le_s': 0x57, 'i64.le_u': 0x58, 'i64.ge_s': 0x59, 'i64.ge_u': 0x5a,
  'i32.clz': 0x67, 'i32.ctz': 0x68, 'i32.popcnt': 0x69, 'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d,
  'i32.div_u': 0x6e, 'i32.rem_s': 0x6f, 'i32.rem_u': 0x70, 'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74,
  'i32.shr_s': 0x75, 'i32.shr_u': 0x76, 'i32.rotl': 0x77, 'i32.rotr': 0x78,
  'i64.clz': 0x79, 'i64.ctz': 0x7a, 'i64.popcnt': 0x7b, 'i64.add': 0x7c, 'i64.sub': 0x7d, 'i64.mul': 0x7e, 'i64.div_s': 0x7f,
  'i64.div_u': 0x80, 'i64.rem_s': 0x81, 'i64.rem_u': 0x82, 'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85, 'i64.shl': 0x86,
  'i64.shr_s': 0x87, 'i64.shr_u': 0x88, 'i64.rotl': 0x89, 'i64.rotr': 0x8a,
  'i32.wrap_i64': 0xa7, 'i32.wrap/i64': 0xa7, 'i32.wrap': 0xa7,
  'i64.extend_i32_s': 0xac, 'i64.extend_s/i32': 0xac, 'i64.extend_s': 0xac,
  'i64.extend_i32_u': 0xad, 'i64.extend_u/i32': 0xad, 'i64.extend_u': 0xad,
};
/** memory instructions: opcode and natural alignment (log2) */
const MEM: Record<string, [number, number]> = {
  'i32.load': [0x28, 2], 'i64.load': [0x29, 3], 'i32.load8_s': [0x2c, 0], 'i32.load8_u': [0x2d, 0], 'i32.load16_s': [0x2e, 1],
  'i32.load16_u': [0x2f, 1], 'i64.load8_s': [0x30, 0], 'i64.load8_u': [0x31, 0], 'i64.load16_s': [0x32, 1], 'i64.load16_u': [0x33, 1],
  'i64.load32_s': [0x34, 2], 'i64.load32_u': [0x35, 2], 'i32.store': [0x36, 2], 'i64.store': [0x37, 3], 'i32.store8': [0x3a, 0],
  'i32.store16': [0x3b, 1], 'i64.store8': [0x3c, 0], 'i64.store16': [0x3d, 1], 'i64.store32': [0x3e, 2],
};
const LOCAL: Record<string, number> = {
  'local.get': 0x20, get_local: 0x20, 'local.set': 0x21, set_local: 0x21, 'local.tee': 0x22, tee_local: 0x22,
};
const BLOCK: Record<string, number> = { block: 0x02, loop: 0x03, if: 0x04 };

function parseInt64(t: string, lx: Lexer): bigint {
  let s = t.replace(/_/g, '');
  let neg = false;
  if (s.startsWith('-')) { neg = true; s = s.slice(1); } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) lx.fail('expected an integer');
  const v = BigInt(s);
  return neg ? -v : v;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) { out.set(p, n); n += p.length; }
  return out;
}

// ── the module ──────────────────────────────────────────────────────────────────────────────

interface FuncType { params: number[]; results: number[] }

/**
 * Assemble circom's witness-calculator text into the bytes circom's `--wasm` would write. Given
 * pieces, it joins them and empties the array (so the caller's pieces are not kept twice).
 */
export function watToWasm(text: Uint8Array | Uint8Array[]): Uint8Array {
  // pieces (as `compileCircom` collects them) are joined, and the array emptied so they can go
  const src = Array.isArray(text) ? concat(text.splice(0)) : text;
  // Pass 1: names → indices (functions, types, tables) — calls may name functions defined later.
  const funcIndex = new Map<string, number>();
  const typeIndex = new Map<string, number>();
  const tableIndex = new Map<string, number>();
  {
    const lx = new Lexer(src);
    lx.expect(OPEN, '(module'); lx.word('module');
    let nFunc = 0, nType = 0, nTable = 0;
    while (lx.next() === OPEN) {
      const field = lx.atom('a module field');
      if (field === 'func' || field === 'type' || field === 'table') {
        const id = lx.next() === ATOM && lx.src[lx.start] === 0x24 ? lx.text() : undefined;
        if (field === 'func') { if (id) funcIndex.set(id, nFunc); nFunc++; }
        if (field === 'type') { if (id) typeIndex.set(id, nType); nType++; }
        if (field === 'table') { if (id) tableIndex.set(id, nTable); nTable++; }
        if (lx.kind !== CLOSE) { if (lx.kind === OPEN) lx.skipRest(); lx.skipRest(); }
      } else if (field === 'import') {
        lx.expect(STRING, 'module name'); lx.expect(STRING, 'field name');
        lx.expect(OPEN, '(func'); lx.word('func');
        if (lx.next() === ATOM) funcIndex.set(lx.text(), nFunc);
        nFunc++;
        if (lx.kind === OPEN) lx.skipRest();
        lx.skipRest(); lx.skipRest();
      } else lx.skipRest();
    }
  }
  // (pass 2 checks that each function's index is the one pass 1 gave it: imports come first)

  const types = new Bytes(); let nTypes = 0;
  const typeList: FuncType[] = [];
  const typeNames: [number, string][] = [];
  const imports = new Bytes(); let nImports = 0;
  const funcDecls = new Bytes(); let nFuncDecls = 0;
  const tables = new Bytes(); let nTables = 0;
  const tableNames: [number, string][] = [];
  const memories = new Bytes(); let nMemories = 0;
  const exports = new Bytes(); let nExports = 0;
  const elems = new Bytes(); let nElems = 0;
  const elemNames: [number, string][] = [];
  const code = new Bytes(); let nCode = 0;
  const data = new Bytes(); let nData = 0;
  const funcNames: [number, string][] = [];
  const localNames: [number, [number, string][]][] = [];
  let funcCount = 0;

  const lx = new Lexer(src);
  lx.expect(OPEN, '(module'); lx.word('module');
  /** an optional `$id`; leaves the token after it read */
  const optId = (): string | undefined => {
    if (lx.next() !== ATOM || lx.src[lx.start] !== 0x24) return undefined;
    const id = lx.text();
    lx.next();
    return id;
  };
  const typeRef = (): number => {
    // at `(` already consumed? no: caller consumed '(' and we read `type $t )`
    lx.word('type');
    const t = lx.atom('a type name');
    const i = t.startsWith('$') ? typeIndex.get(t) : Number(t);
    if (i === undefined || !Number.isInteger(i)) lx.fail(`unknown type ${t}`);
    lx.close();
    return i!;
  };
  const funcRef = (t: string): number => {
    const i = t.startsWith('$') ? funcIndex.get(t) : Number(t);
    if (i === undefined || !Number.isInteger(i)) lx.fail(`unknown function ${t}`);
    return i!;
  };
  const u32 = (t: string): number => {
    const v = parseInt64(t, lx);
    if (v < 0n || v > 0xffffffffn) lx.fail('expected a u32');
    return Number(v);
  };
  const constExpr = (out: Bytes): void => {
    lx.expect(OPEN, '(i32.const'); lx.word('i32.const');
    out.byte(0x41); out.s32(Number(BigInt.asIntN(32, parseInt64(lx.atom('an offset'), lx)))); out.byte(0x0b);
    lx.close();
  };

  while (lx.next() === OPEN) {
    const field = lx.atom('a module field');
    if (field === 'type') {
      const id = optId();
      if (lx.kind !== OPEN) lx.fail('expected (func');
      lx.word('func');
      const ft: FuncType = { params: [], results: [] };
      while (lx.next() === OPEN) {
        const w = lx.atom('param or result');
        const into = w === 'param' ? ft.params : w === 'result' ? ft.results : lx.fail('expected param or result');
        while (lx.next() === ATOM) { const v = VALTYPE[lx.text()]; if (v === undefined) lx.fail('unknown value type'); into.push(v); }
        if (lx.kind !== CLOSE) lx.fail('expected )');
      }
      if (lx.kind !== CLOSE) lx.fail('expected )');
      lx.close();
      types.byte(0x60); types.u32(ft.params.length); for (const v of ft.params) types.byte(v);
      types.u32(ft.results.length); for (const v of ft.results) types.byte(v);
      if (id) typeNames.push([nTypes, id.slice(1)]);
      typeList.push(ft); nTypes++;
    } else if (field === 'import') {
      if (nFuncDecls > 0) lx.fail('an import after a function definition');
      lx.expect(STRING, 'module name'); const mod = lx.stringBytes();
      lx.expect(STRING, 'field name'); const name = lx.stringBytes();
      lx.expect(OPEN, '(func'); lx.word('func');
      const id = optId();
      if (lx.kind !== OPEN) lx.fail('expected (type');
      const t = typeRef();
      lx.close(); lx.close();
      imports.u32(mod.length); imports.bytes(mod); imports.u32(name.length); imports.bytes(name); imports.byte(0x00); imports.u32(t);
      if (id) { if (funcIndex.get(id) !== funcCount) lx.fail('function index mismatch'); funcNames.push([funcCount, id.slice(1)]); }
      funcCount++; nImports++;
    } else if (field === 'memory') {
      if (optId()) lx.fail('named memories are not supported');
      const min = u32(lx.text());
      if (lx.next() === ATOM) { memories.byte(0x01); memories.u32(min); memories.u32(u32(lx.text())); lx.close(); }
      else { if (lx.kind !== CLOSE) lx.fail('expected )'); memories.byte(0x00); memories.u32(min); }
      nMemories++;
    } else if (field === 'export') {
      lx.expect(STRING, 'export name'); const name = lx.stringBytes();
      lx.expect(OPEN, '(func or (memory');
      const kind = lx.atom('export kind');
      const ref = lx.atom('an index');
      exports.u32(name.length); exports.bytes(name);
      if (kind === 'func') { exports.byte(0x00); exports.u32(funcRef(ref)); }
      else if (kind === 'memory') { exports.byte(0x02); exports.u32(u32(ref)); }
      else if (kind === 'table') { exports.byte(0x01); exports.u32(ref.startsWith('$') ? tableIndex.get(ref) ?? lx.fail('unknown table') : u32(ref)); }
      else lx.fail('unsupported export kind');
      lx.close(); lx.close();
      nExports++;
    } else if (field === 'table') {
      const id = optId();
      const min = u32(lx.text());
      const max = lx.next() === ATOM && !lx.is('funcref') && !lx.is('anyfunc') ? u32(lx.text()) : undefined;
      if (max !== undefined) lx.next();
      if (!lx.is('funcref') && !lx.is('anyfunc')) lx.fail('expected funcref');
      lx.close();
      tables.byte(0x70);
      if (max === undefined) { tables.byte(0x00); tables.u32(min); } else { tables.byte(0x01); tables.u32(min); tables.u32(max); }
      if (id) tableNames.push([nTables, id.slice(1)]);
      nTables++;
    } else if (field === 'elem') {
      const id = optId();
      if (lx.kind !== OPEN) lx.fail('expected an offset');
      lx.pos = lx.start; // re-read the `(`
      elems.byte(0x00);
      constExpr(elems);
      const fs: number[] = [];
      while (lx.next() === ATOM) fs.push(funcRef(lx.text()));
      if (lx.kind !== CLOSE) lx.fail('expected )');
      elems.u32(fs.length); for (const f of fs) elems.u32(f);
      if (id) elemNames.push([nElems, id.slice(1)]);
      nElems++;
    } else if (field === 'data') {
      data.byte(0x00);
      constExpr(data);
      const parts: Uint8Array[] = [];
      while (lx.next() === STRING) parts.push(lx.stringBytes());
      if (lx.kind !== CLOSE) lx.fail('expected )');
      let n = 0; for (const p of parts) n += p.length;
      data.u32(n); for (const p of parts) data.bytes(p);
      nData++;
    } else if (field === 'func') {
      const id = optId();
      if (lx.kind !== OPEN) lx.fail('expected (type');
      const t = typeRef();
      funcDecls.u32(t); nFuncDecls++;
      if (id) { if (funcIndex.get(id) !== funcCount) lx.fail('function index mismatch'); funcNames.push([funcCount, id.slice(1)]); }
      const names: [number, string][] = [];
      const localsByName = new Map<string, number>();
      const params: number[] = [];
      const locals: number[] = [];
      // params, result, locals
      let k = lx.next();
      while (k === OPEN) {
        const w = lx.atom('param, result or local');
        if (w !== 'param' && w !== 'result' && w !== 'local') lx.fail('folded instructions are not supported');
        if (w === 'result') { while (lx.next() === ATOM) { /* checked against the type below */ } }
        else {
          const into = w === 'param' ? params : locals;
          if (lx.next() === ATOM && lx.src[lx.start] === 0x24) {
            const name = lx.text();
            const v = VALTYPE[lx.atom('a value type')];
            if (v === undefined) lx.fail('unknown value type');
            const idx = params.length + locals.length;
            localsByName.set(name, idx); names.push([idx, name.slice(1)]);
            into.push(v);
            lx.close();
          } else {
            while (lx.kind === ATOM) { const v = VALTYPE[lx.text()]; if (v === undefined) lx.fail('unknown value type'); into.push(v); lx.next(); }
          }
          if (w === 'param' && locals.length > 0) lx.fail('a param after a local');
        }
        if (lx.kind !== CLOSE) lx.fail('expected )');
        k = lx.next();
      }
      const ft = typeList[t];
      if (ft === undefined || ft.params.length !== params.length || ft.params.some((v, i) => v !== params[i])) lx.fail('params differ from the function type');
      // re-read the current token as the first instruction
      lx.pos = lx.start;
      const body = new Bytes();
      // locals, run-length by type
      const runs: [number, number][] = [];
      for (const v of locals) { const last = runs[runs.length - 1]; if (last && last[1] === v) last[0]++; else runs.push([1, v]); }
      body.u32(runs.length); for (const [n, v] of runs) { body.u32(n); body.byte(v); }
      const local = (t: string): number => {
        const i = t.startsWith('$') ? localsByName.get(t) : u32(t);
        if (i === undefined) lx.fail(`unknown local ${t}`);
        return i!;
      };
      for (;;) {
        const kk = lx.next();
        if (kk === CLOSE) break;
        if (kk !== ATOM) lx.fail('expected an instruction (folded instructions are not supported)');
        const op = lx.text();
        const plain = PLAIN[op];
        if (plain !== undefined) { body.byte(plain); continue; }
        const lo = LOCAL[op];
        if (lo !== undefined) { body.byte(lo); body.u32(local(lx.atom('a local'))); continue; }
        const mem = MEM[op];
        if (mem !== undefined) {
          let offset = 0, align = mem[1];
          for (;;) {
            const save = lx.pos;
            if (lx.next() === ATOM && lx.src[lx.start] === 0x6f /* o */ && lx.text().startsWith('offset=')) { offset = u32(lx.text().slice(7)); continue; }
            if (lx.kind === ATOM && lx.src[lx.start] === 0x61 /* a */ && lx.text().startsWith('align=')) {
              const a = u32(lx.text().slice(6));
              align = Math.log2(a);
              if (!Number.isInteger(align)) lx.fail('alignment not a power of two');
              continue;
            }
            lx.pos = save; break;
          }
          body.byte(mem[0]); body.u32(align); body.u32(offset);
          continue;
        }
        if (op === 'i32.const') {
          lx.expect(ATOM, 'a number');
          const small = lx.smallInt();
          body.byte(0x41); body.s32(small ?? Number(BigInt.asIntN(32, parseInt64(lx.text(), lx))));
          continue;
        }
        if (op === 'i64.const') {
          lx.expect(ATOM, 'a number');
          const small = lx.smallInt();
          body.byte(0x42);
          if (small !== undefined) body.s32(small); // same LEB128 bytes for |x| < 2^31
          else body.s64(BigInt.asIntN(64, parseInt64(lx.text(), lx)));
          continue;
        }
        if (op === 'call') { body.byte(0x10); body.u32(funcRef(lx.atom('a function'))); continue; }
        const bl = BLOCK[op];
        if (bl !== undefined) {
          const save = lx.pos;
          if (lx.next() === ATOM && lx.src[lx.start] === 0x24) lx.fail('block labels are not supported');
          if (lx.kind === OPEN) {
            const w = lx.atom('result');
            if (w !== 'result') lx.fail('expected (result');
            const v = VALTYPE[lx.atom('a value type')];
            if (v === undefined) lx.fail('unknown value type');
            lx.close();
            body.byte(bl); body.byte(v);
          } else { lx.pos = save; body.byte(bl); body.byte(0x40); }
          continue;
        }
        if (op === 'br' || op === 'br_if') { body.byte(op === 'br' ? 0x0c : 0x0d); body.u32(u32(lx.atom('a depth'))); continue; }
        if (op === 'call_indirect') {
          let table = 0;
          if (lx.next() === ATOM) {
            const t = lx.text();
            table = t.startsWith('$') ? tableIndex.get(t) ?? lx.fail('unknown table') : u32(t);
            lx.expect(OPEN, '(type');
          } else if (lx.kind !== OPEN) lx.fail('expected (type');
          const ty = typeRef();
          body.byte(0x11); body.u32(ty); body.u32(table);
          continue;
        }
        if (op === 'memory.size' || op === 'current_memory') { body.byte(0x3f); body.byte(0x00); continue; }
        if (op === 'memory.grow' || op === 'grow_memory') { body.byte(0x40); body.byte(0x00); continue; }
        lx.fail(`unsupported instruction ${op}`);
      }
      body.byte(0x0b);
      code.sized(body); nCode++;
      if (names.length > 0) localNames.push([funcCount, names]);
      funcCount++;
    } else lx.fail(`unsupported module field ${field}`);
  }
  if (lx.kind !== CLOSE || lx.next() !== EOF) lx.fail('expected the end of the module');

  // ── sections ──
  const out = new Bytes();
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const section = (id: number, count: number, body: Bytes) => {
    if (count === 0) return;
    const s = new Bytes(); s.u32(count); s.bytes(body.view());
    out.byte(id); out.sized(s);
  };
  section(1, nTypes, types);
  section(2, nImports, imports);
  section(3, nFuncDecls, funcDecls);
  section(4, nTables, tables);
  section(5, nMemories, memories);
  section(7, nExports, exports);
  section(9, nElems, elems);
  section(10, nCode, code);
  section(11, nData, data);

  const nameMap = (list: [number, string][], into: Bytes) => { into.u32(list.length); for (const [i, n] of list) { into.u32(i); into.name(n); } };
  const names = new Bytes();
  names.name('name');
  const sub = (id: number, fill: (b: Bytes) => void) => { const b = new Bytes(); fill(b); names.byte(id); names.sized(b); };
  if (funcNames.length) sub(1, (b) => nameMap(funcNames, b));
  if (localNames.length) sub(2, (b) => { b.u32(localNames.length); for (const [f, l] of localNames) { b.u32(f); nameMap(l, b); } });
  if (typeNames.length) sub(4, (b) => nameMap(typeNames, b));
  if (tableNames.length) sub(5, (b) => nameMap(tableNames, b));
  if (elemNames.length) sub(8, (b) => nameMap(elemNames, b));
  if (funcNames.length || localNames.length || typeNames.length || tableNames.length || elemNames.length) { out.byte(0x00); out.sized(names); }
  return out.view().slice();
}
