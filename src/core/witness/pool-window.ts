/**
 * Pooling-window geometry along one axis, with Keras/TensorFlow's padding arithmetic. Shared by
 * the MaxPooling2D, AveragePooling2D and SumPooling2D references and signatures; mirrored in circom
 * by `src/circuits/pool-window.circom`.
 *
 *   PADDING 0 (valid): out = floor((in − k) / stride) + 1, nothing padded (requires k ≤ in).
 *   PADDING 1 (same) : out = ceil(in / stride), pad_total = max((out − 1)·stride + k − in, 0),
 *                      pad_before = floor(pad_total / 2).
 *
 * Pooling never reads padding: a window is the range of REAL input indices it covers. Max pooling
 * ignores padded positions (as −∞), average pooling divides by the number of real elements, as
 * TensorFlow does. Every window holds at least one real element (pad_total < k and
 * (out − 1)·stride < in), so no output is empty.
 */
import { TemplateParamError } from '../errors.js';

export const VALID = 0;
export const SAME = 1;

/** Pooling options of the 2-D references (the template parameters other than the input shape). */
export interface Pool2DOptions { PH: number; PW: number; STRIDE_H: number; STRIDE_W: number; PADDING: number }

/** A window: the real input indices lo ≤ i < hi. */
export interface PoolWindow { lo: number; hi: number }

export function poolOutSize(n: number, k: number, stride: number, padding: number): number {
  if (padding === SAME) return Math.ceil(n / stride);
  return Math.floor((n - k) / stride) + 1;
}

export function poolPadBefore(n: number, k: number, stride: number, padding: number): number {
  if (padding !== SAME) return 0;
  const out = poolOutSize(n, k, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + k - n, 0) / 2);
}

/** The windows along one axis, clipped to the real input. */
export function poolWindows(n: number, k: number, stride: number, padding: number): PoolWindow[] {
  const before = poolPadBefore(n, k, stride, padding);
  return Array.from({ length: poolOutSize(n, k, stride, padding) }, (_, o) => {
    const start = o * stride - before;
    return { lo: Math.max(start, 0), hi: Math.min(start + k, n) };
  });
}

/** Number of real elements of every 2-D window, [OH][OW]. */
export function poolCounts(H: number, W: number, PH: number, PW: number, SH: number, SW: number, padding: number): number[][] {
  const rows = poolWindows(H, PH, SH, padding);
  const cols = poolWindows(W, PW, SW, padding);
  return rows.map((r) => cols.map((c) => (r.hi - r.lo) * (c.hi - c.lo)));
}

export interface Pool2DGeometry {
  H: number | bigint; W: number | bigint; C: number | bigint; PH: number | bigint; PW: number | bigint;
  STRIDE_H: number | bigint; STRIDE_W: number | bigint; PADDING: number | bigint;
}

function checkIntParam(t: string, name: string, v: number | bigint, min: number, max = Number.MAX_SAFE_INTEGER): void {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TemplateParamError(t, name, max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer in [${min}, ${max}]`, v);
  }
}

/**
 * The parameter checks of the 2-D pooling templates, mirroring their `assert(COND); // PARAM: …`
 * lines: positive sizes and strides, PADDING 0 or 1, and with valid padding a pool that fits.
 */
export function checkPool2D(t: string, p: Pool2DGeometry): void {
  for (const k of ['H', 'W', 'C', 'PH', 'PW', 'STRIDE_H', 'STRIDE_W'] as const) checkIntParam(t, k, p[k], 1);
  checkIntParam(t, 'PADDING', p.PADDING, 0, 1);
  if (Number(p.PADDING) === VALID) {
    if (Number(p.PH) > Number(p.H)) throw new TemplateParamError(t, 'PH', `must not exceed H=${p.H} with valid padding`, p.PH);
    if (Number(p.PW) > Number(p.W)) throw new TemplateParamError(t, 'PW', `must not exceed W=${p.W} with valid padding`, p.PW);
  }
}

/** [OH, OW] of a checked 2-D pooling. */
export function poolOutHW(p: Pool2DGeometry): [number, number] {
  const pad = Number(p.PADDING);
  return [poolOutSize(Number(p.H), Number(p.PH), Number(p.STRIDE_H), pad), poolOutSize(Number(p.W), Number(p.PW), Number(p.STRIDE_W), pad)];
}

/** Shape of a nested [H][W][C] array, checked to be rectangular. */
export function shape3(x: readonly (readonly (readonly bigint[])[])[], what: string): [number, number, number] {
  const H = x.length, W = x[0]?.length ?? 0, C = x[0]?.[0]?.length ?? 0;
  if (H === 0 || W === 0 || C === 0 || x.some((r) => r.length !== W || r.some((c) => c.length !== C))) {
    throw new RangeError(`${what}: input must be a non-empty rectangular [H][W][C] array`);
  }
  return [H, W, C];
}
