pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";

// MerkleRoot(D): the root of the binary Poseidon Merkle tree over 2^D leaves (docs/PROTOCOL.md §4).
//   leaves : 2^D field elements; leaf k sits at the position whose path bits are the binary of k,
//            least significant bit at the leaf level (bit = 1: the node is the right child).
//   root   : node_D, where node_0 = leaves and node_{l+1}[i] = Poseidon(node_l[2i], node_l[2i+1])
//            (circomlib Poseidon(2)); the same root MerklePath(D) recomputes from one leaf.
// Constraints: (2^D - 1) * 240 when every leaf is a variable (240 = --O2 cost of Poseidon(2)).
//   A node whose two children are compile-time constants (e.g. padding zeros) folds to a constant at
//   no cost; a node with one constant child saves its first S-box, 3 constraints (merkleRootConstraints
//   in merkle-root.ts counts this exactly for K variable leaves followed by constants).
// Prover-supplied values: none; every node is a Poseidon output (<==).
// Caller must still: fix the padding leaves (0 in the protocol) and publish or compare root.
template MerkleRoot(D) {
    assert(D >= 1 && D <= 20); // D: tree depth, must be in [1, 20] (2^D leaves)
    signal input leaves[1 << D];
    signal output root;

    // level l has 2^(D-l) nodes; node index n(l, i) = 2^(D+1) - 2^(D+1-l) + i in one flat array
    signal node[(1 << (D + 1)) - 1];
    for (var i = 0; i < (1 << D); i++) node[i] <== leaves[i];
    component h[(1 << D) - 1];
    var hc = 0;
    var base = 0;
    for (var l = 0; l < D; l++) {
        var width = 1 << (D - l);
        for (var i = 0; i < width / 2; i++) {
            h[hc] = Poseidon(2);
            h[hc].inputs[0] <== node[base + 2 * i];
            h[hc].inputs[1] <== node[base + 2 * i + 1];
            node[base + width + i] <== h[hc].out;
            hc++;
        }
        base += width;
    }
    root <== node[base];
}
