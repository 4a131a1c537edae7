pragma circom 2.2.3;

// PointwiseConv2D(H, W, C_IN, C_OUT, USE_BIAS): 1×1 convolution with private weights, channels-last (a Keras
// Conv2D with kernel_size 1, stride 1; also the second half of SeparableConv2D). A per-pixel Dense:
//   out[y][x][co] = Σ_ci in[y][x][ci] · weights[ci][co] + bias[co]      (the bias term only when USE_BIAS = 1)
//   in      : in[H][W][C_IN], field elements meant as signed fixed point at scale s_in.
//   weights : private, weights[C_IN][C_OUT], scale s_w: Keras's 1×1 kernel [1][1][C_IN][C_OUT] with the two
//             unit axes dropped (same row-major order).
//   bias    : private, bias[C_OUT] at scale s_in + s_w; size 0 when USE_BIAS = 0.
//   out     : out[H][W][C_OUT], the exact accumulator at scale s_in + s_w (the integer sum whenever |Σ| < p/2).
// One product signal per multiply-accumulate, prod[y][x][co][ci], pinned by prod === in·weight; the sums are
// linear. No prover-supplied value exists (no `<--`).
// Constraints at --O2: H·W·C_IN·C_OUT.
// Caller must still: range-check out (normally with the next Rescale(B, S)), choosing B for the worst case
// |in|·|w|·C_IN + |bias|; bind the weights and bias to the committed model. No rescale happens here.
template PointwiseConv2D(H, W, C_IN, C_OUT, USE_BIAS) {
    assert(H >= 1);                      // H: input height, must be at least 1
    assert(W >= 1);                      // W: input width, must be at least 1
    assert(C_IN >= 1);                   // C_IN: number of input channels, must be at least 1
    assert(C_OUT >= 1);                  // C_OUT: number of output channels (filters), must be at least 1
    assert(USE_BIAS == 0 || USE_BIAS == 1); // USE_BIAS: must be 0 or 1

    signal input in[H][W][C_IN];
    signal input weights[C_IN][C_OUT];
    signal input bias[USE_BIAS * C_OUT];
    signal output out[H][W][C_OUT];

    signal prod[H][W][C_OUT][C_IN];
    for (var y = 0; y < H; y++) {
        for (var x = 0; x < W; x++) {
            for (var co = 0; co < C_OUT; co++) {
                var acc = 0;
                if (USE_BIAS == 1) acc = bias[co];
                for (var ci = 0; ci < C_IN; ci++) {
                    prod[y][x][co][ci] <== in[y][x][ci] * weights[ci][co];
                    acc += prod[y][x][co][ci];
                }
                out[y][x][co] <== acc;
            }
        }
    }
}
