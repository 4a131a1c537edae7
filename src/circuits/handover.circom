pragma circom 2.2.3;
include "poseidon-commit.circom";
include "poseidon-encrypt.circom";
include "ecdh.circom";
include "poly-eval.circom";

// Handover(L_W, L_B): the winner's encrypted hand-over of its model (docs/PROTOCOL.md §7).
// Compile as `component main {public [providerPubX, providerPubY, nonce, rho]} = Handover(L_W, L_B);`
// so that the public signals, in snarkjs order, are
//   [commitment, hunterPubX, hunterPubY, e, providerPubX, providerPubY, nonce, rho].
//   modelLimbs : private, L_W weight limbs then L_B bias limbs, exactly the limbs the model circuit
//                commits to (§2: packSigned limbs, or the values themselves as field elements).
//   archHash   : private, descriptorHash(architecture) (§2).
//   hunterSk   : private, the hunter's fresh secret key, 2^249 + 1 + 2·m with m < 2^249 (inside [1, l);
//                checked by Ecdh; src/core/handover/keys.ts generateHunterKeyPair draws it).
//   commitment = PoseidonCommit(tag("model/v1"), archHash, PoseidonCommit(weight limbs),
//                L_B > 0 ? PoseidonCommit(bias limbs) : 0)   — the model circuit's `commitment`.
//   (hunterPubX, hunterPubY) = hunterSk·Base8;  shared = hunterSk·providerPub (Ecdh: providerPub on
//                the curve and not of small order, shared ≠ identity).
//   ciphertext = PoseidonEncrypt(L_W + L_B)(modelLimbs, (shared.x, shared.y), nonce), nonce < 2^128
//                (range-checked by PoseidonEncrypt); length NC = 3·ceil((L_W + L_B)/3) + 1.
//   e = Σ_{i<NC} ciphertext[i] · rho^i mod p  (PolyEval(NC), Horner).
// The ciphertext itself is not public: the contract recomputes rho = keccak256(ciphertext) mod p and
// e from the posted ciphertext, so a posted vector other than this circuit's ciphertext passes only
// with probability about NC/p per attempt (docs/SECURITY.md).
// Constraints: PoseidonCommit(L_W) + [L_B > 0] · PoseidonCommit(L_B)
//   + PoseidonCommit(4) − 3 · (constant inputs: the tag, and bC = 0 when L_B = 0; a constant lane's first
//     S-box folds)  (= 315 with biases, 312 without)
//   + Ecdh (2293) + PoseidonEncrypt(L_W + L_B) (128 + (ceil(L/3) + 1)·264 − 3) + PolyEval(NC) (NC − 1).
//   E.g. the keras2circom MNIST CNN (1,044 8-bit weights in 34 limbs, 22 biases of 17–18 bits in 2 limbs):
//   Handover(34, 2) = 1536 + 258 + 315 + 2293 + 3557 + 36 = 7995 (with its 8 public signals ≤ 2^13 − 1,
//   so snarkjs's domain is 2^13).
// Prover-supplied values: the limbs, archHash and hunterSk, pinned by the public commitment (Poseidon
//   collision resistance) and by the public hunterPub; everything else is <== of them or pinned inside
//   Ecdh.
// Caller (the contract) must still: compare commitment with the winner's committed model and
//   providerPub with the bounty's key, compute rho and e itself from the posted ciphertext (each word
//   < p; NC words: e cannot tell trailing zero words apart, so pin NC where the terms carry it), and
//   publish the ciphertext (event, not storage) with the nonce and hunterPub.
template Handover(L_W, L_B) {
    assert(L_W >= 1); // L_W: number of weight limbs, must be at least 1
    assert(L_B >= 0); // L_B: number of bias limbs, must be at least 0
    var L = L_W + L_B;
    var NC = 3 * ((L + 2) \ 3) + 1;
    // tag("model/v1") = uint256(SHA-256("zkml:model/v1")) mod p (docs/PROTOCOL.md §1)
    var MODEL_TAG = 1249644791117750261376259538950456486500696700634491567658154666521144943774;

    signal input modelLimbs[L];
    signal input archHash;
    signal input hunterSk;
    signal input providerPubX;
    signal input providerPubY;
    signal input nonce;
    signal input rho;
    signal output commitment;
    signal output hunterPubX;
    signal output hunterPubY;
    signal output e;

    // the model commitment (§2)
    component wC = PoseidonCommit(L_W);
    for (var i = 0; i < L_W; i++) wC.in[i] <== modelLimbs[i];
    component model = PoseidonCommit(4);
    model.in[0] <== MODEL_TAG;
    model.in[1] <== archHash;
    model.in[2] <== wC.out;
    if (L_B > 0) {
        component bC = PoseidonCommit(L_B);
        for (var i = 0; i < L_B; i++) bC.in[i] <== modelLimbs[L_W + i];
        model.in[3] <== bC.out;
    } else {
        model.in[3] <== 0;
    }
    commitment <== model.out;

    // keys
    component dh = Ecdh();
    dh.sk <== hunterSk;
    dh.theirPub[0] <== providerPubX;
    dh.theirPub[1] <== providerPubY;
    hunterPubX <== dh.pub[0];
    hunterPubY <== dh.pub[1];

    // the ciphertext and its evaluation at rho
    component enc = PoseidonEncrypt(L);
    enc.plaintext <== modelLimbs;
    enc.key <== dh.shared;
    enc.nonce <== nonce;
    component fingerprint = PolyEval(NC);
    fingerprint.in <== enc.ciphertext;
    fingerprint.x <== rho;
    e <== fingerprint.out;
}
