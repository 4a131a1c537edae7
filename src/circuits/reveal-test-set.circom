pragma circom 2.2.3;
include "batch-leaf.circom";
include "merkle-root.circom";
include "poly-eval.circom";

// RevealTestSet(K, M): the reveal proof of a test set (docs/PROTOCOL.md §4, §5). The same K·M
// payload elements d hash to testRoot and evaluate to e at rho:
//   testRoot = MerkleRoot(D)(BatchLeaf(M)(0, d[0]), ..., BatchLeaf(M)(K-1, d[K-1]), 0, ..., 0)
//              with D = max(1, ceil(log2 K)) and 2^D - K padding leaves 0;
//   e        = Σ_{k<K, j<M} d[k][j] · rho^(k·M + j)  (mod p)   (PolyEval(K·M) over d flattened).
// Public signals, in snarkjs order: [testRoot, e, rho] (outputs testRoot, e; public input rho).
//   d   : private, K batches of M field elements (no range check: the contract reads each from 31
//         calldata bytes, so its d_i < 2^248 < p, and e pins the circuit's d to the contract's).
//   rho : public, ρ = uint256(keccak256(R)) mod p computed by the contract over the calldata R.
// Soundness: testRoot was fixed (on chain) before R, hence before ρ; a vector d' ≠ d with the same
//   fingerprint at ρ = H(bytes(d')) exists with probability ≤ (K·M - 1)/p per hash query
//   (Schwartz–Zippel, H a random oracle), and d itself is the unique opening of testRoot (Poseidon
//   binding). See docs/SECURITY.md.
// Constraints: K·(poseidonCommitConstraints(M + 2) - 6) + merkleRootConstraints(D, K) + K·M - 1
//   (the tag and the leaf index k are constant lanes of each leaf's first Poseidon; see
//   reveal-test-set.ts). 100 MNIST samples, B = 10 (K = 10, M = 255): 10·10605 + 2634 + 2549 = 111233.
// Prover-supplied values: none beyond d; every other signal is a Poseidon or Horner output (<==).
// Caller (the contract) must still: check the proof with its stored testRoot and its own rho and e,
//   and check |R| = 31·K·M.
template RevealTestSet(K, M) {
    assert(K >= 1 && K <= (1 << 20)); // K: number of batches, must be in [1, 2^20]
    assert(M >= 1);                   // M: elements per batch payload, must be at least 1
    var D = 1;
    while ((1 << D) < K) D++;
    signal input d[K][M];
    signal input rho;
    signal output testRoot;
    signal output e;

    component leaf[K];
    component tree = MerkleRoot(D);
    component ev = PolyEval(K * M);
    for (var k = 0; k < K; k++) {
        leaf[k] = BatchLeaf(M);
        leaf[k].k <== k;
        for (var j = 0; j < M; j++) {
            leaf[k].d[j] <== d[k][j];
            ev.in[k * M + j] <== d[k][j];
        }
        tree.leaves[k] <== leaf[k].out;
    }
    for (var k = K; k < (1 << D); k++) tree.leaves[k] <== 0;
    ev.x <== rho;
    testRoot <== tree.root;
    e <== ev.out;
}
