pragma circom 2.2.3;

// Dense(N_IN, N_OUT): fully connected layer with private weights (Keras Dense without activation).
//   out[j] = Σ_i in[i]·weights[i][j] + bias[j]        (weights in Keras's kernel layout [N_IN][N_OUT])
//   in      : field elements, meant as signed fixed point at scale s_in.
//   weights : private, scale s_w.  bias : private, scale s_in + s_w (already on the accumulator's scale).
//   out     : the exact accumulator at scale s_in + s_w, as a field element; it equals the integer sum
//             whenever |Σ| < p/2.
// One product signal prod[i][j] per multiply-accumulate, pinned by prod === in·weight; the sum is linear.
// No prover-supplied value exists (no `<--`).
// Constraints at --O2: N_IN·N_OUT (one per MAC; --O2 folds the linear sum into one of the products).
// Caller must still: range-check out (normally the next Rescale(B, S), whose bit decomposition is the
// range check) with B large enough for the worst case |in|·|w|·N_IN + |bias|; bind the weights and bias to
// the committed model; no rescale and no rounding happen here.
template Dense(N_IN, N_OUT) {
    assert(N_IN >= 1);  // N_IN: number of inputs, must be at least 1
    assert(N_OUT >= 1); // N_OUT: number of outputs (units), must be at least 1

    signal input in[N_IN];
    signal input weights[N_IN][N_OUT];
    signal input bias[N_OUT];
    signal output out[N_OUT];

    signal prod[N_IN][N_OUT];
    for (var j = 0; j < N_OUT; j++) {
        var acc = bias[j];
        for (var i = 0; i < N_IN; i++) {
            prod[i][j] <== in[i] * weights[i][j];
            acc += prod[i][j];
        }
        out[j] <== acc;
    }
}
