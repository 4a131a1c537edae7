import { defineTemplate, checkInt } from './signature.js';

/** Bits of the label range check, L = bitlen(C − 1). */
export function labelBits(C: number): number {
  let l = 0;
  while (2 ** l < C) l++;
  return l;
}

/** Constraints of CountCorrect(B, C): per sample IsEqual (2) and label < C (L bits, 2L unless C = 2^L). */
export function countCorrectConstraints(B: number, C: number): number {
  const L = labelBits(C);
  return B * (2 + (2 ** L === C ? L : 2 * L));
}

/** correct = Σ_b [pred[b] == label[b]], each label proven in [0, C) (docs/PROTOCOL.md §6). */
export const CountCorrect = defineTemplate<{ B: number; C: number }>({
  template: 'CountCorrect',
  file: 'count-correct.circom',
  params: ['B', 'C'],
  validate({ B, C }) {
    checkInt('CountCorrect', 'B', B, 1);
    checkInt('CountCorrect', 'C', C, 2, 256);
  },
  constraints: ({ B, C }) => countCorrectConstraints(B, C),
  inputs: ({ B }) => ({ pred: [B], label: [B] }),
  outputs: () => ({ correct: [] }),
});
