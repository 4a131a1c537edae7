pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/poseidon.circom";

// MerklePath(D): the root of a binary Poseidon Merkle tree of depth D recomputed from one leaf, its
// position index and its D siblings (docs/PROTOCOL.md §4, the same tree as MerkleRoot(D)).
//   leaf     : any field element.
//   index    : the leaf's position, range-checked to [0, 2^D) by Num2Bits(D); any other value makes
//              the witness unsatisfiable. Bit l of index (least significant first) says whether the
//              level-l node is the right child (1) or the left child (0).
//   siblings : siblings[l] is the other child at level l (leaf level first); any field elements.
//   root     : node_D, with node_0 = leaf and
//              node_{l+1} = Poseidon(bit_l ? siblings[l] : node_l, bit_l ? node_l : siblings[l]).
// The swap costs one product per level: left = node + bit·(sibling − node); right = node + sibling − left.
// Constraints: 242·D = D (Num2Bits) + D·(1 + 240) (one selector product and one Poseidon(2) per level).
//   MerklePath(1) = 242, MerklePath(4) = 968.
// Prover-supplied values: the index bits (Num2Bits: each pinned to {0, 1}, their sum pinned to index).
//   The siblings are free inputs by design: a wrong sibling gives another root (a Poseidon collision
//   otherwise).
// Caller must still: compare root with the committed (public) root, and refuse indices ≥ the number
//   of real leaves if the tree is padded (a padding leaf 0 has no Poseidon preimage to open it with,
//   but the contract checks index < K anyway).
template MerklePath(D) {
    assert(D >= 1 && D <= 32); // D: tree depth, must be in [1, 32]
    signal input leaf;
    signal input index;
    signal input siblings[D];
    signal output root;

    component bits = Num2Bits(D);
    bits.in <== index;

    signal node[D + 1];
    signal left[D];
    component h[D];
    node[0] <== leaf;
    for (var l = 0; l < D; l++) {
        left[l] <== node[l] + bits.out[l] * (siblings[l] - node[l]);
        h[l] = Poseidon(2);
        h[l].inputs[0] <== left[l];
        h[l].inputs[1] <== node[l] + siblings[l] - left[l];
        node[l + 1] <== h[l].out;
    }
    root <== node[D];
}
