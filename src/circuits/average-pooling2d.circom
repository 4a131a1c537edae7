pragma circom 2.2.3;
include "div-floor.circom";
include "pool-window.circom";

// AveragePooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B): Keras AveragePooling2D,
// channels-last, with the mean rounded towards −∞.
//   in  : in[H][W][C], signed B-bit values in [-2^(B-1), 2^(B-1)).
//   out : out[OH][OW][C] = floor(window_sum / count), signed B-bit, where count is the number of
//         REAL elements of the window: with same padding (PADDING 1, TensorFlow arithmetic, see
//         pool-window.circom) padded positions are neither summed nor counted, as in Keras.
// Each output is DivFloor(B, count) of its (linear, free) window sum: count is a compile-time
// constant per window, a power of two or not (see div-floor.circom).
// Constraints: C * Σ over windows of DivFloor(B, count) = B + K if count = 2^K, else B + 2K with
// K = ceil(log2 count). A full 2×2 window costs B + 2; a 3×3 one B + 8.
// Prover-supplied values: each DivFloor's quotient and remainder (or bits), all range-checked;
// no prover-chosen value is left free.
// Caller must still: nothing beyond the input range. The inputs are not range-checked one by one,
// but each window sum is (by its DivFloor): a sum outside [-2^(B-1)·count, 2^(B-1)·count) makes the
// witness unsatisfiable, and every output is proven signed B-bit.
template AveragePooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B) {
    assert(H >= 1);                        // H: input height, must be at least 1
    assert(W >= 1);                        // W: input width, must be at least 1
    assert(C >= 1);                        // C: channels, must be at least 1
    assert(PH >= 1);                       // PH: pool height, must be at least 1
    assert(PW >= 1);                       // PW: pool width, must be at least 1
    assert(STRIDE_H >= 1);                 // STRIDE_H: vertical stride, must be at least 1
    assert(STRIDE_W >= 1);                 // STRIDE_W: horizontal stride, must be at least 1
    assert(PADDING == 0 || PADDING == 1);  // PADDING: 0 = valid, 1 = same
    assert(PADDING == 1 || PH <= H);       // PH: pool height must not exceed H with valid padding
    assert(PADDING == 1 || PW <= W);       // PW: pool width must not exceed W with valid padding
    assert(B >= 1 && B <= 251);            // B: bit width of the signed inputs, must be in [1, 251]
    assert(B + divFloorBits(PH * PW) <= 252);  // B: too wide for the pool, needs B + ceil(log2(PH*PW)) <= 252
    var OH = poolOutSize(H, PH, STRIDE_H, PADDING);
    var OW = poolOutSize(W, PW, STRIDE_W, PADDING);
    signal input in[H][W][C];
    signal output out[OH][OW][C];

    component dv[OH][OW][C];
    for (var i = 0; i < OH; i++) {
        var r0 = poolLo(i, H, PH, STRIDE_H, PADDING);
        var r1 = poolHi(i, H, PH, STRIDE_H, PADDING);
        for (var j = 0; j < OW; j++) {
            var c0 = poolLo(j, W, PW, STRIDE_W, PADDING);
            var c1 = poolHi(j, W, PW, STRIDE_W, PADDING);
            for (var c = 0; c < C; c++) {
                var s = 0;
                for (var r = r0; r < r1; r++) {
                    for (var q = c0; q < c1; q++) s += in[r][q][c];
                }
                dv[i][j][c] = DivFloor(B, (r1 - r0) * (c1 - c0));
                dv[i][j][c].in <== s;
                out[i][j][c] <== dv[i][j][c].out;
            }
        }
    }
}
