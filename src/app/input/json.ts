/**
 * Pasted JSON → model input, with reasons a person can act on. The parser's own words (positions,
 * tokens) are kept in `details.technical` for the folded part of the error box.
 *
 *   const { nested, count } = parseJsonInput('[[0.1, 0.2], …]', [28, 28, 1]);
 */
import { ZkmlError } from '../../core/errors.js';

/** Pasted input that is not an array of numbers of the model's size. `details.technical` has the parser's message. */
export class InputFormatError extends ZkmlError {
  override name = 'InputFormatError';
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function nest(flat: number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return flat;
  const step = size(shape.slice(1));
  return Array.from({ length: shape[0]! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
}

function flatten(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
  return out;
}

/**
 * The nested input for `shape` from JSON text: an array nested in the input shape, a flat array of
 * its size, or `{"input": …}` (the CLI's input.json). Throws `InputFormatError`.
 */
export function parseJsonInput(text: string, shape: readonly number[]): { nested: unknown; flat: number[] } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InputFormatError('This text is not valid JSON. Check that every bracket is closed and that numbers are separated by commas, with no comma after the last one.', {
      cause: e, details: { technical: e instanceof Error ? e.message : String(e) },
    });
  }
  if (v && typeof v === 'object' && !Array.isArray(v) && 'input' in v) v = (v as { input: unknown }).input;
  if (!Array.isArray(v)) {
    throw new InputFormatError(`The input must be a list of numbers in square brackets, like [0.1, 0.5, …] (${size(shape)} of them, or nested as [${shape.join(' × ')}]).`, {
      details: { technical: `got ${v === null ? 'null' : typeof v}` },
    });
  }
  const items = flatten(v);
  const bad = items.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) {
    throw new InputFormatError(`Every value must be a number; value ${bad + 1} is ${JSON.stringify(items[bad]) ?? String(items[bad])}.`, {
      details: { technical: `flat index ${bad}: ${JSON.stringify(items[bad])}` },
    });
  }
  const flat = items as number[];
  if (flat.length !== size(shape)) {
    throw new InputFormatError(`The model takes ${size(shape)} values (${shape.join(' × ')}); this list has ${flat.length}.`, {
      details: { technical: `expected shape [${shape.join(', ')}], ${flat.length} values` },
    });
  }
  const nested = !Array.isArray(v[0]) ? nest(flat, shape) : v;
  return { nested, flat };
}
