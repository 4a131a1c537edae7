pragma circom 2.2.3;

// ZeroPadding2D(H, W, C, TOP, BOTTOM, LEFT, RIGHT): Keras ZeroPadding2D, channels-last.
//   in  : in[H][W][C], any values.
//   out : out[TOP+H+BOTTOM][LEFT+W+RIGHT][C], in placed at (TOP, LEFT), zeros around it.
// Constraints: 0 inside a circuit (wiring and constants). Compiled alone as the main component,
// circom keeps one equation out = 0 per padded output (a main output cannot be substituted away),
// C*((TOP+H+BOTTOM)*(LEFT+W+RIGHT) - H*W).
// Prover-supplied values: none; the zeros are constants.
// Caller must still: nothing. (Pooling and convolution templates handle their own padding without
// materialising it; this is for models with an explicit ZeroPadding2D layer.)
template ZeroPadding2D(H, W, C, TOP, BOTTOM, LEFT, RIGHT) {
    assert(H >= 1);        // H: input height, must be at least 1
    assert(W >= 1);        // W: input width, must be at least 1
    assert(C >= 1);        // C: channels, must be at least 1
    assert(TOP >= 0);      // TOP: rows added above, must be at least 0
    assert(BOTTOM >= 0);   // BOTTOM: rows added below, must be at least 0
    assert(LEFT >= 0);     // LEFT: columns added on the left, must be at least 0
    assert(RIGHT >= 0);    // RIGHT: columns added on the right, must be at least 0
    signal input in[H][W][C];
    signal output out[TOP + H + BOTTOM][LEFT + W + RIGHT][C];

    for (var i = 0; i < TOP + H + BOTTOM; i++) {
        for (var j = 0; j < LEFT + W + RIGHT; j++) {
            for (var c = 0; c < C; c++) {
                if (i >= TOP && i < TOP + H && j >= LEFT && j < LEFT + W) {
                    out[i][j][c] <== in[i - TOP][j - LEFT][c];
                } else {
                    out[i][j][c] <== 0;
                }
            }
        }
    }
}
