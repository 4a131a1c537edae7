pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// ByteToFixed(F): a pixel byte v ∈ [0, 256) as the model's fixed-point input with F fractional bits,
// out = round(v · 2^F / 255) (the float input v / 255, quantized; docs/PROTOCOL.md §6). No exact
// ties exist (255 is odd and v·2^F/255 is an integer only for v ∈ {0, 255}), so the rounding
// direction at .5 never matters.
//   in  : the 8 bits of v, least significant first, each ALREADY pinned to {0, 1} by the caller
//         (BytesUnpack's bits); v = Σ in[i]·2^i.
//   out : round(v · 2^F / 255), in [0, 2^F].
// F ≡ 0 (mod 8): 2^F = 255·q + 1 with q = (2^F - 1) / 255, so v·2^F/255 = v·q + v/255 and
//   out = v·q + [v ≥ 128] = v·q + in[7]: linear, no constraint (F = 8: v + bit7; F = 0: bit7).
// Otherwise a pinned division: out = floor((v·2^F + 127) / 255) (= round, since the numerator of
//   (v·2^(F+1) + 255) / 510 is odd), with the prover-supplied quotient out and remainder r:
//   v·2^F + 127 = 255·out + r          (linear, folded)
//   r ∈ [0, 256)                       Num2Bits(8)
//   r ≠ 255                            (r - 255)·inv = 1, inv pinned as the unique inverse
//   out ∈ [0, 2^(F+1))                 Num2Bits(F + 1)
//   Both sides are then integers below 255·2^(F+1) + 255 < p, so the equation holds over the
//   integers and (out, r) is the unique quotient and remainder.
// Constraints: 0 if F % 8 == 0, else F + 10. ByteToFixed(7) = 17.
// Prover-supplied values: none (F % 8 == 0); out, r, inv and the bits (otherwise), pinned as above.
// Caller must still: pin in[i] ∈ {0, 1} (this template does not, so as to reuse the unpacking bits).
template ByteToFixed(F) {
    assert(F >= 0 && F <= 64); // F: fractional bits of the model input, must be in [0, 64]
    signal input in[8];
    signal output out;

    var v = 0;
    for (var i = 0; i < 8; i++) v += in[i] * (1 << i);
    if (F % 8 == 0) {
        out <== v * (((1 << F) - 1) \ 255) + in[7];
    } else {
        var num = v * (1 << F) + 127;
        out <-- num \ 255;
        signal r;
        r <-- num % 255;
        num === 255 * out + r;
        component rBits = Num2Bits(8);
        rBits.in <== r;
        signal inv;
        inv <-- 1 / (r - 255);
        (r - 255) * inv === 1;
        component outBits = Num2Bits(F + 1);
        outBits.in <== out;
    }
}
