pragma circom 2.2.3;

// BatchNorm(N, C): Keras BatchNormalization (inference mode, over the last axis) folded into a per-channel
// affine map with private parameters, on N positions × C channels (an [H][W][C] tensor is passed as N = H·W):
//   out[n][c] = in[n][c] · scale[c] + shift[c]
//   in    : in[N][C], field elements meant as signed fixed point at scale s_in.
//   scale : private, scale[c] = gamma[c] / sqrt(moving_variance[c] + epsilon) quantised at scale s_bn.
//   shift : private, shift[c] = beta[c] − moving_mean[c]·scale[c] quantised at scale s_in + s_bn.
//           (The float folding is foldBatchNorm in src/core/quantize/fold-batch-norm.ts.)
//   out   : out[N][C] at scale s_in + s_bn, exact (the integer value whenever |out| < p/2).
// Each element is one quadratic constraint in·scale = out − shift; there is no intermediate signal and no
// prover-supplied value (no `<--`).
// Constraints at --O2: N·C.
// Caller must still: range-check out (normally with the next Rescale(B, s_bn)), choosing B for the worst case
// |in|·|scale| + |shift|; bind scale and shift to the committed model. No rescale happens here.
template BatchNorm(N, C) {
    assert(N >= 1); // N: number of positions (H·W for an image), must be at least 1
    assert(C >= 1); // C: number of channels, must be at least 1

    signal input in[N][C];
    signal input scale[C];
    signal input shift[C];
    signal output out[N][C];

    for (var n = 0; n < N; n++) {
        for (var c = 0; c < C; c++) {
            out[n][c] <== in[n][c] * scale[c] + shift[c];
        }
    }
}
