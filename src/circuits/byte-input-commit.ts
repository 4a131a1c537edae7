import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';
import { poseidonCommitConstraints } from './poseidon-commit.js';
import { byteInputConstraints } from './byte-input.js';
import { P } from '../core/field.js';

/** Bytes per limb of a byte input's commitment (8-bit digits, 31 · 8 = 248 < 253). */
export const BYTES_PER_LIMB = 31;

/** Exact --O2 constraints of ByteInputCommit(N, F, TAG): ByteInput(N, F) + PoseidonCommit(ceil(N / 31) + 1) − 3 (TAG is a constant lane). */
export function byteInputCommitConstraints(n: number, F: number): number {
  return byteInputConstraints(n, F) + poseidonCommitConstraints(Math.ceil(n / BYTES_PER_LIMB) + 1) - 3;
}

type ByteInputCommitParams = { N: number; F: number; TAG: bigint };

/** N bytes as the model's fixed-point input, and the tagged commitment to the bytes (8-bit digits, 31 per limb). */
export const ByteInputCommit = defineTemplate<ByteInputCommitParams>({
  template: 'ByteInputCommit',
  file: 'byte-input-commit.circom',
  params: ['N', 'F', 'TAG'],
  validate({ N, F, TAG }) {
    checkInt('ByteInputCommit', 'N', N, 1);
    checkInt('ByteInputCommit', 'F', F, 0, 64);
    if (TAG < 0n || TAG >= P) throw new TemplateParamError('ByteInputCommit', 'TAG', 'must be a field element', TAG);
  },
  constraints: ({ N, F }) => byteInputCommitConstraints(N, F),
  inputs: ({ N }) => ({ in: [N] }),
  outputs: ({ N }) => ({ out: [N], commitment: [] }),
});
