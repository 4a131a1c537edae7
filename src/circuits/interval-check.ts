import { defineTemplate } from './signature.js';
import { TemplateParamError } from '../core/errors.js';

/** K = bitlen(W): the smallest K with W < 2^K (0 for W = 0). */
export function intervalBits(width: bigint): number {
  let k = 0;
  while ((1n << BigInt(k)) <= width) k++;
  return k;
}

/** Exact --O2 constraints of IntervalCheck(LO, HI), by the width W = HI − LO. */
export function intervalCheckConstraints(lo: bigint, hi: bigint): number {
  const w = hi - lo;
  const k = intervalBits(w);
  if (w === (1n << BigInt(k)) - 1n) return k;
  if (w === 1n << BigInt(k - 1)) return k + 1;
  return 2 * k;
}

function checkInterval(t: string, lo: number | bigint, hi: number | bigint): void {
  for (const [name, v] of [['LO', lo], ['HI', hi]] as const) {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new TemplateParamError(t, name, 'must be an integer', v);
  }
  if (BigInt(lo) >= BigInt(hi)) throw new TemplateParamError(t, 'LO', 'must be below HI (the interval must hold at least two values)', lo);
  if (BigInt(hi) - BigInt(lo) >= 1n << 250n) throw new TemplateParamError(t, 'HI', 'must be within 2^250 of LO', hi);
}

/** Interval check: LO ≤ in ≤ HI. No output. K, K + 1 or 2K constraints (K = bitlen(HI − LO)). */
export const IntervalCheck = defineTemplate<{ LO: number | bigint; HI: number | bigint }>({
  template: 'IntervalCheck',
  file: 'interval-check.circom',
  params: ['LO', 'HI'],
  validate({ LO, HI }) { checkInterval('IntervalCheck', LO, HI); },
  constraints: ({ LO, HI }) => intervalCheckConstraints(BigInt(LO), BigInt(HI)),
  inputs: () => ({ in: [] }),
  outputs: () => ({}),
});

export { checkInterval };
