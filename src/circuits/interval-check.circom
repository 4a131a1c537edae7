pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// IntervalCheck(LO, HI): LO <= in <= HI for integer constants LO < HI (either may be negative).
//   in  : accepted iff in is an integer in [LO, HI]; any other field element makes the witness
//         unsatisfiable (never wrapped).
//   out : none. (in - LO is then an integer in [0, 2^K): callers may pack it as a K-bit digit.)
// With W = HI - LO and K = bitlen(W) (the K with 2^(K-1) <= W < 2^K):
//   low  = Num2Bits(K)(in - LO) proves 0 <= in - LO < 2^K (the bits are pinned to {0,1} and sum to it;
//          2^K < p, so in - LO is exactly that integer);
//   then the upper bound in - LO <= W, by the cheapest sound way for W:
//     W = 2^K - 1      : nothing more (every K-bit value is <= W);
//     W = 2^(K-1)      : low[K-1] * (low[0] + ... + low[K-2]) === 0 (the top bit only with no other
//                        bit: the value is then exactly 2^(K-1) = W); the sum of K-1 booleans is < p,
//                        so it is 0 only when every bit is 0;
//     otherwise        : high = Num2Bits(K)(HI - in), proving HI - in >= 0.
// Constraints: W = 2^K - 1: K; W = 2^(K-1) (K >= 2): K + 1; otherwise 2K.
// Prover-supplied values: the bits of low (and high), each pinned by booleanity and its sum.
// Caller must still: use this `in` (the same signal) where the bounded value is needed.
template IntervalCheck(LO, HI) {
    assert(LO < HI);                 // LO, HI: the interval [LO, HI] must hold at least two values
    assert(HI - LO < 2 ** 250);      // HI - LO: the interval must be narrower than 2^250
    var W = HI - LO;
    var K = 0;
    while (K < 251 && (1 << K) <= W) K++;
    signal input in;

    component low = Num2Bits(K);
    low.in <== in - LO;
    if (W == (1 << K) - 1) {
        // every K-bit value is within the interval
    } else if (W == (1 << (K - 1))) {
        var rest = 0;
        for (var i = 0; i < K - 1; i++) rest += low.out[i];
        low.out[K - 1] * rest === 0;
    } else {
        component high = Num2Bits(K);
        high.in <== HI - in;
    }
}
