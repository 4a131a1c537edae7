pragma circom 2.2.3;

// UpSampling2D(H, W, C, SH, SW): Keras UpSampling2D with interpolation="nearest", channels-last.
//   in  : in[H][W][C], any values.
//   out : out[H*SH][W*SW][C], out[i][j][c] = in[floor(i/SH)][floor(j/SW)][c] (same range as in).
// Constraints: 0 inside a circuit (wiring only). Compiled alone as the main component, circom keeps
// one linear equation per repeated output, H*W*C*(SH*SW - 1), since both sides are main outputs.
// Prover-supplied values: none.
// Caller must still: nothing.
template UpSampling2D(H, W, C, SH, SW) {
    assert(H >= 1);    // H: input height, must be at least 1
    assert(W >= 1);    // W: input width, must be at least 1
    assert(C >= 1);    // C: channels, must be at least 1
    assert(SH >= 1);   // SH: vertical upsampling factor, must be at least 1
    assert(SW >= 1);   // SW: horizontal upsampling factor, must be at least 1
    signal input in[H][W][C];
    signal output out[H * SH][W * SW][C];

    for (var i = 0; i < H * SH; i++) {
        for (var j = 0; j < W * SW; j++) {
            for (var c = 0; c < C; c++) out[i][j][c] <== in[i \ SH][j \ SW][c];
        }
    }
}
