pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// RescaleReLU(B, S): fused out = max(floor(in / 2^S), 0) = ReLU(Rescale(B, S)(in)).
// floor preserves the sign (floor(in/2^S) ≥ 0 ⇔ in ≥ 0), so one decomposition serves both.
//   in  : signed, in [-2^(B-1), 2^(B-1)); any other value makes the witness unsatisfiable.
//   out : max(floor(in / 2^S), 0), in [0, 2^(B-1-S)).
// One Num2Bits(B) of in + 2^(B-1): the low S bits are the remainder (0 ≤ rem < 2^S by the bits
// themselves), bits S..B-2 are floor(in/2^S) when in ≥ 0, and the top bit is [in ≥ 0].
// All bits are pinned to {0, 1} and to in + 2^(B-1) by Num2Bits; out = top·q is one product.
// No prover-chosen value is left free (in particular the remainder cannot absorb −2^S).
// Constraints: B + 1.
// (S = B-1 is accepted like in Rescale, but then floor(in/2^S) ∈ {-1, 0} and out ≡ 0.)
// Caller must still: choose B large enough for in's worst case (the proof fails otherwise),
// and fold 2^(S-1) into the preceding bias if round-half-up is wanted.
template RescaleReLU(B, S) {
    assert(B >= 2 && B <= 251);   // B: bit width of in, must be in [2, 251]
    assert(S >= 1 && S < B);      // S: shift, must be in [1, B)
    signal input in;
    signal output out;

    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
    // floor(in / 2^S) for in ≥ 0 (the top bit is then 1 and its weight cancels the offset).
    var q = 0;
    for (var i = S; i < B - 1; i++) q += bits.out[i] * (1 << (i - S));
    out <== bits.out[B - 1] * q;
}
