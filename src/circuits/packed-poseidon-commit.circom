pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "poseidon-commit.circom";

// PackedPoseidonCommit(N, B): a binding commitment to N signed B-bit integers (model weights),
// cheaper than PoseidonCommit(N) for narrow values because several share one field element.
//   in  : N signed values in [-2^(B-1), 2^(B-1)); any other value makes the witness unsatisfiable,
//         so the commitment doubles as a proof that every weight is B-bit.
//   out : PoseidonCommit(M)(limb[0..M)), a field element.
// Packing: K = floor(253 / B) values per limb (253 because 2^253 < p), M = ceil(N / K) limbs,
//   u_i     = in[i] + 2^(B-1)                               in [0, 2^B), range-checked by Num2Bits(B)
//   limb[j] = sum_{t < K, jK+t < N} u_{jK+t} * 2^(B*t)      in [0, 2^(K*B)) ⊆ [0, 2^253) ⊂ [0, p)
// Since every u_i is proven to lie in [0, 2^B), each limb is a base-2^B number with K digits that
// is smaller than p, so (in[0..N)) -> (limb[0..M)) is injective; without the range check it is not
// (in[0] + 2^B with in[1] - 1 gives the same limb), which is why the range check is part of it.
// The last limb's unused high digits are 0; N is fixed by the circuit, so no ambiguity arises.
// Constraints: N*B (Num2Bits(B) each; the packing is linear) + PoseidonCommit(M)
//   (= (K'-1)*609 + pc(r+1) - 3 with K' = ceil(M/15), r = M - 15(K'-1), see poseidon-commit.circom).
//   Cheaper than PoseidonCommit(N) (about 40.6 per element) up to B = 34 for N >= 1000 (fewer
//   bits for small N, never at N = 1); cheapestCommit in packed-poseidon-commit.ts decides exactly.
// Prover-supplied values: the Num2Bits bits (pinned by their booleanity and the sum constraint).
// Caller must still: fix N and B by the circuit (the commitment binds the limbs; their meaning,
// N values of B bits, comes from the circuit) and publish or compare the commitment.
template PackedPoseidonCommit(N, B) {
    assert(N >= 1);             // N: number of committed values, must be at least 1
    assert(B >= 1 && B <= 251); // B: bit width of the signed values, must be in [1, 251] (wider ones would wrap modulo p)
    var K = 253 \ B;
    var M = (N + K - 1) \ K;
    signal input in[N];
    signal output out;

    component rc[N];
    var limb[M];
    for (var j = 0; j < M; j++) limb[j] = 0;
    for (var i = 0; i < N; i++) {
        rc[i] = Num2Bits(B);
        rc[i].in <== in[i] + (1 << (B - 1));
        limb[i \ K] += (in[i] + (1 << (B - 1))) * (1 << (B * (i % K)));
    }
    component commit = PoseidonCommit(M);
    for (var j = 0; j < M; j++) commit.in[j] <== limb[j];
    out <== commit.out;
}
