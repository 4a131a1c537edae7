pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// Clip(B, LO, HI): out = min(max(in, LO), HI) for integer constants LO < HI.
// ReLU6 at scale 2^s is Clip(B, 0, 6·2^s). The bounds are usually inside the signed B-bit range
// but need not be (e.g. ReLU6 on a tensor that never reaches 6); |LO|, |HI| < 2^249.
//   in  : signed; every in in [-2^(B-1), 2^(B-1)) is accepted. Exactly the integer interval
//         [max(LO − 2^(N_LO−1), HI + 1 − 2^(N_HI−1)), min(LO + 2^(N_LO−1), HI + 1 + 2^(N_HI−1)))
//         is accepted (a superset of the B-bit range, see below), the output is the exact clip
//         on all of it, and every other field element makes the witness unsatisfiable.
//   out : min(max(in, LO), HI), in [LO, HI].
// Two sign tests against constants, each one Num2Bits whose top bit is the comparison:
//   lower = Num2Bits(N_LO) of in − LO + 2^(N_LO−1):       top bit = [in ≥ LO]
//   upper = Num2Bits(N_HI) of in − (HI+1) + 2^(N_HI−1):   top bit = [in > HI]
// in enters each with coefficient 1, so each pins in to an integer window of width 2^N centred
// on its threshold c (no wrap: N ≤ 251 bits < p). N = clipWidth(B, c) is the least N whose window
// covers the whole B-bit range, i.e. 2^(N−1) ≥ 2^(B−1) + |c|: N = B for c = 0, B + 1 for any
// other c in [-2^(B-1), 2^(B-1)]. The bits are prover-supplied and pinned by Num2Bits.
// With lo = 1 − [in ≥ LO] and hi = [in > HI] (never both, as LO ≤ HI),
//   out = in + lo·(LO − in) + hi·(HI − in) = in + lo·LO + hi·HI − (lo + hi)·in
// is a single product constraint.
// Constraints: N_LO + N_HI + 1: 2B + 3 for bounds in the B-bit range, 2B + 2 when LO = 0 (ReLU6)
// or HI = −1. (One B-bit decomposition of in plus two constant comparisons on its bits would
// cost about 3B; a sign test on a B-bit value needs B+1 bits unless its threshold is 0.)
// Caller must still: choose B large enough for in's worst case.
function clipWidth(B, c) {
    var a = c < 0 ? -c : c;
    var n = B;
    while ((1 << (n - 1)) < (1 << (B - 1)) + a) n++;
    return n;
}

template Clip(B, LO, HI) {
    assert(B >= 2 && B <= 249);                   // B: bit width of in, must be in [2, 249]
    assert(LO >= -(1 << 249) && LO < (1 << 249)); // LO: lower bound, must satisfy |LO| < 2^249
    assert(HI > LO && HI < (1 << 249) - 1);       // HI: upper bound, must satisfy LO < HI < 2^249 - 1
    signal input in;
    signal output out;

    var N_LO = clipWidth(B, LO);
    var N_HI = clipWidth(B, HI + 1);
    component lower = Num2Bits(N_LO);
    lower.in <== in - LO + (1 << (N_LO - 1));
    component upper = Num2Bits(N_HI);
    upper.in <== in - (HI + 1) + (1 << (N_HI - 1));

    var lo = 1 - lower.out[N_LO - 1];
    var hi = upper.out[N_HI - 1];
    out <== in + lo * LO + hi * HI - (lo + hi) * in;
}
