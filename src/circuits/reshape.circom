pragma circom 2.2.3;

// Reshape(D0, D1, D2): Keras Reshape of a flat vector into a [D0][D1][D2] tensor.
//   in  : in[D0*D1*D2], any values (a flattened tensor, see Flatten).
//   out : out[D0][D1][D2], row-major (Keras order): out[a][b][c] = in[(a*D1 + b)*D2 + c].
// Any Keras Reshape between shapes of the same size is Flatten followed by Reshape (a 2-D target
// [D0][D1] is Reshape(D0, D1, 1)).
// Constraints: 0 (wiring only).
// Prover-supplied values: none.
// Caller must still: nothing.
template Reshape(D0, D1, D2) {
    assert(D0 >= 1);   // D0: first output dimension, must be at least 1
    assert(D1 >= 1);   // D1: second output dimension, must be at least 1
    assert(D2 >= 1);   // D2: third output dimension, must be at least 1
    signal input in[D0 * D1 * D2];
    signal output out[D0][D1][D2];

    for (var a = 0; a < D0; a++) {
        for (var b = 0; b < D1; b++) {
            for (var c = 0; c < D2; c++) out[a][b][c] <== in[(a * D1 + b) * D2 + c];
        }
    }
}
