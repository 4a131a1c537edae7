import { defineTemplate, checkInt } from './signature.js';
import { TemplateParamError } from '../core/errors.js';
import { hardSigmoidConstants } from '../core/witness/hard-sigmoid.js';

/**
 * Keras 3 hard_sigmoid at scale 2^S, rounded half up: clip(floor((in + 3·2^S + 3)/6), 0, 2^S),
 * output in [0, 2^S] at scale 2^S. Constraints: N1 + N_UP + 1, with N1 ≈ B + S + 2 the width of the
 * multiply-shift decomposition and N_UP = B + 1 (for S ≤ B − 3) that of the saturation test
 * (`hardSigmoidConstants(B, S).n1`, `.nUp`); 76 at B = 32, S = 8.
 */
export const HardSigmoid = defineTemplate<{ B: number; S: number }>({
  template: 'HardSigmoid',
  file: 'hard-sigmoid.circom',
  params: ['B', 'S'],
  validate({ B, S }) {
    checkInt('HardSigmoid', 'B', B, 2, 244);
    checkInt('HardSigmoid', 'S', S, 1, 120);
    if (B + S > 245) throw new TemplateParamError('HardSigmoid', 'S', `must satisfy B + S ≤ 245 (B=${B})`, S);
  },
  constraints: ({ B, S }) => { const k = hardSigmoidConstants(B, S); return k.n1 + k.nUp + 1; },
  inputs: () => ({ in: [] }),
  outputs: () => ({ out: [] }),
});
