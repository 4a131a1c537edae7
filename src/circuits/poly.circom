pragma circom 2.2.3;
include "range-check.circom";

// Poly(N): the polynomial activation out = in² + N·in (circomlib-ml's Poly/ZeLU x² + n·x), where
// N is the constant n·2^s already at the input scale 2^s; the output is at twice the input scale
// (2^(2s)), exactly: in²+N·in at scale 2^(2s) equals (x² + n·x) at x = in/2^s.
//   in  : NOT range-checked here. The result is the exact integer only while |in² + N·in| < p/2,
//         e.g. |in| < 2^(B-1) with B ≤ 125 and |N| < 2^(B-1); a larger field element wraps.
//   out : in² + N·in, in [-N²/4, 2^(2B-2) + |N|·2^(B-1)] for a signed B-bit in.
// No prover-supplied value: out is fixed by its one constraint.
// Constraints: 1.
// Caller must still: bound in (usually it comes out of a Rescale, whose decomposition is the range
// check; otherwise use RangedPoly below) and rescale the output (it is at the squared scale).
template Poly(N) {
    assert(N > -(1 << 125) && N < (1 << 125)); // N: linear coefficient n·2^s, must satisfy |N| < 2^125
    signal input in;
    signal output out;

    out <== in * in + N * in;
}

// RangedPoly(B, N): Poly(N) preceded by RangeCheck(B) on in, for inputs that no earlier
// decomposition bounds. in ∈ [-2^(B-1), 2^(B-1)) or unsatisfiable; out as for Poly, in the range
// above, which cannot wrap since 2B ≤ 250 and |N| < 2^(B-1).
// Constraints: B + 1.
template RangedPoly(B, N) {
    assert(B >= 2 && B <= 125);                           // B: bit width of in, must be in [2, 125]
    assert(N >= -(1 << (B - 1)) && N < (1 << (B - 1)));   // N: linear coefficient n·2^s, must lie in the signed B-bit range
    signal input in;
    signal output out;

    component range = RangeCheck(B);
    range.in <== in;
    out <== in * in + N * in;
}
