import { inSignedRange } from '../field.js';
import { RangeError_ } from '../errors.js';
import { divFloor } from './div-floor.js';
import { shape3 } from './pool-window.js';

/** Keras GlobalAveragePooling2D on x[H][W][C] → [C], rounded towards −∞. Values must be signed B-bit. */
export function globalAveragePooling2d(x: readonly (readonly (readonly bigint[])[])[], B: number): bigint[] {
  const [H, W, C] = shape3(x, 'globalAveragePooling2d');
  return Array.from({ length: C }, (_, c) => {
    let s = 0n;
    for (const row of x) {
      for (const px of row) {
        if (!inSignedRange(px[c], B)) throw new RangeError_(`globalAveragePooling2d: ${px[c]} is outside the signed ${B}-bit range`);
        s += px[c];
      }
    }
    return divFloor(s, B, H * W);
  });
}
