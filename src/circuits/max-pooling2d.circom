pragma circom 2.2.3;
include "max.circom";
include "pool-window.circom";

// MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B, BR): Keras MaxPooling2D, channels-last.
//   in  : in[H][W][C], integers; two values of one window (and channel) must differ by less than
//         2^B, two values of one window ROW by less than 2^BR (BR <= B). Signed B-bit values
//         satisfy both with BR = B; the quantizer derives narrower widths by interval analysis of
//         the differences (src/core/quantize/diff-bounds.ts).
//   out : out[OH][OW][C], the maximum of each PH×PW window, per channel; one of the inputs.
//   PADDING 0 (valid) or 1 (same, TensorFlow arithmetic, see pool-window.circom). Padded positions
//   are IGNORED (they act as −∞, as in TensorFlow): each output is the maximum of the window's real
//   elements only, so an all-negative border stays negative (padding with zeros would be wrong).
// Each window is reduced row by row: row[r] = MaxN(cols, BR) of its real elements in row r (those
// differ only by a horizontal offset), then out = MaxN(rows, B) of the row maxima.
// Constraints: C * Σ over windows of (rows·(cols−1)·(BR+2) + (rows−1)·(B+2)), rows and cols being
// the window's real rows and columns; a full 2×2 window costs 2*(BR+2) + (B+2) (= 102 at
// B = BR = 32, 55 at B = 17, BR = 16), a 1-element window costs 0.
// Prover-supplied values: only MaxN's comparator bits, each pinned by a Num2Bits(BR+1) or
// Num2Bits(B+1). A difference outside those widths is refused (no solution), never wrapped.
// Caller must still: feed inputs whose differences fit the widths (else an honest witness fails)
// and whose true values stay within |x| < p/4 (see max.circom).
template MaxPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING, B, BR) {
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
    assert(B >= 1 && B <= 251);            // B: bit width of the differences in a window, must be in [1, 251]
    assert(BR >= 1 && BR <= B);            // BR: bit width of the differences in a window row, must be in [1, B]
    var OH = poolOutSize(H, PH, STRIDE_H, PADDING);
    var OW = poolOutSize(W, PW, STRIDE_W, PADDING);
    signal input in[H][W][C];
    signal output out[OH][OW][C];

    component row[OH][OW][C][PH];
    component mx[OH][OW][C];
    for (var i = 0; i < OH; i++) {
        var r0 = poolLo(i, H, PH, STRIDE_H, PADDING);
        var r1 = poolHi(i, H, PH, STRIDE_H, PADDING);
        for (var j = 0; j < OW; j++) {
            var c0 = poolLo(j, W, PW, STRIDE_W, PADDING);
            var c1 = poolHi(j, W, PW, STRIDE_W, PADDING);
            for (var c = 0; c < C; c++) {
                mx[i][j][c] = MaxN(r1 - r0, B);
                for (var r = r0; r < r1; r++) {
                    row[i][j][c][r - r0] = MaxN(c1 - c0, BR);
                    for (var q = c0; q < c1; q++) row[i][j][c][r - r0].in[q - c0] <== in[r][q][c];
                    mx[i][j][c].in[r - r0] <== row[i][j][c][r - r0].out;
                }
                out[i][j][c] <== mx[i][j][c].out;
            }
        }
    }
}
