pragma circom 2.2.3;
include "batch-leaf.circom";
include "merkle-path.circom";
include "bytes-unpack.circom";
include "byte-to-fixed.circom";

// Number of 31-byte elements of a batch payload of B samples of S bytes (docs/PROTOCOL.md §4):
// the salt, then ceil((B·S + B) / 31) elements of sample bytes and labels, zero-padded.
function testBatchElements(B, S) {
    return 1 + (B * S + B + 30) \ 31;
}

// BatchOpening(B, S, D, F): opens test-set batch batchIndex under the public testRoot and reads it
// as model inputs and labels: the data half of the accuracy circuit (docs/PROTOCOL.md §4, §6).
//   d          : private, the batch payload, M = testBatchElements(B, S) elements: d[0] the salt,
//                d[1..M) the bytes x_0 ‖ … ‖ x_{B-1} (B·S) ‖ y_0 … y_{B-1} (B) ‖ zero padding,
//                31 bytes per element, big-endian.
//   batchIndex : the batch k, range-checked to [0, 2^D) by the Merkle path.
//   siblings   : private Merkle siblings, leaf level first.
//   testRoot   : the committed root (public in the accuracy circuit); the witness is unsatisfiable
//                unless PoseidonCommit(tag("batch/v1"), batchIndex, d) sits at position batchIndex
//                under testRoot.
//   x          : x[b][s] = ByteToFixed(F)(byte s of sample b) = round(byte · 2^F / 255), in [0, 2^F],
//                row-major in the model's input shape (channels last).
//   label      : label[b] = the label byte of sample b, in [0, 256) (NOT checked < C here).
// The padding bytes are constrained to 0 (the canonical payload of §4); their bits are then
//   constants, which removes their boolean constraints from the count.
// Constraints, with M = testBatchElements(B, S) and pad = 31·(M - 1) - B·(S + 1) padding bytes:
//   248·(M - 1) - 8·pad + BatchLeaf(M) + MerklePath(D) + B·S·ByteToFixed(F)
//   = 248·(M - 1) - 8·pad + poseidonCommitConstraints(M + 2) - 3 + 242·D + B·S·(F % 8 == 0 ? 0 : F + 10).
//   B = 10, S = 784, D = 4, F = 8: (62992 - 192) + 10608 + 968 = 74376.
// Prover-supplied values: the payload bits (BytesUnpack), the index bits (MerklePath), the division
//   hints of ByteToFixed when F % 8 ≠ 0; all pinned there. d[0], the salt, is never unpacked (it is
//   any field element the leaf commits to).
// Caller must still: make testRoot and batchIndex public, range-check label < C (CountCorrect), and
//   feed x to the model's input.
template BatchOpening(B, S, D, F) {
    assert(B >= 1);              // B: samples per batch, must be at least 1
    assert(S >= 1);              // S: bytes per sample, must be at least 1
    assert(D >= 1 && D <= 32);   // D: Merkle depth, must be in [1, 32]
    assert(F >= 0 && F <= 64);   // F: fractional bits of the model input, must be in [0, 64]
    var M = testBatchElements(B, S);
    var DATA = B * S + B;
    signal input d[M];
    signal input batchIndex;
    signal input siblings[D];
    signal input testRoot;
    signal output x[B][S];
    signal output label[B];

    component unpack = BytesUnpack(M - 1);
    for (var j = 1; j < M; j++) unpack.in[j - 1] <== d[j];
    for (var t = DATA; t < 31 * (M - 1); t++) for (var i = 0; i < 8; i++) unpack.bits[t][i] === 0;

    component leaf = BatchLeaf(M);
    leaf.k <== batchIndex;
    for (var j = 0; j < M; j++) leaf.d[j] <== d[j];

    component path = MerklePath(D);
    path.leaf <== leaf.out;
    path.index <== batchIndex;
    for (var l = 0; l < D; l++) path.siblings[l] <== siblings[l];
    path.root === testRoot;

    component fx[B][S];
    for (var b = 0; b < B; b++) {
        for (var s = 0; s < S; s++) {
            fx[b][s] = ByteToFixed(F);
            for (var i = 0; i < 8; i++) fx[b][s].in[i] <== unpack.bits[b * S + s][i];
            x[b][s] <== fx[b][s].out;
        }
        label[b] <== unpack.out[B * S + b];
    }
}
