pragma circom 2.2.3;

// Pooling-window geometry along one axis (functions only, no template), Keras/TensorFlow
// arithmetic; mirrors src/core/witness/pool-window.ts. Shared by MaxPooling2D, AveragePooling2D
// and SumPooling2D.
//   PADDING 0 (valid): out = floor((in − k) / stride) + 1, nothing padded (needs k ≤ in).
//   PADDING 1 (same) : out = ceil(in / stride), pad_total = max((out − 1)·stride + k − in, 0),
//                      pad_before = floor(pad_total / 2).
// Pooling never reads padding: output o covers the REAL input indices poolLo ≤ i < poolHi, which
// always hold at least one element. All arguments are compile-time parameters; the callers check
// them before calling.

function poolOutSize(IN, K, STRIDE, PADDING) {
    if (PADDING == 1) return (IN + STRIDE - 1) \ STRIDE;
    return (IN - K) \ STRIDE + 1;
}

function poolPadBefore(IN, K, STRIDE, PADDING) {
    if (PADDING == 0) return 0;
    var total = (poolOutSize(IN, K, STRIDE, PADDING) - 1) * STRIDE + K - IN;
    if (total < 0) return 0;
    return total \ 2;
}

// First real input index of window o.
function poolLo(o, IN, K, STRIDE, PADDING) {
    var start = o * STRIDE - poolPadBefore(IN, K, STRIDE, PADDING);
    if (start < 0) return 0;
    return start;
}

// One past the last real input index of window o.
function poolHi(o, IN, K, STRIDE, PADDING) {
    var end = o * STRIDE - poolPadBefore(IN, K, STRIDE, PADDING) + K;
    if (end > IN) return IN;
    return end;
}
