pragma circom 2.2.3;
include "pool-window.circom";

// SumPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING): the sum of each pooling window, per
// channel, channels-last (AveragePooling2D without the division).
//   in  : in[H][W][C], any field values (signed in practice).
//   out : out[OH][OW][C], the sum of the window's real elements (padding adds nothing).
//   PADDING 0 (valid) or 1 (same, TensorFlow arithmetic, see pool-window.circom).
// Constraints: 0 inside a circuit (linear). Compiled alone as the main component, circom keeps one
// linear constraint per output that repeats another output's window (only possible with same
// padding and a pool larger than the input); it has no other cost.
// Prover-supplied values: none.
// Caller must still: account for the growth: sums of signed B-bit values need B + ceil(log2(PH·PW))
// bits, so the next range check (e.g. Rescale) must be that wide.
template SumPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING) {
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
    var OH = poolOutSize(H, PH, STRIDE_H, PADDING);
    var OW = poolOutSize(W, PW, STRIDE_W, PADDING);
    signal input in[H][W][C];
    signal output out[OH][OW][C];

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
                out[i][j][c] <== s;
            }
        }
    }
}
