/** Integer tensors as flat row-major bigint arrays with a shape, and conversion to nested arrays. */
export interface IntTensor { shape: number[]; data: bigint[] }

export type Nested = bigint | Nested[];

export function nest(t: IntTensor): Nested {
  const rec = (off: number, dim: number): Nested => {
    if (dim === t.shape.length) return t.data[off];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[dim] }, (_, i) => rec(off + i * stride, dim + 1));
  };
  return rec(0, 0);
}

export function flat(x: Nested): bigint[] {
  if (!Array.isArray(x)) return [x];
  const out: bigint[] = [];
  const rec = (y: Nested) => { if (Array.isArray(y)) for (const z of y) rec(z); else out.push(y); };
  rec(x);
  return out;
}

export function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  let y = x;
  while (Array.isArray(y)) { s.push(y.length); y = y[0]; }
  return s;
}

export const tensor = (shape: number[], data: bigint[]): IntTensor => ({ shape, data });
