/**
 * CountCorrect off-circuit: the number of predictions equal to their labels; every label must be a
 * class in [0, C) (the circuit's range check refuses any other).
 */
import { RangeError_ } from '../errors.js';

export function countCorrect(pred: readonly (number | bigint)[], labels: readonly (number | bigint)[], classes: number): bigint {
  if (pred.length !== labels.length) throw new RangeError_(`countCorrect: ${pred.length} predictions for ${labels.length} labels`);
  let n = 0n;
  for (let b = 0; b < labels.length; b++) {
    const y = BigInt(labels[b]);
    if (y < 0n || y >= BigInt(classes)) throw new RangeError_(`countCorrect: label ${y} is not a class in [0, ${classes})`);
    if (BigInt(pred[b]) === y) n++;
  }
  return n;
}
