pragma circom 2.2.3;
include "interval-check.circom";
include "poseidon-commit.circom";

// InputCommit(N, LO, HI, TAG): the domain-separated commitment to a model input of N integers, each
// proven to lie in the declared interval [LO, HI] (docs/PROTOCOL.md §3).
//   in  : N integers; any value outside [LO, HI] makes the witness unsatisfiable.
//   out : PoseidonCommit(TAG, limb[0], ..., limb[M-1]).
// With W = HI - LO, K = bitlen(W) >= 1, D = floor(253 / K) digits per limb, M = ceil(N / D):
//   u_i     = in[i] - LO                            in [0, 2^K), proven by IntervalCheck(LO, HI)
//   limb[j] = sum_{t < D, jD+t < N} u_{jD+t} * 2^(K*t)   in [0, 2^253) ⊂ [0, p)
// Every u_i is a K-bit digit, so (in[0..N)) -> (limb[0..M)) is injective; TAG (a constant: the hash
// of the input's shape, bit width, scale and interval) makes the commitment say how to read the limbs,
// so the same limbs cannot be re-read as another number of values of another width.
// Constraints: N * IntervalCheck(LO, HI) + PoseidonCommit(M + 1) - 3 (TAG is a constant lane).
// Prover-supplied values: the IntervalCheck bits (pinned there).
// Caller must still: publish or compare out, and use this `in` as the model input.
template InputCommit(N, LO, HI, TAG) {
    assert(N >= 1);          // N: number of input values, must be at least 1
    assert(LO < HI);         // LO, HI: the interval [LO, HI] must hold at least two values
    var W = HI - LO;
    var K = 0;
    while (K < 251 && (1 << K) <= W) K++;
    var D = 253 \ K;
    var M = (N + D - 1) \ D;
    signal input in[N];
    signal output out;

    component range[N];
    var limb[M];
    for (var j = 0; j < M; j++) limb[j] = 0;
    for (var i = 0; i < N; i++) {
        range[i] = IntervalCheck(LO, HI);
        range[i].in <== in[i];
        limb[i \ D] += (in[i] - LO) * (1 << (K * (i % D)));
    }
    component commit = PoseidonCommit(M + 1);
    commit.in[0] <== TAG;
    for (var j = 0; j < M; j++) commit.in[j + 1] <== limb[j];
    out <== commit.out;
}
