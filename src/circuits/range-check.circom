pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// RangeCheck(B): signed range check.
//   in  : accepted iff in ∈ [-2^(B-1), 2^(B-1)); any other field element makes the witness
//         unsatisfiable (it is never wrapped).
//   out : none.
// One Num2Bits(B) of in + 2^(B-1): the bits are prover-supplied (<--) and each is pinned to {0, 1}
// by its own constraint, and their weighted sum must equal in + 2^(B-1); B binary bits can only
// sum to [0, 2^B), and 2^B < p, so in is exactly the claimed signed integer.
// Constraints: B (the recomposition is linear and folded away at --O2).
// Caller must still: use the same in elsewhere (this template only constrains it).
template RangeCheck(B) {
    assert(B >= 1 && B <= 251);   // B: bit width of in, must be in [1, 251]
    signal input in;

    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
}
