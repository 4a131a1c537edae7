pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// Smallest K with 2^K >= D (the bit width of a remainder 0 <= r < D).
function divFloorBits(D) {
    var k = 0;
    while ((1 << k) < D) k++;
    return k;
}

// DivFloor(B, D): floor division of a signed value by the constant D >= 1, rounding towards −∞.
//   in  : signed, in [-2^(B-1)·D, 2^(B-1)·D) (e.g. a sum of D signed B-bit values); any other value
//         makes the witness unsatisfiable.
//   out : q = floor(in / D), signed B-bit, in [-2^(B-1), 2^(B-1)).
// With K = ceil(log2 D):
// * D = 2^K (D = 1 included): one Num2Bits(B+K) of in + 2^(B-1+K) gives everything at once, as in
//   Rescale: the low K bits are the remainder, the high B bits are q offset by 2^(B-1).
//   Constraints: B + K.
// * otherwise the prover supplies q (= out) and the remainder rem, and
//     in === q·D + rem                      linear (D is a constant): free
//     Num2Bits(B) of q + 2^(B-1)            q is signed B-bit
//     Num2Bits(K) of rem                    rem >= 0
//     Num2Bits(K) of rem + 2^K - D          rem <= D - 1
//   Constraints: B + 2K.
//   All three checks are needed. Without rem < D the prover could move −D into the remainder and
//   claim q + 1 (the circomlib-ml forgery). Without the check on q, any other rem' in [0, D) has a
//   field element q' = (in − rem')/D that satisfies the linear equation. With both, (q, rem) is
//   unique: two solutions would give (q−q')·D = rem'−rem with |(q−q')·D| >= D > |rem'−rem| as
//   integers, and no wrap-around since 2^B·D + D < p (B + K <= 252).
// Prover-supplied values: out and rem (D not a power of two) or the bits (D a power of two), all
// pinned as above. No prover-chosen value is left free.
// Caller must still: choose B so that the quotient fits (for an average of signed B-bit values,
// the same B), and add floor(D/2) to in beforehand if round-half-up is wanted.
template DivFloor(B, D) {
    assert(D >= 1);                     // D: divisor, must be at least 1
    assert(B >= 1 && B <= 251);         // B: bit width of the signed quotient, must be in [1, 251]
    var K = divFloorBits(D);
    assert(B + K <= 252);               // D: divisor too large for B, needs B + ceil(log2 D) <= 252
    signal input in;
    signal output out;

    if ((1 << K) == D) {
        component bits = Num2Bits(B + K);
        bits.in <== in + (1 << (B - 1 + K));
        var q = 0;
        for (var i = K; i < B + K; i++) q += bits.out[i] * (1 << (i - K));
        out <== q - (1 << (B - 1));
    } else {
        signal rem;
        var off = (1 << (B - 1)) * D;   // makes the dividend non-negative for the witness computation
        out <-- (in + off) \ D - (1 << (B - 1));
        rem <-- (in + off) % D;
        in === out * D + rem;
        component qBits = Num2Bits(B);
        qBits.in <== out + (1 << (B - 1));
        component remLo = Num2Bits(K);
        remLo.in <== rem;
        component remHi = Num2Bits(K);
        remHi.in <== rem + (1 << K) - D;
    }
}
