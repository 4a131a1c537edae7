/**
 * The typed description of a circom template in our library: its parameters in order, the
 * shapes of its signals, and its exact constraint count at --O2 as a formula. The transpiler
 * uses the same signatures to emit code and to estimate a circuit's size before compiling it;
 * the tests pin every formula against the compiled R1CS.
 */
import { MAX_RANGE_BITS } from '../core/field.js';
import { TemplateParamError } from '../core/errors.js';

export type Params = Record<string, number | bigint>;
export type Shape = number[];

export interface TemplateSignature<P extends Params = Params> {
  /** circom template name (PascalCase). */
  template: string;
  /** file in src/circuits (kebab-case), includable as `include "<file>"`. */
  file: string;
  /** parameter names in the order the template takes them. */
  params: readonly (keyof P & string)[];
  /** throws TemplateParamError naming the offending parameter. */
  validate(p: P): void;
  /** exact number of R1CS constraints at --O2 (pinned by the tests). */
  constraints(p: P): number;
  inputs(p: P): Record<string, Shape>;
  outputs(p: P): Record<string, Shape>;
}

export function defineTemplate<P extends Params>(sig: TemplateSignature<P>): TemplateSignature<P> {
  return sig;
}

/** Positional argument list for `Template(args)`. */
export function templateArgs<P extends Params>(sig: TemplateSignature<P>, p: P): (number | bigint)[] {
  return sig.params.map((k) => p[k]);
}

// ---- shared validators ----
export function checkInt(t: string, name: string, v: number | bigint, min: number, max = Number.MAX_SAFE_INTEGER): void {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TemplateParamError(t, name, max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer in [${min}, ${max}]`, v);
  }
}

/** Bit widths of signed values: the widest comparison takes B+1 bits, which must stay below the field. */
export function checkBits(t: string, name: string, v: number | bigint, min = 1): void {
  checkInt(t, name, v, min, MAX_RANGE_BITS - 1);
}
