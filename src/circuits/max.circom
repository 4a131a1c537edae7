pragma circom 2.2.3;
include "circomlib/circuits/comparators.circom";

// MaxN(N, B): the maximum of N signed B-bit values, by a tournament of pairwise comparisons.
//   in  : N signed values in [-2^(B-1), 2^(B-1)).
//   out : max(in), one of the inputs.
// Nodes v[0..N-1] are the inputs; winner v[N+k] = max(v[2k], v[2k+1]) for k = 0..N-2, and the
// final winner v[2N-2] is out (a balanced tree when N is a power of two). Each match is
//   s_k    = [v[2k] > v[2k+1]]                 circomlib GreaterThan(B): Num2Bits(B+1) of
//                                              v[2k+1] + 2^B - v[2k], whose top bit gives s_k
//   v[N+k] = s_k * (v[2k] - v[2k+1]) + v[2k+1]  one product
// GreaterThan(B) is exact on signed inputs whenever -2^B < v[2k] - v[2k+1] <= 2^B, which always
// holds for signed B-bit values; when the gap is larger its Num2Bits(B+1) has no solution and the
// witness is refused.
// Constraints: (N-1)*(B+2): B+1 per comparator and 1 per selection. MaxN(4, 32) = 102.
// Prover-supplied values: only the comparator bits, each pinned by its Num2Bits(B+1) (booleanity +
// recomposition); every winner and out are <== of pinned signals. No prover-chosen value is free.
// Caller must still: keep the inputs' true values within |x| < p/4 (always so for values our layers
// produce). Inputs are NOT range-checked one by one (that would cost N*B more): an input is refused
// only when it is more than 2^B away from a value it is compared with. One outside B bits but
// within 2^B of its opponents is still compared exactly, so out is always the true maximum of the
// inputs, but it is B-bit only if the inputs are: feed MaxN range-checked values (e.g. the output
// of Rescale or a ReLU built on it).
template MaxN(N, B) {
    assert(N >= 1);              // N: number of values, must be at least 1
    assert(B >= 1 && B <= 251);  // B: bit width of the signed inputs, must be in [1, 251]
    signal input in[N];
    signal output out;

    signal v[2 * N - 1];         // tournament nodes: the inputs, then the winners
    component gt[N - 1];
    for (var i = 0; i < N; i++) v[i] <== in[i];
    for (var k = 0; k < N - 1; k++) {
        gt[k] = GreaterThan(B);
        gt[k].in[0] <== v[2 * k];
        gt[k].in[1] <== v[2 * k + 1];
        v[N + k] <== gt[k].out * (v[2 * k] - v[2 * k + 1]) + v[2 * k + 1];
    }
    out <== v[2 * N - 2];
}
