pragma circom 2.2.3;
include "conv-padding.circom";

// Conv1D(L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS): 1-D convolution with private weights, channels-last,
// Keras semantics (Conv1D without activation, dilation 1).
//   out[o][co] = Σ_{k,ci} in[o·STRIDE + k − PB][ci] · weights[k][ci][co] + bias[co]   (bias only if USE_BIAS = 1)
//   PADDING 0 = valid (PB = 0, OL = floor((L − K)/STRIDE) + 1);
//   PADDING 1 = same, TensorFlow arithmetic: OL = ceil(L / STRIDE), PB = floor(max((OL − 1)·STRIDE + K − L, 0) / 2).
//   Taps on padding read zero and are skipped at compile time: they cost nothing. (Keras's 'causal' padding
//   is not supported.)
//   in      : in[L][C_IN], field elements meant as signed fixed point at scale s_in.
//   weights : private, Keras layout weights[K][C_IN][C_OUT], scale s_w.
//   bias    : private, bias[C_OUT] at scale s_in + s_w; the array has size 0 when USE_BIAS = 0.
//   out     : out[OL][C_OUT], the exact accumulator at scale s_in + s_w (the integer sum whenever |Σ| < p/2).
// One product signal per real multiply-accumulate, prod[n], pinned by prod === in·weight, in the order
// (o, co, k, ci); the sums are linear. No prover-supplied value exists (no `<--`).
// Constraints at --O2: T·C_IN·C_OUT, where T = convRealTaps(L, K, STRIDE, PADDING) counts the (output, tap)
// pairs that read a real input position (T = OL·K for valid padding).
// Caller must still: range-check out (normally with the next Rescale(B, S)), choosing B for the worst case
// |in|·|w|·K·C_IN + |bias|; bind the weights and bias to the committed model. No rescale happens here.
template Conv1D(L, C_IN, C_OUT, K, STRIDE, PADDING, USE_BIAS) {
    assert(L >= 1);                      // L: input length, must be at least 1
    assert(C_IN >= 1);                   // C_IN: number of input channels, must be at least 1
    assert(C_OUT >= 1);                  // C_OUT: number of output channels (filters), must be at least 1
    assert(K >= 1);                      // K: kernel size, must be at least 1
    assert(STRIDE >= 1);                 // STRIDE: stride, must be at least 1
    assert(PADDING == 0 || PADDING == 1); // PADDING: must be 0 (valid) or 1 (same)
    assert(USE_BIAS == 0 || USE_BIAS == 1); // USE_BIAS: must be 0 or 1
    assert(PADDING == 1 || K <= L);      // K: kernel size must not exceed the input length L with valid padding

    var OL = convOutSize(L, K, STRIDE, PADDING);
    var PB = convPadBefore(L, K, STRIDE, PADDING);
    var N_MAC = convRealTaps(L, K, STRIDE, PADDING) * C_IN * C_OUT;

    signal input in[L][C_IN];
    signal input weights[K][C_IN][C_OUT];
    signal input bias[USE_BIAS * C_OUT];
    signal output out[OL][C_OUT];

    signal prod[N_MAC];
    var n = 0;
    for (var o = 0; o < OL; o++) {
        for (var co = 0; co < C_OUT; co++) {
            var acc = 0;
            if (USE_BIAS == 1) acc = bias[co];
            for (var k = 0; k < K; k++) {
                var i = o * STRIDE + k - PB;
                if (i >= 0 && i < L) {
                    for (var ci = 0; ci < C_IN; ci++) {
                        prod[n] <== in[i][ci] * weights[k][ci][co];
                        acc += prod[n];
                        n++;
                    }
                }
            }
            out[o][co] <== acc;
        }
    }
    assert(n == N_MAC);
}
