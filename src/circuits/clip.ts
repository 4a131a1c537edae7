import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';
import { clipWidths } from '../core/witness/clip.js';

type P = { B: number; LO: number | bigint; HI: number | bigint };

function int(name: string, v: number | bigint): bigint {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new TemplateParamError('Clip', name, 'must be an integer', v);
  return BigInt(v);
}

/**
 * min(max(in, LO), HI) for constants LO < HI, |LO|, |HI| < 2^249 (usually inside the signed B-bit
 * range); output in [LO, HI]. Two sign tests (Num2Bits of width `clipWidth`: B+1 for a threshold
 * in the B-bit range, B when it is 0) and one product: 2B + 3 constraints, 2B + 2 when LO = 0
 * (ReLU6) or HI = −1; bounds outside the B-bit range make a test wider.
 */
export const Clip = defineTemplate<P>({
  template: 'Clip',
  file: 'clip.circom',
  params: ['B', 'LO', 'HI'],
  validate({ B, LO, HI }) {
    checkInt('Clip', 'B', B, 2, 249);
    const h = 1n << 249n;
    const lo = int('LO', LO), hi = int('HI', HI);
    if (lo < -h || lo >= h) throw new TemplateParamError('Clip', 'LO', 'must satisfy |LO| < 2^249', LO);
    if (hi <= lo || hi >= h - 1n) throw new TemplateParamError('Clip', 'HI', `must satisfy LO=${lo} < HI < 2^249 - 1`, HI);
  },
  constraints: ({ B, LO, HI }) => {
    const { nLo, nHi } = clipWidths(B, BigInt(LO), BigInt(HI));
    return nLo + nHi + 1;
  },
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});

/** ReLU6 at scale 2^s = Clip(B, 0, 6·2^s): 2B + 2 constraints. */
export function relu6Params(B: number, scaleShift: number): P {
  const p = { B, LO: 0n, HI: 6n << BigInt(scaleShift) };
  Clip.validate(p);
  return p;
}
