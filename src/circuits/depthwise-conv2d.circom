pragma circom 2.2.3;
include "conv-padding.circom";

// DepthwiseConv2D(H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS): depthwise 2-D
// convolution with private weights, channels-last, Keras semantics (DepthwiseConv2D, dilation 1). Each input
// channel c is convolved with its own DEPTH_MULT filters; output channel c·DEPTH_MULT + m (Keras order):
//   out[oy][ox][c·DEPTH_MULT + m] = Σ_{ky,kx} in[oy·STRIDE_H + ky − PT][ox·STRIDE_W + kx − PL][c] · weights[ky][kx][c][m]
//                                   + bias[c·DEPTH_MULT + m]          (the bias term only when USE_BIAS = 1)
//   PADDING 0 = valid, 1 = same with TensorFlow arithmetic (see conv-padding.circom); taps on padding read
//   zero and are skipped at compile time: they cost nothing.
//   in      : in[H][W][C_IN], field elements meant as signed fixed point at scale s_in.
//   weights : private, Keras layout weights[KH][KW][C_IN][DEPTH_MULT], scale s_w.
//   bias    : private, bias[C_IN·DEPTH_MULT] at scale s_in + s_w; size 0 when USE_BIAS = 0.
//   out     : out[OH][OW][C_IN·DEPTH_MULT], the exact accumulator at scale s_in + s_w (the integer sum
//             whenever |Σ| < p/2).
// One product signal per real multiply-accumulate, prod[n], pinned by prod === in·weight, in the order
// (oy, ox, c, m, ky, kx); the sums are linear. No prover-supplied value exists (no `<--`).
// Constraints at --O2: TY·TX·C_IN·DEPTH_MULT, with TY = convRealTaps(H, KH, STRIDE_H, PADDING) and
// TX = convRealTaps(W, KW, STRIDE_W, PADDING) (OH·KH and OW·KW for valid padding).
// Caller must still: range-check out (normally with the next Rescale(B, S)), choosing B for the worst case
// |in|·|w|·KH·KW + |bias|; bind the weights and bias to the committed model. No rescale happens here.
template DepthwiseConv2D(H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS) {
    assert(H >= 1);                      // H: input height, must be at least 1
    assert(W >= 1);                      // W: input width, must be at least 1
    assert(C_IN >= 1);                   // C_IN: number of input channels, must be at least 1
    assert(DEPTH_MULT >= 1);             // DEPTH_MULT: depth multiplier, must be at least 1
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
    var C_OUT = C_IN * DEPTH_MULT;
    var N_MAC = convRealTaps(H, KH, STRIDE_H, PADDING) * convRealTaps(W, KW, STRIDE_W, PADDING) * C_OUT;

    signal input in[H][W][C_IN];
    signal input weights[KH][KW][C_IN][DEPTH_MULT];
    signal input bias[USE_BIAS * C_OUT];
    signal output out[OH][OW][C_OUT];

    signal prod[N_MAC];
    var n = 0;
    for (var oy = 0; oy < OH; oy++) {
        for (var ox = 0; ox < OW; ox++) {
            for (var c = 0; c < C_IN; c++) {
                for (var m = 0; m < DEPTH_MULT; m++) {
                    var acc = 0;
                    if (USE_BIAS == 1) acc = bias[c * DEPTH_MULT + m];
                    for (var ky = 0; ky < KH; ky++) {
                        var iy = oy * STRIDE_H + ky - PT;
                        for (var kx = 0; kx < KW; kx++) {
                            var ix = ox * STRIDE_W + kx - PL;
                            if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                                prod[n] <== in[iy][ix][c] * weights[ky][kx][c][m];
                                acc += prod[n];
                                n++;
                            }
                        }
                    }
                    out[oy][ox][c * DEPTH_MULT + m] <== acc;
                }
            }
        }
    }
    assert(n == N_MAC);
}
