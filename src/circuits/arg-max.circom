pragma circom 2.2.3;
include "circomlib/circuits/comparators.circom";

// ArgMax(N, B): proven argmax of N signed B-bit values.
//   in  : N signed values, in [-2^(B-1), 2^(B-1)).
//   out : the index of the maximum; ties go to the LOWEST index among equal maxima.
//   max : the maximum, max = in[out].
// A running tournament: m_0 = in[0], i_0 = 0 and for k = 1..N-1
//   s_k = [in[k] > m_{k-1}]                     circomlib GreaterThan(B): Num2Bits(B+1) of m_{k-1} + 2^B - in[k]
//   m_k = m_{k-1} + s_k * (in[k] - m_{k-1})     one product
//   i_k = i_{k-1} + s_k * (k - i_{k-1})         one product (free at k = 1, where i_0 = 0)
// The comparison is strict, so a later value equal to the running maximum never takes over:
// that is the lowest-index tie rule, and it is enforced by the constraints, not chosen by the prover.
// GreaterThan(B) is exact whenever |in[k] - m_{k-1}| <= 2^B, which always holds for signed B-bit
// values; when the gap is larger its Num2Bits(B+1) has no solution and the witness is refused.
// Constraints: (N-1)*(B+3) - 1 for N >= 2 (B+1 per comparator, 2 per step, minus the free first
// index update); 1 for N = 1 (the constraint out = 0). ArgMax(10, 32) = 314.
// Prover-supplied values: the comparator bits (pinned by Num2Bits(B+1), whose top bit is s_k);
// m_k, i_k, out and max are all <== of pinned signals.
// Caller must still: keep the inputs' true values within |x| < p/4 (always true for values
// produced by our layers). The inputs are not range-checked one by one: an input is refused
// only when it is more than 2^B away from the running maximum it is compared with; one that is
// outside B bits but within 2^B of the running maximum is still compared exactly, so out and max
// remain the true argmax and maximum. Range-check the inputs (e.g. Rescale) if B-bitness itself
// must be proven.
template ArgMax(N, B) {
    assert(N >= 1);              // N: number of inputs, must be at least 1
    assert(B >= 1 && B <= 251);  // B: bit width of the signed inputs, must be in [1, 251]
    signal input in[N];
    signal output out;
    signal output max;

    signal m[N];    // running maximum
    signal idx[N];  // index of the running maximum
    component gt[N];
    m[0] <== in[0];
    idx[0] <== 0;
    for (var k = 1; k < N; k++) {
        gt[k] = GreaterThan(B);
        gt[k].in[0] <== in[k];
        gt[k].in[1] <== m[k - 1];
        m[k] <== m[k - 1] + gt[k].out * (in[k] - m[k - 1]);
        if (k == 1) {
            idx[k] <== gt[k].out;
        } else {
            idx[k] <== idx[k - 1] + gt[k].out * (k - idx[k - 1]);
        }
    }
    out <== idx[N - 1];
    max <== m[N - 1];
}
