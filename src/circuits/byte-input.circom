pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "byte-to-fixed.circom";

// ByteInput(N, F): a model input of N bytes (a picture's pixels, value = byte / 255) as the model's
// fixed-point integers with F fractional bits (docs/PROTOCOL.md §3, `encoding: "u8"`).
//   in  : N bytes; a value outside [0, 256) makes the witness unsatisfiable.
//   out : out[i] = round(in[i] · 2^F / 255) (ByteToFixed(F)), in [0, 2^F].
// Each byte is decomposed by Num2Bits(8): 8 boolean constraints, the recomposition pins the bits to
// in[i] (2^8 < p, unique); ByteToFixed then reads those pinned bits (for F ≡ 0 mod 8 it is linear:
// v·(2^F − 1)/255 + bit7, so a forged bit 7 breaks the recomposition, a forged out breaks nothing it
// could satisfy: out is not a free signal).
// Constraints: N · (8 + ByteToFixed(F)) = 8N when F % 8 == 0. ByteInput(784, 8) = 6272.
// Prover-supplied values: the Num2Bits bits, pinned as above (and ByteToFixed's when F % 8 != 0).
// Caller must still: use out as the model input, and make in public or commit to it.
template ByteInput(N, F) {
    assert(N >= 1);            // N: number of input bytes, must be at least 1
    assert(F >= 0 && F <= 64); // F: fractional bits of the model input, must be in [0, 64]
    signal input in[N];
    signal output out[N];

    component bits[N];
    component fixed[N];
    for (var i = 0; i < N; i++) {
        bits[i] = Num2Bits(8);
        bits[i].in <== in[i];
        fixed[i] = ByteToFixed(F);
        fixed[i].in <== bits[i].out;
        out[i] <== fixed[i].out;
    }
}
