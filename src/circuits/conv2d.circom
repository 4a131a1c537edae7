pragma circom 2.2.3;
include "conv-padding.circom";

// Conv2D(H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS): 2-D convolution with private
// weights, channels-last, Keras semantics (Conv2D without activation, dilation 1).
//   out[oy][ox][co] = Σ_{ky,kx,ci} in[oy·STRIDE_H + ky − PT][ox·STRIDE_W + kx − PL][ci] · weights[ky][kx][ci][co]
//                     + bias[co]                      (the bias term only when USE_BIAS = 1)
//   PADDING 0 = valid (PT = PL = 0, OH = floor((H − KH)/STRIDE_H) + 1);
//   PADDING 1 = same, TensorFlow arithmetic: OH = ceil(H / STRIDE_H),
//               PT = floor(max((OH − 1)·STRIDE_H + KH − H, 0) / 2); likewise OW and PL.
//   Taps on padding read zero and are skipped at compile time: they cost nothing.
//   in      : in[H][W][C_IN], field elements meant as signed fixed point at scale s_in.
//   weights : private, Keras layout weights[KH][KW][C_IN][C_OUT], scale s_w.
//   bias    : private, bias[C_OUT] at scale s_in + s_w; the array has size 0 when USE_BIAS = 0.
//   out     : out[OH][OW][C_OUT], the exact accumulator at scale s_in + s_w (equal to the integer sum whenever
//             |Σ| < p/2).
// One product signal per real (non-padded) multiply-accumulate, prod[n], pinned by prod === in·weight, in the
// order (oy, ox, co, ky, kx, ci); the sums are linear. No prover-supplied value exists (no `<--`).
// Constraints at --O2: TY·TX·C_IN·C_OUT, where TY = convRealTaps(H, KH, STRIDE_H, PADDING) counts the
// (output row, kernel row) pairs that read a real input row (TY = OH·KH for valid padding), likewise TX.
// Caller must still: range-check out (normally with the next Rescale(B, S)), choosing B for the worst case
// |in|·|w|·KH·KW·C_IN + |bias|; bind the weights and bias to the committed model. No rescale happens here.
template Conv2D(H, W, C_IN, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS) {
    assert(H >= 1);                      // H: input height, must be at least 1
    assert(W >= 1);                      // W: input width, must be at least 1
    assert(C_IN >= 1);                   // C_IN: number of input channels, must be at least 1
    assert(C_OUT >= 1);                  // C_OUT: number of output channels (filters), must be at least 1
    assert(KH >= 1);                     // KH: kernel height, must be at least 1
    assert(KW >= 1);                     // KW: kernel width, must be at least 1
    assert(STRIDE_H >= 1);               // STRIDE_H: vertical stride, must be at least 1
    assert(STRIDE_W >= 1);               // STRIDE_W: horizontal stride, must be at least 1
    assert(PADDING == 0 || PADDING == 1); // PADDING: must be 0 (valid) or 1 (same)
    assert(USE_BIAS == 0 || USE_BIAS == 1); // USE_BIAS: must be 0 or 1
    assert(PADDING == 1 || KH <= H);     // KH: kernel height must not exceed the input height H with valid padding
    assert(PADDING == 1 || KW <= W);     // KW: kernel width must not exceed the input width W with valid padding

    var OH = convOutSize(H, KH, STRIDE_H, PADDING);
    var OW = convOutSize(W, KW, STRIDE_W, PADDING);
    var PT = convPadBefore(H, KH, STRIDE_H, PADDING);
    var PL = convPadBefore(W, KW, STRIDE_W, PADDING);
    var N_MAC = convRealTaps(H, KH, STRIDE_H, PADDING) * convRealTaps(W, KW, STRIDE_W, PADDING) * C_IN * C_OUT;

    signal input in[H][W][C_IN];
    signal input weights[KH][KW][C_IN][C_OUT];
    signal input bias[USE_BIAS * C_OUT];
    signal output out[OH][OW][C_OUT];

    signal prod[N_MAC];
    var n = 0;
    for (var oy = 0; oy < OH; oy++) {
        for (var ox = 0; ox < OW; ox++) {
            for (var co = 0; co < C_OUT; co++) {
                var acc = 0;
                if (USE_BIAS == 1) acc = bias[co];
                for (var ky = 0; ky < KH; ky++) {
                    var iy = oy * STRIDE_H + ky - PT;
                    for (var kx = 0; kx < KW; kx++) {
                        var ix = ox * STRIDE_W + kx - PL;
                        if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                            for (var ci = 0; ci < C_IN; ci++) {
                                prod[n] <== in[iy][ix][ci] * weights[ky][kx][ci][co];
                                acc += prod[n];
                                n++;
                            }
                        }
                    }
                }
                out[oy][ox][co] <== acc;
            }
        }
    }
    assert(n == N_MAC);
}
