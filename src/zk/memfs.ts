/**
 * A minimal, synchronous, in-memory file system: just the `fs` calls circom2's WASI shim
 * (node_modules/circom2/vendor/wasi.js) makes, with Node's signatures and error codes, over a
 * `Map` of absolute POSIX paths. No Node APIs, so it runs unchanged in a browser worker.
 *
 * What circom 2.2.3 actually calls while compiling (traced): `openSync`, `closeSync`,
 * `readSync`, `writeSync`, `fstatSync`, `statSync`, `realpathSync`, `mkdirSync` (for
 * `<name>_js/`), `unlinkSync` (the temporary `.wat`) and `constants`. The rest of what
 * wasi.js can reach (readdir, rmdir, rename, utimes, …) is implemented too,
 * cheaply, so an unusual code path fails like a real fs instead of with a TypeError.
 *
 * Errors carry Node's string `code` ('ENOENT', 'EEXIST', …): wasi.js maps that to a WASI errno.
 * File descriptors 0, 1 and 2 are stdin (always empty) and stdout/stderr (sent to `onOutput`).
 */

/** Linux values, as Node reports them; wasi.js translates WASI open flags into these. */
export const constants = Object.freeze({
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_DSYNC: 0o10000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_SYNC: 0o4010000,
  S_IFMT: 0o170000,
  S_IFREG: 0o100000,
  S_IFDIR: 0o40000,
  S_IFCHR: 0o20000,
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
});

const ACCMODE = 3;

/** An fs error shaped like Node's: `code` is what wasi.js reads. */
export class MemFsError extends Error {
  override name = 'MemFsError';
  constructor(readonly code: string, readonly syscall: string, readonly path?: string) {
    super(`${code}: ${syscall}${path === undefined ? '' : ` '${path}'`}`);
  }
}

interface FileNode { kind: 'file'; ino: number; data: Uint8Array; size: number; atimeMs: number; mtimeMs: number; ctimeMs: number }
interface DirNode { kind: 'dir'; ino: number; atimeMs: number; mtimeMs: number; ctimeMs: number }
type Node = FileNode | DirNode;

interface OpenFile { path: string; node: Node; flags: number; position: number }

export interface MemStats {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number;
  atimeMs: number; mtimeMs: number; ctimeMs: number; birthtimeMs: number;
  atime: Date; mtime: Date; ctime: Date; birthtime: Date;
  isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isBlockDevice(): boolean;
  isCharacterDevice(): boolean; isFIFO(): boolean; isSocket(): boolean;
}

export interface MemDirent {
  name: string;
  isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isBlockDevice(): boolean;
  isCharacterDevice(): boolean; isFIFO(): boolean; isSocket(): boolean;
}

type Bytes = Uint8Array | ArrayBufferView;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Normalise to an absolute POSIX path without `.`/`..`/double slashes (relative paths are taken from `/`). */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function asBytes(b: Bytes): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function openFlags(flags: number | string | undefined): number {
  if (flags === undefined) return constants.O_RDONLY;
  if (typeof flags === 'number') return flags;
  const C = constants;
  switch (flags) {
    case 'r': case 'rs': case 'sr': return C.O_RDONLY;
    case 'r+': case 'rs+': case 'sr+': return C.O_RDWR;
    case 'w': return C.O_TRUNC | C.O_CREAT | C.O_WRONLY;
    case 'wx': case 'xw': return C.O_TRUNC | C.O_CREAT | C.O_WRONLY | C.O_EXCL;
    case 'w+': return C.O_TRUNC | C.O_CREAT | C.O_RDWR;
    case 'wx+': case 'xw+': return C.O_TRUNC | C.O_CREAT | C.O_RDWR | C.O_EXCL;
    case 'a': return C.O_APPEND | C.O_CREAT | C.O_WRONLY;
    case 'ax': case 'xa': return C.O_APPEND | C.O_CREAT | C.O_WRONLY | C.O_EXCL;
    case 'a+': return C.O_APPEND | C.O_CREAT | C.O_RDWR;
    case 'ax+': case 'xa+': return C.O_APPEND | C.O_CREAT | C.O_RDWR | C.O_EXCL;
    default: throw new MemFsError('EINVAL', 'open');
  }
}

export interface MemFsOptions {
  /** Receives everything written to fd 1 (stdout) and fd 2 (stderr). */
  onOutput?: (fd: 1 | 2, bytes: Uint8Array) => void;
  /**
   * Files (absolute paths) written straight through to a callback instead of kept: each write's bytes
   * (a view valid during the call only) go to `sinks[path]`, the file keeps only its size, and reading
   * it or writing anywhere but at its end fails (ESPIPE). For a large output the caller consumes as
   * it is written (circom's 100 MB+ witness-calculator text), without the doubling buffer and the copy.
   */
  sinks?: Record<string, (bytes: Uint8Array) => void>;
}

export class MemFs {
  readonly constants = constants;
  private readonly nodes = new Map<string, Node>();
  private readonly fds = new Map<number, OpenFile>();
  private nextFd = 3;
  private nextIno = 1;
  private readonly onOutput?: (fd: 1 | 2, bytes: Uint8Array) => void;
  private readonly sinks: Map<string, (bytes: Uint8Array) => void>;

  constructor(opts: MemFsOptions = {}) {
    this.onOutput = opts.onOutput;
    this.sinks = new Map(Object.entries(opts.sinks ?? {}).map(([p, f]) => [normalizePath(p), f]));
    this.nodes.set('/', this.dirNode());
    // Own, bound, enumerable methods, so that `{ ...memfs, writeSync }` style wrappers work.
    for (const k of Object.getOwnPropertyNames(MemFs.prototype)) {
      const v = (this as unknown as Record<string, unknown>)[k];
      if (typeof v === 'function' && k !== 'constructor') {
        Object.defineProperty(this, k, { value: v.bind(this), enumerable: true, writable: true, configurable: true });
      }
    }
  }

  // ── convenience (not part of Node's API shape that wasi.js uses) ─────────────────────────

  /** Create or replace a file, creating its parent directories. */
  writeFile(path: string, content: string | Uint8Array): void {
    const p = normalizePath(path);
    this.mkdirSync(parentOf(p), { recursive: true });
    const data = typeof content === 'string' ? encoder.encode(content) : content.slice();
    const existing = this.nodes.get(p);
    if (existing?.kind === 'dir') throw new MemFsError('EISDIR', 'open', path);
    const now = Date.now();
    this.nodes.set(p, { kind: 'file', ino: existing?.ino ?? this.nextIno++, data, size: data.length, atimeMs: now, mtimeMs: now, ctimeMs: now });
  }

  /** The bytes of a file (a copy), or undefined if there is none. */
  readFile(path: string): Uint8Array | undefined {
    const p = normalizePath(path);
    if (this.sinks.has(p)) throw new MemFsError('ESPIPE', 'read', path);
    const n = this.nodes.get(p);
    return n?.kind === 'file' ? n.data.slice(0, n.size) : undefined;
  }

  /** All regular files, sorted by path. */
  listFiles(): string[] {
    return [...this.nodes].filter(([, n]) => n.kind === 'file').map(([p]) => p).sort();
  }

  // ── the Node-shaped synchronous API ──────────────────────────────────────────────────────

  existsSync(path: string): boolean {
    return this.nodes.has(normalizePath(path));
  }

  openSync(path: string, flags?: number | string, _mode?: number): number {
    const p = normalizePath(path);
    const f = openFlags(flags);
    const C = constants;
    let node = this.nodes.get(p);
    if (node && (f & C.O_CREAT) && (f & C.O_EXCL)) throw new MemFsError('EEXIST', 'open', path);
    if (!node) {
      if (!(f & C.O_CREAT)) throw new MemFsError('ENOENT', 'open', path);
      if (f & C.O_DIRECTORY) throw new MemFsError('ENOENT', 'open', path);
      const parent = this.nodes.get(parentOf(p));
      if (!parent) throw new MemFsError('ENOENT', 'open', path);
      if (parent.kind !== 'dir') throw new MemFsError('ENOTDIR', 'open', path);
      const now = Date.now();
      node = { kind: 'file', ino: this.nextIno++, data: new Uint8Array(0), size: 0, atimeMs: now, mtimeMs: now, ctimeMs: now };
      this.nodes.set(p, node);
      this.touchDir(parent);
    }
    if (node.kind === 'dir') {
      if ((f & ACCMODE) !== C.O_RDONLY) throw new MemFsError('EISDIR', 'open', path);
    } else {
      if (f & C.O_DIRECTORY) throw new MemFsError('ENOTDIR', 'open', path);
      if ((f & C.O_TRUNC) && (f & ACCMODE) !== C.O_RDONLY) { node.size = 0; node.mtimeMs = Date.now(); }
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { path: p, node, flags: f, position: 0 });
    return fd;
  }

  closeSync(fd: number): void {
    if (fd <= 2) return;
    if (!this.fds.delete(fd)) throw new MemFsError('EBADF', 'close');
  }

  /** `readSync(fd, buffer, offset, length, position)`; `position` null/undefined reads at and advances the fd's position. */
  readSync(fd: number, buffer: Bytes, offset = 0, length?: number, position?: number | bigint | null): number {
    if (fd === 0) return 0;
    const of = this.open(fd, 'read');
    if (of.node.kind === 'dir') throw new MemFsError('EISDIR', 'read');
    if ((of.flags & ACCMODE) === constants.O_WRONLY) throw new MemFsError('EBADF', 'read');
    if (this.sinks.has(of.path)) throw new MemFsError('ESPIPE', 'read', of.path);
    const buf = asBytes(buffer);
    const len = length ?? buf.byteLength - offset;
    const usePos = position !== null && position !== undefined && Number(position) >= 0;
    const start = usePos ? Number(position) : of.position;
    const node = of.node;
    const n = Math.max(0, Math.min(len, node.size - start));
    if (n > 0) buf.set(node.data.subarray(start, start + n), offset);
    if (!usePos) of.position = start + n;
    return n;
  }

  /**
   * `writeSync(fd, buffer, offset?, length?, position?)` or `writeSync(fd, string, position?, encoding?)`.
   * `position` null/undefined writes at (and advances) the fd's position, or at the end with O_APPEND.
   */
  writeSync(fd: number, data: Bytes | string, offsetOrPosition?: number | null, length?: number | string, position?: number | null): number {
    let bytes: Uint8Array;
    let pos: number | null | undefined;
    if (typeof data === 'string') {
      bytes = encoder.encode(data);
      pos = offsetOrPosition;
    } else {
      const all = asBytes(data);
      const off = offsetOrPosition ?? 0;
      const len = typeof length === 'number' ? length : all.byteLength - off;
      bytes = all.subarray(off, off + len);
      pos = position;
    }
    if (fd === 1 || fd === 2) {
      this.onOutput?.(fd, bytes.slice());
      return bytes.byteLength;
    }
    if (fd === 0) throw new MemFsError('EBADF', 'write');
    const of = this.open(fd, 'write');
    if (of.node.kind === 'dir') throw new MemFsError('EISDIR', 'write');
    if ((of.flags & ACCMODE) === constants.O_RDONLY) throw new MemFsError('EBADF', 'write');
    const node = of.node;
    const positioned = typeof pos === 'number' && pos >= 0;
    const start = typeof pos === 'number' && pos >= 0 ? pos : (of.flags & constants.O_APPEND) ? node.size : of.position;
    const sink = this.sinks.get(of.path);
    if (sink) {
      if (start !== node.size) throw new MemFsError('ESPIPE', 'write', of.path);
      sink(bytes);
      node.size += bytes.byteLength;
      node.mtimeMs = node.ctimeMs = Date.now();
      if (!positioned) of.position = start + bytes.byteLength;
      return bytes.byteLength;
    }
    this.ensureCapacity(node, start + bytes.byteLength);
    if (start > node.size) node.data.fill(0, node.size, start);
    node.data.set(bytes, start);
    node.size = Math.max(node.size, start + bytes.byteLength);
    node.mtimeMs = node.ctimeMs = Date.now();
    if (!positioned) of.position = start + bytes.byteLength;
    return bytes.byteLength;
  }

  fstatSync(fd: number): MemStats {
    if (fd >= 0 && fd <= 2) return this.stats({ kind: 'dir', ino: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0 }, true);
    return this.stats(this.open(fd, 'fstat').node);
  }

  statSync(path: string): MemStats {
    return this.stats(this.lookup(path, 'stat'));
  }

  lstatSync(path: string): MemStats {
    return this.stats(this.lookup(path, 'lstat'));
  }

  /** No symbolic links here: the normalised path if it exists, ENOENT otherwise. */
  realpathSync(path: string): string {
    const p = normalizePath(path);
    this.lookup(p, 'realpath');
    return p;
  }

  mkdirSync(path: string, opts?: { recursive?: boolean; mode?: number } | number): string | undefined {
    const p = normalizePath(path);
    const recursive = typeof opts === 'object' && !!opts.recursive;
    const existing = this.nodes.get(p);
    if (existing) {
      if (recursive && existing.kind === 'dir') return undefined;
      throw new MemFsError('EEXIST', 'mkdir', path);
    }
    const parentPath = parentOf(p);
    let parent = this.nodes.get(parentPath);
    let first: string | undefined;
    if (!parent) {
      if (!recursive) throw new MemFsError('ENOENT', 'mkdir', path);
      first = this.mkdirSync(parentPath, { recursive: true });
      parent = this.nodes.get(parentPath)!;
    }
    if (parent.kind !== 'dir') throw new MemFsError('ENOTDIR', 'mkdir', path);
    this.nodes.set(p, this.dirNode());
    this.touchDir(parent);
    return recursive ? first ?? p : undefined;
  }

  readdirSync(path: string, opts?: { withFileTypes?: boolean } | string): string[] | MemDirent[] {
    const p = normalizePath(path);
    const dir = this.lookup(p, 'scandir');
    if (dir.kind !== 'dir') throw new MemFsError('ENOTDIR', 'scandir', path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const names: string[] = [];
    for (const k of this.nodes.keys()) {
      if (k !== p && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) names.push(k.slice(prefix.length));
    }
    names.sort();
    if (typeof opts === 'object' && opts.withFileTypes) {
      return names.map((name) => ({ name, ...this.typeChecks(this.nodes.get(prefix + name)!) }));
    }
    return names;
  }

  ftruncateSync(fd: number, len = 0): void {
    const of = this.open(fd, 'ftruncate');
    if (of.node.kind !== 'file') throw new MemFsError('EISDIR', 'ftruncate');
    this.ensureCapacity(of.node, len);
    if (len > of.node.size) of.node.data.fill(0, of.node.size, len);
    of.node.size = len;
    of.node.mtimeMs = Date.now();
  }

  fsyncSync(fd: number): void { if (fd > 2) this.open(fd, 'fsync'); }
  fdatasyncSync(fd: number): void { if (fd > 2) this.open(fd, 'fdatasync'); }

  futimesSync(fd: number, atime: Date | number, mtime: Date | number): void {
    this.setTimes(this.open(fd, 'futime').node, atime, mtime);
  }

  utimesSync(path: string, atime: Date | number, mtime: Date | number): void {
    this.setTimes(this.lookup(path, 'utime'), atime, mtime);
  }

  unlinkSync(path: string): void {
    const p = normalizePath(path);
    const n = this.lookup(p, 'unlink');
    if (n.kind === 'dir') throw new MemFsError('EISDIR', 'unlink', path);
    this.nodes.delete(p);
  }

  rmdirSync(path: string): void {
    const p = normalizePath(path);
    const n = this.lookup(p, 'rmdir');
    if (n.kind !== 'dir') throw new MemFsError('ENOTDIR', 'rmdir', path);
    if (p === '/') throw new MemFsError('EBUSY', 'rmdir', path);
    if ((this.readdirSync(p) as string[]).length) throw new MemFsError('ENOTEMPTY', 'rmdir', path);
    this.nodes.delete(p);
  }

  renameSync(from: string, to: string): void {
    const a = normalizePath(from);
    const b = normalizePath(to);
    const n = this.lookup(a, 'rename');
    if (a === b) return;
    if (b.startsWith(`${a}/`)) throw new MemFsError('EINVAL', 'rename', from);
    const parent = this.nodes.get(parentOf(b));
    if (!parent) throw new MemFsError('ENOENT', 'rename', to);
    if (parent.kind !== 'dir') throw new MemFsError('ENOTDIR', 'rename', to);
    const target = this.nodes.get(b);
    if (target?.kind === 'dir') {
      if (n.kind !== 'dir') throw new MemFsError('EISDIR', 'rename', to);
      if ((this.readdirSync(b) as string[]).length) throw new MemFsError('ENOTEMPTY', 'rename', to);
    } else if (target && n.kind === 'dir') throw new MemFsError('ENOTDIR', 'rename', to);
    const moved: [string, Node][] = [];
    for (const [k, v] of this.nodes) if (k === a || k.startsWith(`${a}/`)) moved.push([k, v]);
    for (const [k] of moved) this.nodes.delete(k);
    for (const [k, v] of moved) this.nodes.set(b + k.slice(a.length), v);
    for (const of of this.fds.values()) if (of.path === a || of.path.startsWith(`${a}/`)) of.path = b + of.path.slice(a.length);
  }

  readlinkSync(path: string): string {
    this.lookup(path, 'readlink');
    throw new MemFsError('EINVAL', 'readlink', path);
  }

  symlinkSync(_target: string, path: string): void { throw new MemFsError('EPERM', 'symlink', path); }
  linkSync(_from: string, to: string): void { throw new MemFsError('EPERM', 'link', to); }

  // ── internals ───────────────────────────────────────────────────────────────────────────

  private open(fd: number, syscall: string): OpenFile {
    const of = this.fds.get(fd);
    if (!of) throw new MemFsError('EBADF', syscall);
    return of;
  }

  private lookup(path: string, syscall: string): Node {
    const n = this.nodes.get(normalizePath(path));
    if (!n) throw new MemFsError('ENOENT', syscall, path);
    return n;
  }

  private dirNode(): DirNode {
    const now = Date.now();
    return { kind: 'dir', ino: this.nextIno++, atimeMs: now, mtimeMs: now, ctimeMs: now };
  }

  private touchDir(d: Node): void { d.mtimeMs = d.ctimeMs = Date.now(); }

  private ensureCapacity(node: FileNode, size: number): void {
    if (size <= node.data.length) return;
    const grown = new Uint8Array(Math.max(size, node.data.length * 2, 4096));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  }

  private setTimes(n: Node, atime: Date | number, mtime: Date | number): void {
    // Node takes numbers as seconds, Dates as they are.
    n.atimeMs = typeof atime === 'number' ? atime * 1000 : atime.getTime();
    n.mtimeMs = typeof mtime === 'number' ? mtime * 1000 : mtime.getTime();
    n.ctimeMs = Date.now();
  }

  private typeChecks(n: Node, chr = false) {
    return {
      isFile: () => !chr && n.kind === 'file',
      isDirectory: () => !chr && n.kind === 'dir',
      isSymbolicLink: () => false,
      isBlockDevice: () => false,
      isCharacterDevice: () => chr,
      isFIFO: () => false,
      isSocket: () => false,
    };
  }

  private stats(n: Node, chr = false): MemStats {
    const size = n.kind === 'file' ? n.size : 0;
    const mode = chr ? constants.S_IFCHR | 0o620 : n.kind === 'file' ? constants.S_IFREG | 0o644 : constants.S_IFDIR | 0o755;
    return {
      dev: 1, ino: n.ino, mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size, blksize: 4096, blocks: Math.ceil(size / 512),
      atimeMs: n.atimeMs, mtimeMs: n.mtimeMs, ctimeMs: n.ctimeMs, birthtimeMs: n.ctimeMs,
      atime: new Date(n.atimeMs), mtime: new Date(n.mtimeMs), ctime: new Date(n.ctimeMs), birthtime: new Date(n.ctimeMs),
      ...this.typeChecks(n, chr),
    };
  }
}

/** Decode a file's bytes as UTF-8. */
export function utf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
