pragma circom 2.2.3;
include "div-floor.circom";

// GlobalAveragePooling2D(H, W, C, B): Keras GlobalAveragePooling2D, channels-last, with the mean
// rounded towards −∞.
//   in  : in[H][W][C], signed B-bit values in [-2^(B-1), 2^(B-1)).
//   out : out[C] = floor(Σ_{i,j} in[i][j][c] / (H·W)), signed B-bit.
// The channel sums are linear (free); each goes through DivFloor(B, H·W) (see div-floor.circom).
// Constraints: C * DivFloor(B, H·W) = C*(B+K) if H·W = 2^K, else C*(B+2K) with K = ceil(log2(H·W)).
// Prover-supplied values: each DivFloor's quotient and remainder (or bits), all range-checked.
// Caller must still: nothing beyond the input range. The inputs are not range-checked one by one,
// but each channel sum is: outside [-2^(B-1)·H·W, 2^(B-1)·H·W) the witness is unsatisfiable.
template GlobalAveragePooling2D(H, W, C, B) {
    assert(H >= 1);                           // H: input height, must be at least 1
    assert(W >= 1);                           // W: input width, must be at least 1
    assert(C >= 1);                           // C: channels, must be at least 1
    assert(B >= 1 && B <= 251);               // B: bit width of the signed inputs, must be in [1, 251]
    assert(B + divFloorBits(H * W) <= 252);   // B: too wide for H*W values, needs B + ceil(log2(H*W)) <= 252
    signal input in[H][W][C];
    signal output out[C];

    component dv[C];
    for (var c = 0; c < C; c++) {
        var s = 0;
        for (var i = 0; i < H; i++) {
            for (var j = 0; j < W; j++) s += in[i][j][c];
        }
        dv[c] = DivFloor(B, H * W);
        dv[c].in <== s;
        out[c] <== dv[c].out;
    }
}
