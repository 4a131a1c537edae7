pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";

// PoseidonCommit(N): a binding commitment (hash) to N >= 1 field elements, built on circomlib's
// Poseidon. Every call is a standard circomlib Poseidon(n) (width t = n + 1, capacity lane 0), so
// the value can be recomputed with any BN254 Poseidon library (poseidon-lite, circomlibjs, ...).
//
// Construction (a length-prefixed chain, no padding):
//   split in[0..N) into K = ceil(N / 15) chunks: chunk_k = in[15k .. min(15k+15, N)), k = 0..K-1;
//   every chunk has 15 elements except the last, which has r = N - 15(K-1) in [1, 15];
//   h_0     = N                                         (the length, as a field element)
//   h_{k+1} = Poseidon_{1+|chunk_k|}(h_k, chunk_k...)   (Poseidon of arity 1 + chunk length)
//   out     = h_K
// E.g. N = 3: out = Poseidon3(3, in[0], in[1], in[2]);
//      N = 17: out = Poseidon3(Poseidon16(17, in[0..15)), in[15], in[16]).
// Binding: two different (N, in) with equal out give, walking back from the last call, either a
// Poseidon collision (equal widths, different inputs), a collision across Poseidon widths, or a
// Poseidon output equal to a small integer N (a preimage); all are infeasible. The length N in h_0
// is the domain separation between lengths, which is why no padding is needed.
//
//   in  : any field elements (no range is assumed or checked).
//   out : the commitment, a field element.
// Constraints: with pc(n) = 24n + 21 + 3*R_P[n-1] the --O2 cost of circomlib Poseidon(n)
//   (R_P = [56,57,56,60,60,63,64,63,60,66,60,65,70,60,64,68], pc(16) = 609):
//   (K-1)*609 + pc(r+1) - 3            (the -3: h_0 = N is a constant lane, its first S-box is free)
//   e.g. N=1: 237, N=15: 606, N=16: 846, N=100: 4116, N=1000: 40656 (~40.6 per element).
// Prover-supplied values: none beyond the inputs; every intermediate is a Poseidon signal (<==).
// Caller must still: make the commitment public (or compare it with a public value) and fix N
// by the circuit; the commitment binds a vector of field elements, not their meaning (see
// PackedPoseidonCommit for B-bit integers packed several to a field element).
template PoseidonCommit(N) {
    assert(N >= 1); // N: number of committed field elements, must be at least 1
    signal input in[N];
    signal output out;

    var K = (N + 14) \ 15;
    component h[K];
    for (var k = 0; k < K; k++) {
        var r = k < K - 1 ? 15 : N - 15 * (K - 1);
        h[k] = Poseidon(r + 1);
        if (k == 0) {
            h[k].inputs[0] <== N;
        } else {
            h[k].inputs[0] <== h[k - 1].out;
        }
        for (var j = 0; j < r; j++) h[k].inputs[j + 1] <== in[15 * k + j];
    }
    out <== h[K - 1].out;
}
