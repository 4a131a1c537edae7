/**
 * Convolution geometry along one axis, with Keras/TensorFlow's padding arithmetic (dilation 1).
 * Shared by the Conv1D, Conv2D, DepthwiseConv2D and SeparableConv2D references, their template
 * signatures (constraint formulas) and, in circom, mirrored by `src/circuits/conv-padding.circom`.
 *
 *   valid: out = floor((in − k) / stride) + 1, no padding (requires k ≤ in).
 *   same:  out = ceil(in / stride), pad_total = max((out − 1)·stride + k − in, 0),
 *          pad_before = floor(pad_total / 2) (the extra pixel of an odd total goes after).
 */
export type Padding = 'valid' | 'same';

/** Template parameter code: PADDING 0 = valid, 1 = same. */
export const PADDING_CODE: Record<Padding, 0 | 1> = { valid: 0, same: 1 };

export function paddingOf(code: number | bigint): Padding {
  return Number(code) === 1 ? 'same' : 'valid';
}

/** Output length along one axis. */
export function convOutSize(inSize: number, k: number, stride: number, padding: Padding): number {
  if (padding === 'same') return Math.ceil(inSize / stride);
  return Math.floor((inSize - k) / stride) + 1;
}

/** Zero rows/columns added before the input (top or left). */
export function convPadBefore(inSize: number, k: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = convOutSize(inSize, k, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + k - inSize, 0) / 2);
}

/**
 * Input index read by output `o` at kernel tap `t`, or −1 when the tap falls on padding
 * (padded taps multiply zero: the circuits skip them, and so does the reference).
 */
export function convTapIndex(o: number, t: number, inSize: number, k: number, stride: number, padding: Padding): number {
  const i = o * stride + t - convPadBefore(inSize, k, stride, padding);
  return i >= 0 && i < inSize ? i : -1;
}

/** Number of (output, tap) pairs along one axis that read a real input value (not padding). */
export function convRealTaps(inSize: number, k: number, stride: number, padding: Padding): number {
  const out = convOutSize(inSize, k, stride, padding);
  let n = 0;
  for (let o = 0; o < out; o++) for (let t = 0; t < k; t++) if (convTapIndex(o, t, inSize, k, stride, padding) >= 0) n++;
  return n;
}
