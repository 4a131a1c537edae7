pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// Rescale(B, S): fixed-point rescale by the power-of-two scale 2^S, rounding towards −∞.
//   in  : signed, in [-2^(B-1), 2^(B-1)); any other value makes the witness unsatisfiable.
//   out : floor(in / 2^S), in [-2^(B-1-S), 2^(B-1-S)).
// One Num2Bits(B) of in + 2^(B-1) gives everything at once: the low S bits are the remainder
// (so 0 ≤ rem < 2^S is enforced by the bits themselves), the high B-S bits are the quotient
// offset by 2^(B-1-S). No prover-chosen value is left free.
// Constraints: B.
// Caller must still: choose B large enough for in's worst case (the proof fails otherwise),
// and add 2^(S-1) beforehand if round-half-up is wanted.
template Rescale(B, S) {
    assert(B >= 2 && B <= 251);   // B: bit width of in, must be in [2, 251]
    assert(S >= 1 && S < B);      // S: shift, must be in [1, B)
    signal input in;
    signal output out;

    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
    var q = 0;
    for (var i = S; i < B; i++) q += bits.out[i] * (1 << (i - S));
    out <== q - (1 << (B - 1 - S));
}
