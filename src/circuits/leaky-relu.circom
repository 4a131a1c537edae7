pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// LeakyReLU(B, ALPHA_NUM, ALPHA_SHIFT): leaky ReLU with the fixed-point slope
// alpha = ALPHA_NUM / 2^ALPHA_SHIFT (0 ≤ ALPHA_NUM < 2^ALPHA_SHIFT), exact in integers:
//   out = in · 2^ALPHA_SHIFT   if in ≥ 0
//   out = in · ALPHA_NUM       if in < 0
// i.e. out = 2^ALPHA_SHIFT · leaky_relu(in, alpha) exactly: the output is at the input scale
// times 2^ALPHA_SHIFT, and no rounding happens here. The caller rescales, e.g. with
// Rescale(B + ALPHA_SHIFT, ALPHA_SHIFT) for floor(leaky_relu(in)) at the input scale.
//   in  : signed, in [-2^(B-1), 2^(B-1)); any other value makes the witness unsatisfiable.
//   out : in [-2^(B-1)·ALPHA_NUM, (2^(B-1) - 1)·2^ALPHA_SHIFT] ⊂ the signed (B + ALPHA_SHIFT)-bit range.
// One Num2Bits(B) of in + 2^(B-1): range check, and its top bit is [in ≥ 0]. The bits are pinned
// to {0, 1} and to in + 2^(B-1) by Num2Bits; out = in·ALPHA_NUM + top·in·(2^ALPHA_SHIFT − ALPHA_NUM)
// is one product constraint (constant factors are free).
// Constraints: B + 1.
// Caller must still: rescale the output (it is 2^ALPHA_SHIFT times larger), and choose B large
// enough for in's worst case.
template LeakyReLU(B, ALPHA_NUM, ALPHA_SHIFT) {
    assert(B >= 2 && B <= 250);                  // B: bit width of in, must be in [2, 250]
    assert(ALPHA_SHIFT >= 1 && B + ALPHA_SHIFT <= 251); // ALPHA_SHIFT: must be in [1, 251 - B] so the output fits B + ALPHA_SHIFT ≤ 251 bits
    assert(ALPHA_NUM >= 0 && ALPHA_NUM < (1 << ALPHA_SHIFT)); // ALPHA_NUM: slope numerator, must be in [0, 2^ALPHA_SHIFT)
    signal input in;
    signal output out;

    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
    out <== in * ALPHA_NUM + bits.out[B - 1] * (in * ((1 << ALPHA_SHIFT) - ALPHA_NUM));
}
