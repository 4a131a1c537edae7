pragma circom 2.2.3;
include "poseidon-commit.circom";

// tag("batch/v1") = uint256(SHA-256("zkml:batch/v1")) mod p (docs/PROTOCOL.md §1), the domain tag
// of a test-set batch leaf. A constant of this file, not a parameter, so no caller can pass another;
// batch-leaf.test.ts checks it against tag('batch/v1') of src/core/commit/tags.ts.
function batchLeafTag() {
    return 14931676428151773944096252313151000408494050258459700313758350007996724275705;
}

// BatchLeaf(M): the salted leaf of test-set batch k (docs/PROTOCOL.md §4):
//   out = PoseidonCommit(tag("batch/v1"), k, d[0], ..., d[M-1])
//   k  : the batch index, any field element (range-checked by the caller's Merkle path).
//   d  : the batch payload as M field elements: d[0] the salt (31 random bytes), then the samples'
//        bytes and the labels, 31 bytes per element, big-endian, zero-padded (§4). Not range-checked.
//   out: the leaf, a field element.
// Hiding: d[0] is 248 random bits, so without the salt the leaf reveals nothing about the samples.
// Binding: PoseidonCommit is binding for a fixed length M + 2, and the tag separates batch leaves
//   from every other PoseidonCommit of ZKML.
// Constraints: PoseidonCommit(M + 2) - 3 = poseidonCommitConstraints(M + 2) - 3 (the tag is a
//   constant lane whose first S-box folds; a constant k, as in RevealTestSet, folds 3 more).
//   BatchLeaf(255) = 10608 (a batch of 10 MNIST samples).
// Prover-supplied values: none beyond the inputs.
// Caller must still: prove k's position in the tree with the same k (MerklePath(D) of k), range-check
//   d[1..] where their bytes are used (BytesUnpack), and compare the root with the public testRoot.
template BatchLeaf(M) {
    assert(M >= 1); // M: number of payload elements, must be at least 1
    signal input k;
    signal input d[M];
    signal output out;

    component commit = PoseidonCommit(M + 2);
    commit.in[0] <== batchLeafTag();
    commit.in[1] <== k;
    for (var j = 0; j < M; j++) commit.in[j + 2] <== d[j];
    out <== commit.out;
}
