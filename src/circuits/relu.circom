pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// ReLU(B): out = max(in, 0) for a signed B-bit input (0 counts as non-negative; out is 0 either way).
//   in  : signed, in [-2^(B-1), 2^(B-1)); any other value makes the witness unsatisfiable.
//   out : max(in, 0), in [0, 2^(B-1)).
// One Num2Bits(B) of in + 2^(B-1) is both the range check and the sign: its top bit is
// [in + 2^(B-1) ≥ 2^(B-1)] = [in ≥ 0]. The prover-supplied bits are pinned to {0, 1} and to
// in + 2^(B-1) by Num2Bits (unique since 2^B < p); out = bit·in is one product constraint.
// No full 254-bit sign, no comparator (the older circomlib-ml ReLU costs 521).
// Constraints: B + 1.
// Caller must still: choose B large enough for in's worst case (the proof fails otherwise).
template ReLU(B) {
    assert(B >= 2 && B <= 251);   // B: bit width of in, must be in [2, 251]
    signal input in;
    signal output out;

    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
    out <== bits.out[B - 1] * in;
}
