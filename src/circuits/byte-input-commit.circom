pragma circom 2.2.3;
include "byte-input.circom";
include "poseidon-commit.circom";

// ByteInputCommit(N, F, TAG): a model input of N bytes (value = byte / 255) as the model's fixed-point
// integers, and the domain-separated commitment to the bytes themselves (docs/PROTOCOL.md §3,
// `encoding: "u8"`): what a verifier holding the picture recomputes.
//   in         : N bytes; a value outside [0, 256) makes the witness unsatisfiable.
//   out        : out[i] = round(in[i] · 2^F / 255) (ByteInput(N, F)).
//   commitment : PoseidonCommit(TAG, limb[0], ..., limb[M-1]).
// With D = 31 bytes per limb (8-bit digits, 248 bits < 253), M = ceil(N / 31):
//   limb[j] = sum_{t < 31, 31j+t < N} in[31j + t] * 2^(8t)     (little-endian, linear)
// Every in[i] is proven a byte by ByteInput's Num2Bits(8), so (in[0..N)) -> (limb[0..M)) is injective;
// TAG (a constant: the hash of the input descriptor, with its encoding) says how to read the limbs.
// These are InputCommit(N, 0, 255, TAG)'s limbs: the same packing, with the byte bits reused.
// Constraints: N · (8 + ByteToFixed(F)) + PoseidonCommit(M + 1) - 3 (TAG is a constant lane).
//   ByteInputCommit(784, 8, TAG) = 6272 + PoseidonCommit(27) - 3 = 7,368.
// Prover-supplied values: ByteInput's bits, pinned there.
// Caller must still: publish or compare commitment, and use out as the model input.
template ByteInputCommit(N, F, TAG) {
    assert(N >= 1);            // N: number of input bytes, must be at least 1
    assert(F >= 0 && F <= 64); // F: fractional bits of the model input, must be in [0, 64]
    var D = 31;
    var M = (N + D - 1) \ D;
    signal input in[N];
    signal output out[N];
    signal output commitment;

    component bytes = ByteInput(N, F);
    bytes.in <== in;
    out <== bytes.out;

    var limb[M];
    for (var j = 0; j < M; j++) limb[j] = 0;
    for (var i = 0; i < N; i++) limb[i \ D] += in[i] * (1 << (8 * (i % D)));
    component commit = PoseidonCommit(M + 1);
    commit.in[0] <== TAG;
    for (var j = 0; j < M; j++) commit.in[j + 1] <== limb[j];
    commitment <== commit.out;
}
