pragma circom 2.2.3;
include "conv-padding.circom";
include "depthwise-conv2d.circom";
include "pointwise-conv2d.circom";

// SeparableConv2D(H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS): Keras
// SeparableConv2D (dilation 1, no activation) with private weights: DepthwiseConv2D without bias, then
// PointwiseConv2D with the layer's bias.
//   mid[oy][ox][c·DEPTH_MULT + m] = DepthwiseConv2D(in, depthwiseWeights)          (no bias, as in Keras)
//   out[oy][ox][co]               = Σ_j mid[oy][ox][j] · pointwiseWeights[j][co] + bias[co]
//   in               : in[H][W][C_IN], signed fixed point at scale s_in.
//   depthwiseWeights : private, Keras layout [KH][KW][C_IN][DEPTH_MULT], scale s_dw.
//   pointwiseWeights : private, [C_IN·DEPTH_MULT][C_OUT] (Keras's [1][1][C_IN·DEPTH_MULT][C_OUT] with the unit
//                      axes dropped), scale s_pw.
//   bias             : private, bias[C_OUT] at scale s_in + s_dw + s_pw; size 0 when USE_BIAS = 0.
//   out              : out[OH][OW][C_OUT] at scale s_in + s_dw + s_pw.
// Scale: there is NO rescale between the two halves. The intermediate accumulator (scale s_in + s_dw) feeds the
// pointwise products exactly, so out is the exact integer result of the float layer's arithmetic and the
// caller removes s_dw + s_pw with one Rescale(B, s_dw + s_pw). This is cheaper (no bit decomposition of the
// C_IN·DEPTH_MULT intermediate channels) and has no intermediate rounding error; the price is a wider
// accumulator, which the field absorbs easily (|out| ≤ |in|·|dw|·KH·KW·|pw|·C_IN·DEPTH_MULT + |bias|).
// PADDING 0 = valid, 1 = same with TensorFlow arithmetic; padded taps cost nothing.
// No prover-supplied value exists (no `<--`); every product is pinned by prod === a·b, the sums are linear
// (the intermediate depthwise outputs are linear combinations and vanish at --O2).
// Constraints at --O2: TY·TX·C_IN·DEPTH_MULT + OH·OW·C_IN·DEPTH_MULT·C_OUT, with TY, TX the real-tap counts
// of DepthwiseConv2D (convRealTaps) and OH, OW the output size.
// Caller must still: range-check out (normally with the next Rescale(B, S)); bind weights and bias to the
// committed model.
template SeparableConv2D(H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS) {
    assert(H >= 1);                      // H: input height, must be at least 1
    assert(W >= 1);                      // W: input width, must be at least 1
    assert(C_IN >= 1);                   // C_IN: number of input channels, must be at least 1
    assert(DEPTH_MULT >= 1);             // DEPTH_MULT: depth multiplier, must be at least 1
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
    var C_MID = C_IN * DEPTH_MULT;

    signal input in[H][W][C_IN];
    signal input depthwiseWeights[KH][KW][C_IN][DEPTH_MULT];
    signal input pointwiseWeights[C_MID][C_OUT];
    signal input bias[USE_BIAS * C_OUT];
    signal output out[OH][OW][C_OUT];

    component dw = DepthwiseConv2D(H, W, C_IN, DEPTH_MULT, KH, KW, STRIDE_H, STRIDE_W, PADDING, 0);
    dw.in <== in;
    dw.weights <== depthwiseWeights;

    component pw = PointwiseConv2D(OH, OW, C_MID, C_OUT, USE_BIAS);
    pw.in <== dw.out;
    pw.weights <== pointwiseWeights;
    pw.bias <== bias;
    out <== pw.out;
}
