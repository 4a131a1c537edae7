pragma circom 2.2.3;

// Add(N): Keras Add of two tensors (flattened to N values, e.g. a residual connection).
//   a, b : a[N], b[N], signed values AT THE SAME SCALE (same fixed-point exponent).
//   out  : out[N] = a + b; signed B-bit operands give a signed (B+1)-bit sum.
// Constraints: 0 (linear).
// Prover-supplied values: none.
// Caller must still: bring both operands to the same scale first (a raw accumulator and a rescaled
// activation are not at the same scale), and range-check / rescale the sum with one more bit than
// the operands (e.g. Rescale(B+1, S)).
template Add(N) {
    assert(N >= 1);   // N: number of values, must be at least 1
    signal input a[N];
    signal input b[N];
    signal output out[N];

    for (var i = 0; i < N; i++) out[i] <== a[i] + b[i];
}
