pragma circom 2.2.3;

// Concatenate(H, W, C1, C2): Keras Concatenate on the channel axis (axis = -1, the default) of two
// channels-last tensors.
//   a, b : a[H][W][C1], b[H][W][C2], any values (normally at the same scale, which the next layer
//          relies on).
//   out  : out[H][W][C1+C2], out[i][j][c] = a[i][j][c] for c < C1, b[i][j][c-C1] otherwise.
// 1-D tensors [L][C] concatenate as Concatenate(1, L, C1, C2), flat vectors as (1, 1, N1, N2).
// Constraints: 0 (wiring only).
// Prover-supplied values: none.
// Caller must still: bring both operands to the same scale if a later layer mixes channels.
template Concatenate(H, W, C1, C2) {
    assert(H >= 1);    // H: height, must be at least 1
    assert(W >= 1);    // W: width, must be at least 1
    assert(C1 >= 1);   // C1: channels of the first tensor, must be at least 1
    assert(C2 >= 1);   // C2: channels of the second tensor, must be at least 1
    signal input a[H][W][C1];
    signal input b[H][W][C2];
    signal output out[H][W][C1 + C2];

    for (var i = 0; i < H; i++) {
        for (var j = 0; j < W; j++) {
            for (var c = 0; c < C1; c++) out[i][j][c] <== a[i][j][c];
            for (var c = 0; c < C2; c++) out[i][j][C1 + c] <== b[i][j][c];
        }
    }
}
