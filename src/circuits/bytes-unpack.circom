pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// BytesUnpack(N): N field elements, each the big-endian unsigned integer of 31 bytes, split into their
// 31·N bytes (docs/PROTOCOL.md §4: payload element d_j holds bytes [31j, 31j + 31)).
//   in   : N field elements; each must be < 2^248 (31 bytes), else the witness is unsatisfiable.
//   out  : out[31j + u] = byte u of in[j], big-endian (u = 0 is the most significant byte), in [0, 256).
//   bits : bits[t][i] = bit i (least significant first) of out[t], each in {0, 1}; given so that the
//          caller can use a byte's bits (e.g. ByteToFixed) without decomposing it again.
// One Num2Bits(248) per element: 248 boolean constraints, and the recomposition (linear, folded) pins
// the bits to in; 2^248 < p, so the decomposition is unique and every byte is in [0, 256).
// Constraints: 248·N. BytesUnpack(254) = 62992.
// Prover-supplied values: the bits (Num2Bits), pinned as above; out and bits are linear in them.
// Caller must still: nothing for soundness; bind in to whatever commits to it (BatchLeaf).
template BytesUnpack(N) {
    assert(N >= 1); // N: number of 31-byte elements, must be at least 1
    signal input in[N];
    signal output out[31 * N];
    signal output bits[31 * N][8];

    component n2b[N];
    for (var j = 0; j < N; j++) {
        n2b[j] = Num2Bits(248);
        n2b[j].in <== in[j];
        for (var u = 0; u < 31; u++) {
            var byte = 0;
            for (var i = 0; i < 8; i++) {
                bits[31 * j + u][i] <== n2b[j].out[8 * (30 - u) + i];
                byte += n2b[j].out[8 * (30 - u) + i] * (1 << i);
            }
            out[31 * j + u] <== byte;
        }
    }
}
