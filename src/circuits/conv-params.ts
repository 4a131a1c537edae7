/**
 * Parameter checks shared by the convolution signatures (Conv1D, Conv2D, DepthwiseConv2D,
 * PointwiseConv2D, SeparableConv2D). Each mirrors an `assert(COND); // PARAM: …` line of the
 * circom template and throws TemplateParamError naming the parameter.
 */
import { checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

/** Positive sizes (spatial extents, channels, kernel sizes, strides, depth multiplier). */
export function checkPositive(t: string, p: Record<string, number | bigint>, names: readonly string[]): void {
  for (const n of names) checkInt(t, n, p[n], 1);
}

/** A 0/1 flag such as PADDING (0 = valid, 1 = same) or USE_BIAS. */
export function checkFlag(t: string, name: string, v: number | bigint): void {
  checkInt(t, name, v, 0, 1);
}

/** With valid padding the kernel must fit in the input along every axis. */
export function checkKernelFits(t: string, kName: string, k: number, inName: string, inSize: number, padding: number): void {
  if (padding === 0 && k > inSize) {
    throw new TemplateParamError(t, kName, `must not exceed the input size ${inName}=${inSize} with valid padding`, k);
  }
}
