pragma circom 2.2.3;

// Convolution geometry along one axis (functions only, no template), Keras/TensorFlow arithmetic,
// dilation 1. Shared by Conv1D, Conv2D and DepthwiseConv2D; mirrors src/core/witness/padding.ts.
//   PADDING 0 (valid): out = floor((in − k) / stride) + 1, nothing padded (needs k ≤ in).
//   PADDING 1 (same) : out = ceil(in / stride), pad_total = max((out − 1)·stride + k − in, 0),
//                      pad_before = floor(pad_total / 2).
// All arguments are compile-time parameters; the callers check them before calling.

function convOutSize(IN, K, STRIDE, PADDING) {
    if (PADDING == 1) return (IN + STRIDE - 1) \ STRIDE;
    return (IN - K) \ STRIDE + 1;
}

function convPadBefore(IN, K, STRIDE, PADDING) {
    if (PADDING == 0) return 0;
    var total = (convOutSize(IN, K, STRIDE, PADDING) - 1) * STRIDE + K - IN;
    if (total < 0) return 0;
    return total \ 2;
}

// Number of (output, tap) pairs that read a real input value rather than padding.
function convRealTaps(IN, K, STRIDE, PADDING) {
    var outSize = convOutSize(IN, K, STRIDE, PADDING);
    var before = convPadBefore(IN, K, STRIDE, PADDING);
    var n = 0;
    for (var o = 0; o < outSize; o++) {
        for (var t = 0; t < K; t++) {
            var i = o * STRIDE + t - before;
            if (i >= 0 && i < IN) n++;
        }
    }
    return n;
}
