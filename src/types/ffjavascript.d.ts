/**
 * Minimal ambient types for ffjavascript 0.3.x (iden3's finite-field and pairing library, the
 * engine under snarkjs). Only what ZKML uses or is likely to use is declared; field elements
 * and curve points are opaque little-endian Montgomery byte buffers (`Uint8Array`), scalars are
 * native `bigint`s (ffjavascript's `Scalar` is a thin wrapper over BigInt).
 */
declare module 'ffjavascript' {
  export type BigNumberish = bigint | number | string;

  /** A field element or curve point in ffjavascript's internal (Montgomery, LE) representation. */
  export type FieldElement = Uint8Array;

  export interface ScalarApi {
    e(s: BigNumberish, radix?: number): bigint;
    fromString(s: string, radix?: number): bigint;
    fromArray(a: ArrayLike<number>, radix: number): bigint;
    toString(a: bigint, radix?: number): string;
    toNumber(a: bigint): number;
    bitLength(a: BigNumberish): number;
    isZero(a: BigNumberish): boolean;
    isNegative(a: BigNumberish): boolean;
    add(a: BigNumberish, b: BigNumberish): bigint;
    sub(a: BigNumberish, b: BigNumberish): bigint;
    mul(a: BigNumberish, b: BigNumberish): bigint;
    div(a: BigNumberish, b: BigNumberish): bigint;
    mod(a: BigNumberish, b: BigNumberish): bigint;
    neg(a: BigNumberish): bigint;
    pow(a: BigNumberish, b: BigNumberish): bigint;
    shl(a: BigNumberish, n: number): bigint;
    shr(a: BigNumberish, n: number): bigint;
    eq(a: BigNumberish, b: BigNumberish): boolean;
    neq(a: BigNumberish, b: BigNumberish): boolean;
    lt(a: BigNumberish, b: BigNumberish): boolean;
    leq(a: BigNumberish, b: BigNumberish): boolean;
    gt(a: BigNumberish, b: BigNumberish): boolean;
    geq(a: BigNumberish, b: BigNumberish): boolean;
    toRprLE(buff: Uint8Array, offset: number, e: BigNumberish, n8: number): void;
    toRprBE(buff: Uint8Array, offset: number, e: BigNumberish, n8: number): void;
    fromRprLE(buff: Uint8Array, offset?: number, n8?: number): bigint;
    fromRprBE(buff: Uint8Array, offset?: number, n8?: number): bigint;
    readonly zero: bigint;
    readonly one: bigint;
  }
  export const Scalar: ScalarApi;

  /** JSON-ish object whose decimal strings are turned into bigints (recursively), and back. */
  export interface UtilsApi {
    stringifyBigInts<T = unknown>(o: unknown): T;
    unstringifyBigInts<T = unknown>(o: unknown): T;
    leBuff2int(buff: Uint8Array): bigint;
    leInt2Buff(n: bigint, len?: number): Uint8Array;
    beBuff2int(buff: Uint8Array): bigint;
    beInt2Buff(n: bigint, len?: number): Uint8Array;
    log2(v: number): number;
  }
  export const utils: UtilsApi;

  /** A prime field implemented in WebAssembly (`curve.Fr`, `curve.F1`). */
  export interface WasmField {
    readonly n8: number;
    readonly n64: number;
    readonly p: bigint;
    readonly zero: FieldElement;
    readonly one: FieldElement;
    e(a: BigNumberish | FieldElement, radix?: number): FieldElement;
    add(a: FieldElement, b: FieldElement): FieldElement;
    sub(a: FieldElement, b: FieldElement): FieldElement;
    neg(a: FieldElement): FieldElement;
    mul(a: FieldElement, b: FieldElement): FieldElement;
    square(a: FieldElement): FieldElement;
    inv(a: FieldElement): FieldElement;
    div(a: FieldElement, b: FieldElement): FieldElement;
    exp(a: FieldElement, e: BigNumberish | FieldElement): FieldElement;
    eq(a: FieldElement, b: FieldElement): boolean;
    isZero(a: FieldElement): boolean;
    toObject(a: FieldElement): bigint;
    fromObject(a: BigNumberish): FieldElement;
    toString(a: FieldElement, radix?: number): string;
    toRprLE(buff: Uint8Array, offset: number, a: FieldElement): void;
    fromRprLE(buff: Uint8Array, offset?: number): FieldElement;
    fromRng(rng: ChaCha): FieldElement;
    random(): FieldElement;
    /** Element-wise buff[i]·first·inc^i (Fr: `frm_batchApplyKey`, run in the worker threads). */
    batchApplyKey(buff: Uint8Array, first: FieldElement, inc: FieldElement): Promise<Uint8Array>;
    fft(buff: Uint8Array): Promise<Uint8Array>;
    ifft(buff: Uint8Array): Promise<Uint8Array>;
    batchToMontgomery(buff: Uint8Array): Promise<Uint8Array>;
    batchFromMontgomery(buff: Uint8Array): Promise<Uint8Array>;
  }

  /** An elliptic-curve group (`curve.G1`, `curve.G2`): points as affine (2·n8) or Jacobian (3·n8) buffers. */
  export interface WasmCurve {
    readonly F: { readonly n8: number };
    readonly g: FieldElement;
    readonly zero: FieldElement;
    readonly zeroAffine: FieldElement;
    add(a: FieldElement, b: FieldElement): FieldElement;
    sub(a: FieldElement, b: FieldElement): FieldElement;
    neg(a: FieldElement): FieldElement;
    double(a: FieldElement): FieldElement;
    isZero(a: FieldElement): boolean;
    /** On the curve (the equation only: no subgroup check, which matters for G2). */
    isValid(a: FieldElement): boolean;
    eq(a: FieldElement, b: FieldElement): boolean;
    timesScalar(a: FieldElement, s: BigNumberish | Uint8Array): FieldElement;
    timesFr(a: FieldElement, s: FieldElement): FieldElement;
    toAffine(a: FieldElement): FieldElement;
    /** Coordinates as bigints: G1 → [x, y, z], G2 → [[x0, x1], [y0, y1], [z0, z1]]. */
    toObject(a: FieldElement): unknown[];
    fromObject(a: unknown[]): FieldElement;
    toString(a: FieldElement, radix?: number): string;
    fromRng(rng: ChaCha): FieldElement;
    toJacobian(a: FieldElement): FieldElement;
    toUncompressed(a: FieldElement): Uint8Array;
    toRprUncompressed(buff: Uint8Array, offset: number, a: FieldElement): void;
    fromRprUncompressed(buff: Uint8Array, offset: number): FieldElement;
    toRprCompressed(buff: Uint8Array, offset: number, a: FieldElement): void;
    fromRprCompressed(buff: Uint8Array, offset: number): FieldElement;
    toRprLEM(buff: Uint8Array, offset: number, a: FieldElement): void;
    fromRprLEM(buff: Uint8Array, offset: number): FieldElement;
    /** Little-endian Montgomery affine points → compressed / uncompressed big-endian (batched in workers). */
    batchLEMtoC(buff: Uint8Array): Promise<Uint8Array>;
    batchLEMtoU(buff: Uint8Array): Promise<Uint8Array>;
    batchApplyKey(buff: Uint8Array, first: FieldElement, inc: FieldElement, inType?: string, outType?: string): Promise<Uint8Array>;
    multiExpAffine(bases: Uint8Array, scalars: Uint8Array, logger?: unknown, logText?: string): Promise<FieldElement>;
    fft(buff: Uint8Array, inType?: string, outType?: string): Promise<Uint8Array>;
    ifft(buff: Uint8Array, inType?: string, outType?: string): Promise<Uint8Array>;
    lagrangeEvaluations(buff: Uint8Array, inType?: string, outType?: string): Promise<Uint8Array>;
  }

  /** ffjavascript's worker pool (worker_threads in Node, Web Workers in browsers). */
  export interface ThreadManager {
    readonly concurrency: number;
    readonly singleThread: boolean;
    /** Run a task (a list of CALL/ALLOC/SET/GET commands) on one worker; resolves to its GET results. */
    queueAction(task: Record<string, unknown>[]): Promise<Uint8Array[]>;
    terminate(): Promise<void>;
  }

  /** ChaCha20-based deterministic RNG (seeded with 8 u32 words), as snarkjs uses for keys. */
  export class ChaCha {
    constructor(seed?: number[]);
    nextU32(): number;
    nextU64(): bigint;
    nextBool(): boolean;
  }

  export interface Curve {
    readonly name: string;
    /** Base-field modulus. */
    readonly q: bigint;
    /** Scalar-field (group order) modulus. */
    readonly r: bigint;
    readonly Fr: WasmField;
    readonly F1: WasmField;
    readonly F2: { readonly n8: number };
    readonly G1: WasmCurve;
    readonly G2: WasmCurve;
    readonly tm: ThreadManager;
    pairingEq(...points: FieldElement[]): Promise<boolean>;
    /** Stop the worker threads (the multi-threaded curve is cached in `globalThis.curve_bn128`). */
    terminate(): Promise<void>;
  }

  /** The BN254 curve; the multi-threaded instance is built once and cached on `globalThis.curve_bn128`. */
  export function buildBn128(singleThread?: boolean, plugins?: unknown): Promise<Curve>;
  export function buildBls12381(singleThread?: boolean, plugins?: unknown): Promise<Curve>;
  export function getCurveFromR(r: bigint, options?: { singleThread?: boolean }): Promise<Curve>;
  export function getCurveFromQ(q: bigint, options?: { singleThread?: boolean }): Promise<Curve>;
  export function getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;

  /** Arithmetic over Z/pZ with bigints (pure JS). */
  export class F1Field {
    constructor(p: BigNumberish);
    readonly p: bigint;
    readonly zero: bigint;
    readonly one: bigint;
    e(a: BigNumberish, radix?: number): bigint;
    add(a: bigint, b: bigint): bigint;
    sub(a: bigint, b: bigint): bigint;
    neg(a: bigint): bigint;
    mul(a: bigint, b: bigint): bigint;
    square(a: bigint): bigint;
    inv(a: bigint): bigint;
    div(a: bigint, b: bigint): bigint;
    exp(a: bigint, e: BigNumberish): bigint;
    eq(a: bigint, b: bigint): boolean;
    isZero(a: bigint): boolean;
    toString(a: bigint, radix?: number): string;
  }
  export { F1Field as ZqField };

  /** A byte buffer that may exceed the engine's single-allocation limit (pages of Uint8Array). */
  export class BigBuffer {
    constructor(size: number);
    readonly byteLength: number;
    slice(from?: number, to?: number): Uint8Array | BigBuffer;
    set(buff: Uint8Array | BigBuffer, offset?: number): void;
  }
}

// snarkjs/ffjavascript cache the multi-threaded BN254 engine here; terminating it lets Node exit.
declare var curve_bn128: import('ffjavascript').Curve | null | undefined;
