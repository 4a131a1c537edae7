pragma circom 2.2.3;
include "max.circom";
include "pool-window.circom";

// MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B): Keras MaxPooling2D, channels-last.
//   in  : in[H][W][C], signed B-bit values in [-2^(B-1), 2^(B-1)).
//   out : out[OH][OW][C], the maximum of each PH×PW window, per channel; same range as in.
//   PADDING 0 (valid) or 1 (same, TensorFlow arithmetic, see pool-window.circom). Padded positions
//   are IGNORED (they act as −∞, as in TensorFlow): each output is MaxN over the window's real
//   elements only, so an all-negative border stays negative (padding with zeros would be wrong).
// Constraints: C * (B+2) * sum over windows of (count - 1), where count = real elements of the
// window. With rows r_i and columns c_j real per window, that is C*(B+2)*(Σr_i·Σc_j − OH·OW);
// a full 2×2 window costs 3*(B+2) = 102 at B = 32, a 1-element window costs 0.
// Prover-supplied values: only MaxN's comparator bits, each pinned by a Num2Bits(B+1).
// Caller must still: feed range-checked B-bit inputs (MaxN compares them exactly but does not
// range-check them one by one; see max.circom).
template MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B) {
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
    var OH = poolOutSize(H, PH, STRIDE_H, PADDING);
    var OW = poolOutSize(W, PW, STRIDE_W, PADDING);
    signal input in[H][W][C];
    signal output out[OH][OW][C];

    component mx[OH][OW][C];
    for (var i = 0; i < OH; i++) {
        var r0 = poolLo(i, H, PH, STRIDE_H, PADDING);
        var r1 = poolHi(i, H, PH, STRIDE_H, PADDING);
        for (var j = 0; j < OW; j++) {
            var c0 = poolLo(j, W, PW, STRIDE_W, PADDING);
            var c1 = poolHi(j, W, PW, STRIDE_W, PADDING);
            for (var c = 0; c < C; c++) {
                mx[i][j][c] = MaxN((r1 - r0) * (c1 - c0), B);
                var n = 0;
                for (var r = r0; r < r1; r++) {
                    for (var q = c0; q < c1; q++) {
                        mx[i][j][c].in[n] <== in[r][q][c];
                        n++;
                    }
                }
                out[i][j][c] <== mx[i][j][c].out;
            }
        }
    }
}
