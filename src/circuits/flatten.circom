pragma circom 2.2.3;

// Flatten(H, W, C): Keras Flatten of a channels-last tensor.
//   in  : in[H][W][C], any values.
//   out : out[H*W*C], row-major (Keras order): out[(i*W + j)*C + c] = in[i][j][c].
// Constraints: 0 (wiring only).
// Prover-supplied values: none.
// Caller must still: nothing. 1-D inputs [L][C] flatten as Flatten(1, L, C).
template Flatten(H, W, C) {
    assert(H >= 1);   // H: input height, must be at least 1
    assert(W >= 1);   // W: input width, must be at least 1
    assert(C >= 1);   // C: channels, must be at least 1
    signal input in[H][W][C];
    signal output out[H * W * C];

    for (var i = 0; i < H; i++) {
        for (var j = 0; j < W; j++) {
            for (var c = 0; c < C; c++) out[(i * W + j) * C + c] <== in[i][j][c];
        }
    }
}
