import { defineTemplate } from './signature.js';

/** --O2 constraints of one MontDoubleAdd step (acc ← 2·acc ± P on BabyJubJub's Montgomery form). */
export const MONT_DOUBLE_ADD = 6;

/**
 * acc' = 2·acc + (bit ? p : −p) on BabyJubJub's Montgomery form, by incomplete formulas: the caller
 * must guarantee acc ≠ ±p and 2·acc + q ≠ 0 (Ecdh's key form does) and that `bit` is boolean.
 */
export const MontDoubleAdd = defineTemplate<Record<string, never>>({
  template: 'MontDoubleAdd',
  file: 'mont-double-add.circom',
  params: [],
  validate() {},
  constraints: () => MONT_DOUBLE_ADD,
  inputs: () => ({ acc: [2], p: [2], bit: [] }),
  outputs: () => ({ out: [2] }),
});
