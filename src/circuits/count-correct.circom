pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// CountCorrect(B, C): how many of B predictions equal their labels, each label proven to be a class
// (docs/PROTOCOL.md §6).
//   pred    : B predicted classes (ArgMax outputs: integers in [0, C)); any field elements work.
//   label   : B labels; each must be an integer in [0, C), else the witness is unsatisfiable.
//   correct : Σ_b [pred[b] == label[b]], in [0, B].
// With L = bitlen(C - 1): label ∈ [0, 2^L) by Num2Bits(L), and unless C = 2^L also
//   C - 1 - label ∈ [0, 2^L) by a second Num2Bits(L); together label ∈ [0, C), for any field element.
// Equality by circomlib IsEqual (IsZero of the difference: 2 constraints, its inverse hint pinned).
// Constraints: B·(2 + L) if C is a power of two, else B·(2 + 2L). CountCorrect(10, 10) = 100.
// Prover-supplied values: the label bits (Num2Bits) and IsZero's inverse, pinned as above.
// Caller must still: feed pred from a proven argmax over C classes (ties to the lowest index), and
//   publish correct.
template CountCorrect(B, C) {
    assert(B >= 1);              // B: number of samples, must be at least 1
    assert(C >= 2 && C <= 256);  // C: number of classes, must be in [2, 256] (labels are bytes)
    var L = 0;
    while ((1 << L) < C) L++;
    signal input pred[B];
    signal input label[B];
    signal output correct;

    component lo[B];
    component hi[B];
    component eq[B];
    var sum = 0;
    for (var b = 0; b < B; b++) {
        lo[b] = Num2Bits(L);
        lo[b].in <== label[b];
        if ((1 << L) != C) {
            hi[b] = Num2Bits(L);
            hi[b].in <== C - 1 - label[b];
        }
        eq[b] = IsEqual();
        eq[b].in[0] <== pred[b];
        eq[b].in[1] <== label[b];
        sum += eq[b].out;
    }
    correct <== sum;
}
