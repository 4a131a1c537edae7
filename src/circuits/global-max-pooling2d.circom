pragma circom 2.2.3;
include "max.circom";

// GlobalMaxPooling2D(H, W, C, B): Keras GlobalMaxPooling2D, channels-last.
//   in  : in[H][W][C], signed B-bit values in [-2^(B-1), 2^(B-1)).
//   out : out[C], the maximum over all H·W positions of each channel; same range as in.
// Constraints: C * (H*W - 1) * (B+2) (one MaxN(H*W, B) per channel).
// Prover-supplied values: only MaxN's comparator bits, each pinned by a Num2Bits(B+1).
// Caller must still: feed range-checked B-bit inputs (MaxN compares them exactly but does not
// range-check them one by one; see max.circom).
template GlobalMaxPooling2D(H, W, C, B) {
    assert(H >= 1);              // H: input height, must be at least 1
    assert(W >= 1);              // W: input width, must be at least 1
    assert(C >= 1);              // C: channels, must be at least 1
    assert(B >= 1 && B <= 251);  // B: bit width of the signed inputs, must be in [1, 251]
    signal input in[H][W][C];
    signal output out[C];

    component mx[C];
    for (var c = 0; c < C; c++) {
        mx[c] = MaxN(H * W, B);
        for (var i = 0; i < H; i++) {
            for (var j = 0; j < W; j++) mx[c].in[i * W + j] <== in[i][j][c];
        }
        out[c] <== mx[c].out;
    }
}
