import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';
import { intervalBits, intervalCheckConstraints, checkInterval } from './interval-check.js';
import { P } from '../core/field.js';

/** Digits per limb and limbs for N values in [lo, hi]. */
export function inputCommitLayout(n: number, lo: bigint, hi: bigint): { digitBits: number; perLimb: number; limbs: number } {
  const digitBits = intervalBits(hi - lo);
  const perLimb = Math.floor(253 / digitBits);
  return { digitBits, perLimb, limbs: Math.ceil(n / perLimb) };
}

/** Exact --O2 constraints of InputCommit(N, LO, HI, TAG). */
export function inputCommitConstraints(n: number, lo: bigint, hi: bigint): number {
  return n * intervalCheckConstraints(lo, hi) + poseidonCommitConstraints(inputCommitLayout(n, lo, hi).limbs + 1) - 3;
}

type InputCommitParams = { N: number; LO: number | bigint; HI: number | bigint; TAG: bigint };

/** Domain-separated commitment to N inputs, each interval-checked to [LO, HI], packed as K-bit digits. */
export const InputCommit = defineTemplate<InputCommitParams>({
  template: 'InputCommit',
  file: 'input-commit.circom',
  params: ['N', 'LO', 'HI', 'TAG'],
  validate({ N, LO, HI, TAG }) {
    checkInt('InputCommit', 'N', N, 1);
    checkInterval('InputCommit', LO, HI);
    if (TAG < 0n || TAG >= P) throw new TemplateParamError('InputCommit', 'TAG', 'must be a field element', TAG);
  },
  constraints: ({ N, LO, HI }) => inputCommitConstraints(N, BigInt(LO), BigInt(HI)),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: () => ({ out: [] }),
});
